"""One firing of a KPI alert: a rule, a period and a dimension value, never twice.

It keeps what fired (the figure, the reference it was judged against, in the words of the day) and
the key of the stored value, not the value's row: a refresh replaces the rows of a period, and the
activity's link opens the records behind the figure stored at the time it is followed.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import alerts, display
from ..engine.periods import Period
from . import kpi_display
from .reseller_kpi_alert import CONDITION_SELECTION
from .reseller_kpi_value import PERIOD_TYPE_SELECTION, period_label

ACTIVITY_TYPE_XMLID = "reseller_kpi.mail_activity_type_kpi_alert"
# the server action that opens an event's records: /odoo/<event id>/kpi-alert-records
RECORDS_PATH = "kpi-alert-records"


class ResellerKpiAlertEvent(models.Model):
    _name = "reseller.kpi.alert.event"
    _description = "Reseller KPI alert firing"
    _inherit = ["reseller.kpi.coded", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _rec_name = "message"

    alert_id = fields.Many2one("reseller.kpi.alert", required=True, readonly=True, index=True, ondelete="cascade")
    rule_version = fields.Integer(readonly=True, default=1, help="The version of the rule that fired.")
    condition = fields.Selection(CONDITION_SELECTION, readonly=True)
    kpi_code = fields.Selection(readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    period_type = fields.Selection(PERIOD_TYPE_SELECTION, required=True, readonly=True)
    date_start = fields.Date(required=True, readonly=True)
    date_end = fields.Date(required=True, readonly=True)
    res_model = fields.Char("Dimension model", readonly=True)
    res_id = fields.Many2oneReference("Dimension record", model_field="res_model", readonly=True)
    dimension_name = fields.Char("Dimension", readonly=True)
    value = fields.Float(readonly=True)
    reference = fields.Float(readonly=True, help="The threshold, target, previous value or band limit.")
    message = fields.Char(readonly=True)
    recipient_ids = fields.Many2many("res.users", string="Told", readonly=True)
    not_told_ids = fields.Many2many(
        "res.users",
        "reseller_kpi_alert_event_not_told_rel",
        string="Not told",
        readonly=True,
        help="Recipients of the rule who may not read this figure.",
    )

    def init(self):
        # the key before rules had versions
        self.env.cr.execute(SQL("DROP INDEX IF EXISTS reseller_kpi_alert_event_once_idx"))
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS reseller_kpi_alert_event_version_once_idx
                       ON reseller_kpi_alert_event (alert_id, rule_version, period_type, date_start,
                                                    COALESCE(res_model, ''), COALESCE(res_id, 0))"""
            )
        )

    # ------------------------------------------------------------------ firing
    @api.model
    def _fire(self, alert, period, row, value, firing):
        """Record one firing of `alert` for the stored `row`, tell each recipient who may read it with an
        activity due the next working day, and post it in the rule's chatter."""
        key = (row["res_model"] or False, row["res_id"] or 0)
        candidates = alert._recipients(*key)
        probe = {
            "kpi_code": alert.kpi_code,
            "company_id": alert.company_id.id,
            "period_type": period.period_type,
            "date_start": period.date_start,
            "date_end": period.date_end,
            "res_model": key[0],
            "res_id": key[1],
        }
        told = candidates.filtered(lambda user: self._may_read(user, probe))
        if not told and alert.recipient_mode == "dimension" and key[0]:
            # the value's person may not read it (a buyer without the KPI app): the KPI managers are told
            managers = alert._recipients(False, 0)
            told = managers.filtered(lambda user: self._may_read(user, probe))
        event = (
            self.sudo()
            .with_context(mail_create_nolog=True)
            .create(
                dict(
                    probe,
                    alert_id=alert.id,
                    rule_version=alert.version,
                    condition=alert.condition,
                    dimension_name=row["dimension_name"] or False,
                    value=value,
                    reference=firing.reference or 0.0,
                    recipient_ids=[fields.Command.set(told.ids)],
                    not_told_ids=[fields.Command.set((candidates - told).ids)],
                )
            )
        )
        lang = alert.company_id.partner_id.lang or "en_US"
        event.message = event.with_context(lang=lang)._describe(firing)
        deadline = self._deadline(alert.company_id)
        for user in told:
            reader = event.with_context(lang=user.lang or lang)
            event.activity_schedule(
                ACTIVITY_TYPE_XMLID,
                date_deadline=deadline,
                summary=reader._describe(firing, short=True),
                note=reader._note(firing),
                user_id=user.id,
            )
        alert.with_context(lang=lang)._post_firing(event, told, candidates - told)
        return event

    @api.model
    def _may_read(self, user, key):
        """Whether `user` may read the stored value of `key` (its family, their own figures on own
        documents, their companies): an alert is never sent to someone the dashboard would not show it."""
        if key["company_id"] not in user.company_ids.ids:
            return False
        Value = self.env["reseller.kpi.value"].with_user(user).with_context(allowed_company_ids=[key["company_id"]])
        if not Value.has_access("read"):
            return False
        return bool(Value.search_count(self._value_domain(key), limit=1))

    @api.model
    def _value_domain(self, key):
        """The domain of the one stored value of `key` (code, company, period, dimension)."""
        domain = [
            (field, "=", key[field]) for field in ("kpi_code", "company_id", "period_type", "date_start", "date_end")
        ]
        if key["res_model"]:
            return [*domain, ("res_model", "=", key["res_model"]), ("res_id", "=", key["res_id"])]
        return [*domain, ("res_model", "=", False)]

    @api.model
    def _deadline(self, company):
        """The next working day of the company's calendar (Monday to Friday without one)."""
        today = self.env["reseller.kpi.value"]._today(company)
        calendar = company.resource_calendar_id if "resource_calendar_id" in company._fields else None
        weekdays = {int(day) for day in calendar.attendance_ids.mapped("dayofweek")} if calendar else set()
        return alerts.next_working_day(today, weekdays or (0, 1, 2, 3, 4))

    # ------------------------------------------------------------------ words
    def _describe(self, firing, short=False):
        """The firing in one sentence, in the language of the context."""
        self.ensure_one()
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        kpi = registry.kpi(self.kpi_code)
        texts = kpi_display.locale(self.env, self.company_id.currency_id)
        labels = dict(self._fields["kpi_code"]._description_selection(self.env))
        label = labels.get(self.kpi_code, kpi.label).split(" · ")[-1]
        subject = self.env._("%(kpi)s of %(period)s", kpi=label, period=period_label(self.env, self._period()))
        if self.dimension_name:
            subject = self.env._("%(subject)s (%(dimension)s)", subject=subject, dimension=self.dimension_name)
        value = display.value(texts, kpi.unit, self.value)
        reference = display.value(texts, kpi.unit, firing.reference)
        condition = self.condition
        if condition == "below":
            what = self.env._("%(value)s, below %(reference)s", value=value, reference=reference)
        elif condition == "above":
            what = self.env._("%(value)s, above %(reference)s", value=value, reference=reference)
        elif condition in ("target_red", "target_amber"):
            what = self.env._("%(value)s, target %(reference)s not met", value=value, reference=reference)
        elif condition in ("change_points", "change_percent"):
            what = self.env._("%(value)s, against %(reference)s the period before", value=value, reference=reference)
        else:
            what = self.env._(
                "%(value)s, outside the band of the last 12 periods (mean %(mean)s, limit %(reference)s)",
                value=value,
                mean=display.value(texts, kpi.unit, firing.mean),
                reference=reference,
            )
        if short:
            return self.env._("%(kpi)s: %(what)s", kpi=label, what=what)
        return self.env._("%(subject)s: %(what)s.", subject=subject, what=what)

    def _records_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/odoo/{self.id}/{RECORDS_PATH}"

    def _note(self, firing):
        self.ensure_one()
        return Markup("<p>%s</p><p>%s</p><p><a href='%s'>%s</a></p>") % (
            self._describe(firing),
            self.env._("Alert: %s", self.alert_id.name),
            self._records_url(),
            self.env._("Open the records behind this figure"),
        )

    # ------------------------------------------------------------------ drill-down
    def _period(self):
        self.ensure_one()
        return Period(self.period_type, self.date_start, self.date_end)

    @api.model
    def _action_open_link(self, event_id):
        """The records behind the firing of an activity's link (/odoo/<firing id>/kpi-alert-records)."""
        event = self.browse(event_id if isinstance(event_id, int) and not isinstance(event_id, bool) else [])
        if not event.exists() or not event.has_access("read"):
            raise UserError(self.env._("This alert no longer exists, or it was not sent to you."))
        return event.action_open_records()

    def action_open_records(self):
        """The records behind the figure as it is stored now, opened as the user (their rights apply)."""
        self.ensure_one()
        key = {
            "kpi_code": self.kpi_code,
            "company_id": self.company_id.id,
            "period_type": self.period_type,
            "date_start": self.date_start,
            "date_end": self.date_end,
            "res_model": self.res_model or False,
            "res_id": self.res_id or 0,
        }
        value = self.env["reseller.kpi.value"].search(self._value_domain(key), limit=1)
        if not value:
            raise UserError(
                self.env._(
                    "The figure of this alert is no longer stored (or you may not read it): recompute %s.",
                    period_label(self.env, self._period()),
                )
            )
        return value.action_open_records()
