from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_date

from ..engine import display
from ..engine.codes import REGISTRY
from ..engine.periods import local_date, period_of
from . import kpi_display
from .reseller_kpi_collector import company_tz


class DigestDigest(models.Model):
    """KPIs of the periodic digest e-mail, read from the stored history (never recomputed).

    Each shows the company-wide value of the month holding the day before the digest's end
    (the company's local date), against the month before; see the readme (USAGE).
    """

    _inherit = "digest.digest"

    kpi_reseller_churn_rate = fields.Boolean(REGISTRY.kpi("customers.churn_rate").label)
    kpi_reseller_churn_rate_value = fields.Float(compute="_compute_kpi_reseller_churn_rate_value")
    kpi_reseller_margin_rate = fields.Boolean(REGISTRY.kpi("margin.rate").label)
    kpi_reseller_margin_rate_value = fields.Float(compute="_compute_kpi_reseller_margin_rate_value")
    kpi_reseller_supplier_otd_rate = fields.Boolean(REGISTRY.kpi("supplier.otd_rate").label)
    kpi_reseller_supplier_otd_rate_value = fields.Float(compute="_compute_kpi_reseller_supplier_otd_rate_value")

    def _reseller_kpi_digest_codes(self):
        """{digest KPI field: KPI code}; add-ons add theirs."""
        return {
            "kpi_reseller_churn_rate": "customers.churn_rate",
            "kpi_reseller_margin_rate": "margin.rate",
            "kpi_reseller_supplier_otd_rate": "supplier.otd_rate",
        }

    def _compute_kpi_reseller_churn_rate_value(self):
        self._reseller_kpi_compute_digest_value("kpi_reseller_churn_rate")

    def _compute_kpi_reseller_margin_rate_value(self):
        self._reseller_kpi_compute_digest_value("kpi_reseller_margin_rate")

    def _compute_kpi_reseller_supplier_otd_rate_value(self):
        self._reseller_kpi_compute_digest_value("kpi_reseller_supplier_otd_rate")

    # ------------------------------------------------------------------ stored values
    def _reseller_kpi_compute_digest_value(self, field_name):
        """The stored value for the digest's period (see _reseller_kpi_digest_month); 0 when empty,
        which the e-mail shows as "—" (_compute_kpis)."""
        _start, end, _companies = self._get_kpi_compute_parameters()
        end = fields.Datetime.to_datetime(end) or fields.Datetime.now()
        code = self._reseller_kpi_digest_codes()[field_name]
        for digest in self:
            value = digest._reseller_kpi_stored_value(code, digest._reseller_kpi_digest_month(end))
            digest[f"{field_name}_value"] = value or 0.0

    def _reseller_kpi_company(self):
        self.ensure_one()
        return self.company_id or self.env.company

    def _reseller_kpi_digest_month(self, end):
        """The month holding the day before `end` (naive UTC) in the company's time zone: a digest
        sent on the 1st shows the month just closed, not one day of the new month."""
        company = self._reseller_kpi_company()
        return period_of(local_date(end, company_tz(company)) - timedelta(days=1), "month")

    def _reseller_kpi_stored_value(self, code, month):
        """The company-wide stored value of `code` for `month`, None when empty or not computed.

        Read as the current user (the digest renders each recipient's e-mail as that recipient):
        a value hidden by the KPI record rules (supplier figures without Purchase rights, finance
        figures without a finance role, salespeople limited to their own figures) raises
        AccessError, which makes the digest leave the KPI out of that recipient's e-mail."""
        Value = self.env["reseller.kpi.value"]
        domain = [
            ("kpi_code", "=", code),
            ("company_id", "=", self._reseller_kpi_company().id),
            ("period_type", "=", "month"),
            ("date_start", "=", month.date_start),
            ("res_model", "=", False),
        ]
        stored = Value.search(domain, limit=1)
        if not stored and Value.sudo().search_count(domain, limit=1):
            raise AccessError(self.env._("You may not read this KPI: it is left out of your digest."))
        return stored.value if stored.has_value else None

    # ------------------------------------------------------------------ e-mail
    def _compute_kpis(self, company, user):
        """One cell per reseller KPI instead of Odoo's three (last 24 hours, 7 days, 30 days), which
        would repeat the same monthly value: the month's value, named, with the month before."""
        kpis = super()._compute_kpis(company, user)
        codes = self._reseller_kpi_digest_codes()
        ours = [kpi for kpi in kpis if kpi["kpi_name"] in codes]
        if not ours:
            return kpis
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        _label, ((_start, now), _previous) = self._compute_timeframes(company)[0]
        digest = self.with_user(user).with_company(company)
        month = digest._reseller_kpi_digest_month(fields.Datetime.to_datetime(fields.Datetime.to_string(now)))
        hidden = set()
        texts = kpi_display.locale(digest.env, company.currency_id)
        for kpi in ours:
            code = codes[kpi["kpi_name"]]
            unit, higher_is_better = registry.kpi(code).unit, registry.kpi(code).higher_is_better
            try:
                value = digest._reseller_kpi_stored_value(code, month)
                previous = digest._reseller_kpi_stored_value(code, month.previous())
            except AccessError:
                hidden.add(kpi["kpi_name"])
                continue
            margin = 0.0
            # the digest paints every rise green: shown only where a rise is good news; Odoo's relative
            # change from a negative base (an NPS below 0) has the wrong sign
            if value is not None and previous is not None and previous > 0 and higher_is_better:
                margin = self._get_margin_value(value, previous)
            kpi["kpi_col1"] = kpi["kpi_col2"] = {}
            kpi["kpi_col3"] = {
                "value": display.value(texts, unit, value),
                "margin": margin,
                "col_subtitle": self.env._(
                    "%(month)s (previous month: %(previous)s)",
                    month=format_date(digest.env, month.date_start, date_format="MMMM y"),
                    previous=display.value(texts, unit, previous),
                ),
            }
        return [kpi for kpi in kpis if kpi["kpi_name"] not in hidden]

    def _compute_kpis_actions(self, company, user):
        actions = super()._compute_kpis_actions(company, user)
        if user.has_group("reseller_kpi.group_user"):
            menu = self.env.ref("reseller_kpi.reseller_kpi_menu_root")
            for field_name in self._reseller_kpi_digest_codes():
                actions[field_name] = f"reseller_kpi.reseller_kpi_value_action?menu_id={menu.id}"
        return actions
