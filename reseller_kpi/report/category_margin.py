"""Margin by category: the category tree with the stored revenue, margin and margin rate of a month
against the previous month.

A category's stored values already include its descendants (the contract's
category roll-up): the report reads them, it never adds children up.
"""

from odoo import api, models
from odoo.tools import format_date

from ..engine import display
from ..engine.comparison import change
from ..models import kpi_display
from ..models.reseller_kpi_value import period_label
from .supplier_scorecard import report_months

CATEGORY_CODES = ("sales.revenue", "margin.amount", "margin.rate")


class ReportCategoryMargin(models.AbstractModel):
    _name = "report.reseller_kpi.report_category_margin"
    _description = "Reseller KPIs: margin by category"

    @api.model
    def _get_report_values(self, docids, data=None):
        company = self.env.company
        month = report_months(self.env, company, data)[-1]
        previous = month.previous()
        Category = self.env["product.category"]
        # the chosen categories and their subcategories; every category when none is chosen
        chosen = Category.browse(docids)
        categories = Category.search([("id", "child_of", chosen.ids)] if chosen else [])
        stored = self._stored_values(company, (month, previous), categories)
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        kpis = {code: registry.kpi(code) for code in CATEGORY_CODES}
        currency = company.currency_id
        texts = kpi_display.locale(self.env, currency)
        shown = categories.filtered(lambda category: category.id in stored)
        ancestor_ids = {int(part) for category in shown for part in category.parent_path.split("/") if part}
        names = {category.id: category.name for category in Category.browse(ancestor_ids)}
        depth_base = min((len(c.parent_path.split("/")) for c in shown), default=0)
        rows = []
        for category in shown:
            path = [int(part) for part in category.parent_path.split("/") if part]
            values = stored[category.id]
            rows.append(
                {
                    "category": category,
                    # sorted like the tree: each ancestor's name, then its own
                    "sort_key": [(names[ancestor].lower(), ancestor) for ancestor in path],
                    "indent": len(category.parent_path.split("/")) - depth_base,
                    "cells": self._cells(values, month, previous, kpis, texts),
                }
            )
        rows.sort(key=lambda row: row["sort_key"])
        company_values = self._stored_values(company, (month, previous), None).get(False, {})
        return {
            "doc_ids": docids,
            "doc_model": "product.category",
            "docs": chosen,
            "company": company,
            "currency": currency,
            "rows": rows,
            "total": self._cells(company_values, month, previous, kpis, texts) if company_values else None,
            "period_label": period_label(self.env, month),
            "period_short": format_date(self.env, month.date_start, date_format="MMM y"),
            "previous_short": format_date(self.env, previous.date_start, date_format="MMM y"),
            "previous_label": period_label(self.env, previous),
        }

    @api.model
    def _stored_values(self, company, periods, categories):
        """{category id (False for the company): {(code, month start): value or None}}, one read."""
        domain = [
            ("company_id", "=", company.id),
            ("period_type", "=", "month"),
            ("date_start", "in", [period.date_start for period in periods]),
            ("kpi_code", "in", list(CATEGORY_CODES)),
        ]
        if categories is None:
            domain.append(("res_model", "=", False))
        else:
            domain += [("res_model", "=", "product.category"), ("res_id", "in", categories.ids)]
        result = {}
        for row in self.env["reseller.kpi.value"].search_fetch(
            domain, ["kpi_code", "date_start", "res_id", "value", "has_value"]
        ):
            key = row.res_id if categories is not None else False
            result.setdefault(key, {})[(row.kpi_code, row.date_start)] = row.value if row.has_value else None
        return result

    @api.model
    def _cells(self, values, month, previous, kpis, texts):
        cells = []
        for code, kpi in kpis.items():
            current, before = values.get((code, month.date_start)), values.get((code, previous.date_start))
            cells.append(
                {
                    "value": display.value(texts, kpi.unit, current),
                    "previous": display.value(texts, kpi.unit, before),
                    # the dashboard's change against the previous month; "—" without a basis
                    "change": display.change(texts, change(kpi, current, before)) or display.EMPTY,
                }
            )
        return cells
