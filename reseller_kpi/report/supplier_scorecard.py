"""Supplier scorecard: twelve months of a vendor's stored delivery KPIs, its grade and its late receipts.

Nothing is recomputed: the months are the stored monthly values of the vendor
(one read for every vendor printed), the grade is the one the nightly refresh
stores on the partner, and the late receipts are the records the stored
on-time rate counts, read with the drill-down's member condition (one query
for every vendor printed).
"""

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, format_date

from ..engine import display
from ..engine.periods import period_of
from ..models import kpi_arguments as arguments
from ..models import kpi_display
from ..models.reseller_kpi_value import period_label
from .supplier_scorecard_chart import bar_chart

SCORECARD_CODES = (
    "supplier.otd_rate",
    "supplier.otif_rate",
    "supplier.fill_rate",
    "supplier.delay_days",
    "supplier.lead_days",
    "supplier.return_rate",
)
MONTHS = 12
LATE_RECEIPTS = ("supplier.otd_rate", "supplier:late_receipts")


def report_months(env, company, data):
    """The months a report covers, oldest first, ending with `data["month"]` (any day of it) or else
    with the last complete month of the company."""
    chosen = (data or {}).get("month")
    if chosen:
        last = period_of(arguments.kpi_day(env, chosen, required=True), "month")
    else:
        last = period_of(env["reseller.kpi.value"]._today(company), "month").previous()
    months = [last]
    for _index in range(MONTHS - 1):
        months.insert(0, months[0].previous())
    return months


class ReportSupplierScorecard(models.AbstractModel):
    _name = "report.reseller_kpi.report_supplier_scorecard"
    _description = "Reseller KPIs: supplier scorecard"

    @api.model
    def _get_report_values(self, docids, data=None):
        if not (
            self.env.user.has_group("purchase.group_purchase_user")
            and self.env.user.has_group("reseller_kpi.group_user")
        ):
            raise AccessError(self.env._("The supplier scorecard is for KPI users with purchase access."))
        company = self.env.company
        months = report_months(self.env, company, data)
        partners = self.env["res.partner"].browse(docids).with_company(company)
        vendors = partners.commercial_partner_id
        values = self._stored_values(company, months, vendors)
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        labels = dict(self.env["reseller.kpi.value"]._fields["kpi_code"]._description_selection(self.env))
        metrics = [{"kpi": registry.kpi(code), "label": labels[code].split(" · ")[-1]} for code in SCORECARD_CODES]
        texts = kpi_display.locale(self.env, company.currency_id)
        late = self._late_receipts(company, values, months[-1], vendors, texts)
        month_labels = [format_date(self.env, month.date_start, date_format="MMM y") for month in months]
        initials = [format_date(self.env, month.date_start, date_format="MMMMM") for month in months]
        sections = []
        for partner in partners:
            vendor = partner.commercial_partner_id
            rows = values.get(vendor.id, {})
            sections.append(
                {
                    "partner": partner,
                    "vendor": vendor,
                    "grade": vendor.reseller_kpi_supplier_grade or False,
                    "otd_12m": display.value(texts, "percent", vendor.reseller_kpi_otd_rate)
                    if vendor.reseller_kpi_supplier_grade
                    else display.EMPTY,
                    "metrics": [
                        self._metric(
                            metric, [rows.get((metric["kpi"].code, m.date_start)) for m in months], initials, texts
                        )
                        for metric in metrics
                    ],
                    "months": [
                        {
                            "label": month_label,
                            "cells": [
                                display.value(texts, metric["kpi"].unit, rows.get((metric["kpi"].code, m.date_start)))
                                for metric in metrics
                            ],
                        }
                        for m, month_label in zip(months, month_labels, strict=True)
                    ],
                    "late_receipts": late.get(vendor.id, []),
                }
            )
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "company": company,
            "sections": sections,
            "metrics": metrics,
            "period_label": period_label(self.env, months[-1]),
            "first_label": period_label(self.env, months[0]),
        }

    @api.model
    def _stored_values(self, company, months, vendors):
        """{vendor id: {(code, month start): value or None}} of every vendor, in one read through the
        record rules; the stored value record of the last month's on-time rate is kept for its records."""
        stored = self.env["reseller.kpi.value"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("period_type", "=", "month"),
                ("date_start", "in", [month.date_start for month in months]),
                ("kpi_code", "in", list(SCORECARD_CODES)),
                ("res_model", "=", "res.partner"),
                ("res_id", "in", vendors.ids),
            ],
            ["kpi_code", "date_start", "res_id", "value", "has_value", "period_type", "date_end", "company_id"],
        )
        result = {}
        for row in stored:
            result.setdefault(row.res_id, {})[(row.kpi_code, row.date_start)] = row.value if row.has_value else None
            if (row.kpi_code, row.date_start) == (LATE_RECEIPTS[0], months[-1].date_start):
                result[row.res_id]["record"] = row
        return result

    @api.model
    def _metric(self, metric, numbers, initials, texts):
        kpi = metric["kpi"]
        return {
            "label": metric["label"],
            "last": display.value(texts, kpi.unit, numbers[-1]),
            # on-time, in-full and fill rates on their full 0-100 scale; returns, days on their own
            "chart": bar_chart(
                numbers, initials, maximum=100.0 if kpi.unit == "percent" and kpi.higher_is_better else None
            ),
        }

    @api.model
    def _late_receipts(self, company, values, month, vendors, texts):
        """{vendor id: [late receipt]}: the moves the stored on-time rate of `month` counts as late, with
        the due and done days of the KPI's own facts (tolerance and time zone included).

        One query for every vendor whose stored rate the reader may read: the drill-down's member set
        (its facts and condition) for the company, kept to those vendors."""
        collector = self.env["reseller.kpi.collector"]
        kpi = collector._kpi_registry().kpi(LATE_RECEIPTS[0])
        record_set = next(rs for rs in kpi.records if rs.ref == LATE_RECEIPTS[1])
        vendor_ids = [vendor.id for vendor in vendors if values.get(vendor.id, {}).get("record")]
        if not vendor_ids:
            return {}
        family = collector._family(record_set.family)
        members = family._kpi_member_sets[record_set.member_set]
        facts = getattr(family, members.facts)(collector._scope(company, month))
        self.env.flush_all()
        rows = collector._fetch(
            SQL(
                """SELECT f.move_id, f.vendor_id, f.qty, f.done_day, f.due_day
                     FROM (%s) f
                    WHERE %s AND f.vendor_id = ANY(%s)""",
                facts,
                members.condition,
                vendor_ids,
            )
        )
        by_id = {move.id: move for move in self.env["stock.move"].browse([row["move_id"] for row in rows])}
        result = {}
        for row in sorted(rows, key=lambda r: (r["done_day"], r["move_id"])):
            move = by_id[row["move_id"]]
            result.setdefault(row["vendor_id"], []).append(
                {
                    "reference": move.reference or move.name,
                    "order": move.purchase_line_id.order_id.name,
                    "product": move.product_id.display_name,
                    "quantity": display.value(texts, "quantity", row["qty"]),
                    "uom": move.product_id.uom_id.name,
                    "due": format_date(self.env, row["due_day"]),
                    "done": format_date(self.env, row["done_day"]),
                    "days_late": (row["done_day"] - row["due_day"]).days,
                }
            )
        return result
