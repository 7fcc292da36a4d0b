"""The dashboard's panels beside its cards, one reader each: customer movement, the top and bottom
categories with the vendors least on time, the cohort matrix and break-even pacing.

Each reads stored values only (``reseller.kpi.value``, ``reseller.kpi.cohort``, ``reseller.kpi.day``)
through the record rules, like the cards; ``reseller.kpi.dashboard.get_dashboard`` puts them together.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..engine import display
from ..engine.comparison import pacing
from ..engine.periods import local_date, period_of
from . import kpi_display
from .reseller_kpi_collector import company_tz
from .reseller_kpi_value import period_label, user_locale

SPARK_PERIODS = 12
TOP_COUNT = 5
MOVEMENT_STEPS = ("customers.active_start", "customers.new", "customers.reactivated", "customers.churned")
CATEGORY_CODES = ("margin.amount", "margin.rate", "sales.revenue")
VENDOR_CODES = ("supplier.otd_rate", "supplier.delay_days")


class ResellerKpiPanel(models.AbstractModel):
    """What every panel reader shares: the dashboard whose helpers (stored values, numbers) it reads."""

    _name = "reseller.kpi.panel"
    _description = "Reseller KPI dashboard: a panel"

    @property
    def _dashboard(self):
        return self.env["reseller.kpi.dashboard"]


class ResellerKpiPanelMovement(models.AbstractModel):
    _name = "reseller.kpi.panel.movement"
    _inherit = "reseller.kpi.panel"
    _description = "Reseller KPI dashboard: customer movement"

    @api.model
    def _read(self, sections):
        """active at start + new + reactivated − churned = active at end, each step a stored value."""
        cards = {card["code"]: card for section in sections for card in section["cards"]}
        if "customers.active" not in cards:
            return None
        steps = [
            {
                "code": code,
                "label": cards[code]["label"],
                "value": cards[code]["value"],
                "value_id": cards[code]["value_id"],
                "value_text": cards[code]["value_text"],
            }
            for code in (*MOVEMENT_STEPS, "customers.active")
            if code in cards
        ]
        return {"steps": steps}


class ResellerKpiPanelRankings(models.AbstractModel):
    _name = "reseller.kpi.panel.rankings"
    _inherit = "reseller.kpi.panel"
    _description = "Reseller KPI dashboard: top and bottom categories, vendors least on time"

    @api.model
    def _read(self, company, period):
        """Top and bottom categories by margin, and the vendors with the worst on-time rate."""
        rows = self.env["reseller.kpi.dashboard"]._value_rows(
            company,
            period.period_type,
            {period.date_start},
            "company",
            codes=CATEGORY_CODES + VENDOR_CODES,
            models=("product.category", "res.partner"),
        )
        by_record = {}
        for row in rows:
            by_record.setdefault((row["res_model"], row["res_id"]), {})[row["kpi_code"]] = row
        category_ids = [res_id for model, res_id in by_record if model == "product.category"]
        # leaves only: a parent's roll-up repeats its children's margin
        parents = set(
            self.env["product.category"]
            .sudo()
            .search_fetch([("parent_id", "in", category_ids)], ["parent_id"])
            .parent_id.ids
        )
        categories = []
        for (model, res_id), codes in by_record.items():
            margin = codes.get("margin.amount")
            if model != "product.category" or res_id in parents or not margin:
                continue
            categories.append(
                {
                    "id": res_id,
                    # the leaf's own name; the whole path is its tooltip
                    "name": (margin["dimension_name"] or "").split(" / ")[-1],
                    "path": margin["dimension_name"],
                    "margin": margin["value"],
                    "value_id": margin["id"],
                    "rate": self._dashboard._number(codes.get("margin.rate")),
                    "revenue": self._dashboard._number(codes.get("sales.revenue")),
                }
            )
        texts = kpi_display.locale(self.env, company.currency_id)
        for category in categories:
            category["margin_text"] = display.value(texts, "amount", category["margin"])
            category["rate_text"] = display.value(texts, "percent", category["rate"])
        categories.sort(key=lambda c: (-c["margin"], c["name"] or ""))
        top = categories[:TOP_COUNT]
        bottom = [c for c in reversed(categories) if c not in top][:TOP_COUNT]
        vendor_rows = [
            (res_id, codes)
            for (model, res_id), codes in by_record.items()
            if model == "res.partner" and self._dashboard._number(codes.get("supplier.otd_rate")) is not None
        ]
        vendor_rows.sort(
            key=lambda item: (
                item[1]["supplier.otd_rate"]["value"],
                item[1]["supplier.otd_rate"]["dimension_name"] or "",
            )
        )
        worst = vendor_rows[:TOP_COUNT]
        # the grade alone: reading it from browsed partners would fetch all their columns
        grades = {
            partner.id: partner.reseller_kpi_supplier_grade or False
            for partner in self.env["res.partner"]
            .with_company(company)
            .sudo()
            .with_context(active_test=False)
            .search_fetch([("id", "in", [r for r, _c in worst])], ["reseller_kpi_supplier_grade"])
        }
        vendors = [
            {
                "id": res_id,
                "name": codes["supplier.otd_rate"]["dimension_name"],
                "otd_rate": codes["supplier.otd_rate"]["value"],
                "value_id": codes["supplier.otd_rate"]["id"],
                "delay_days": self._dashboard._number(codes.get("supplier.delay_days")),
                "grade": grades.get(res_id),
            }
            for res_id, codes in worst
        ]
        for vendor in vendors:
            vendor["otd_rate_text"] = display.value(texts, "percent", vendor["otd_rate"])
            vendor["delay_days_text"] = display.value(texts, "days", vendor["delay_days"])
        return (
            {"top": top, "bottom": bottom} if categories else None,
            vendors if self.env.user.has_group("purchase.group_purchase_user") else None,
        )


class ResellerKpiPanelCohorts(models.AbstractModel):
    _name = "reseller.kpi.panel.cohorts"
    _inherit = "reseller.kpi.panel"
    _description = "Reseller KPI dashboard: cohort retention"

    @api.model
    def _read(self, company, period, today):
        """The last 12 monthly cohorts up to the period's last month (not after this month)."""
        last = min(period.date_end, today).replace(day=1)
        if last < period.date_start.replace(day=1):
            return None
        first = last - relativedelta(months=SPARK_PERIODS - 1)
        cells = self.env["reseller.kpi.cohort"].search_fetch(
            [("company_id", "=", company.id), ("cohort_month", ">=", first), ("cohort_month", "<=", last)],
            ["cohort_month", "month_offset", "customer_count"],
        )
        counts = {(cell.cohort_month, cell.month_offset): cell.customer_count for cell in cells}
        this_month = today.replace(day=1)
        locale = user_locale(self.env)
        rows = []
        texts = kpi_display.locale(self.env, company.currency_id)
        for index in range(SPARK_PERIODS):
            cohort = first + relativedelta(months=index)
            size = counts.get((cohort, 0), 0)
            row_cells = []
            for offset in range(1, SPARK_PERIODS):
                month = cohort + relativedelta(months=offset)
                state = "future" if month > this_month else ("in_progress" if month == this_month else "done")
                count = counts.get((cohort, offset), 0) if state != "future" else None
                rate = count / size * 100 if size and count is not None else None
                row_cells.append(
                    {
                        "offset": offset,
                        "count": count,
                        "rate": rate,
                        "rate_text": display.value(texts, "percent", rate),
                        "state": state,
                    }
                )
            rows.append(
                {
                    "cohort": fields.Date.to_string(cohort),
                    "label": period_label(self.env, period_of(cohort, "month"), locale),
                    "size": size,
                    "cells": row_cells,
                }
            )
        return {"rows": rows, "computed": bool(cells)}


class ResellerKpiPanelPacing(models.AbstractModel):
    _name = "reseller.kpi.panel.pacing"
    _inherit = "reseller.kpi.panel"
    _description = "Reseller KPI dashboard: break-even pacing"

    @api.model
    def _read(self, company, period, today, values, refreshed):
        """Break-even pacing of the period from the stored days and fixed costs."""
        fixed_row = values.get(period.date_start, {}).get("finance.fixed_costs")
        if fixed_row is None or not self.env["reseller.kpi.day"].has_access("read"):
            return None
        # the days the last refresh covered: up to today, or up to the day it ran
        last = min(period.date_end, today)
        if refreshed:
            last = min(last, local_date(refreshed, company_tz(company)))
        elapsed = (last - period.date_start).days + 1
        if elapsed <= 0:
            return None
        days = self.env["reseller.kpi.day"].search_fetch(
            [("company_id", "=", company.id), ("day", ">=", period.date_start), ("day", "<=", last)],
            ["day", "revenue", "variable_costs"],
            order="day",
        )
        info = {
            "elapsed": elapsed,
            "days": period.days,
            "last_day": fields.Date.to_string(last),
            "in_progress": period.date_start <= today <= period.date_end,
            "complete": len(days) == elapsed,
            "fixed_source": "period",
        }
        if not info["complete"]:
            return info
        fixed = self._dashboard._number(fixed_row) or 0.0
        if fixed <= 0:
            previous = values.get(period.previous().date_start, {}).get("finance.fixed_costs")
            fixed = self._dashboard._number(previous) or 0.0
            info["fixed_source"] = "previous" if fixed > 0 else "none"
        info.update(
            pacing([d.revenue - d.variable_costs for d in days], fixed, period.days, elapsed, info["in_progress"])
        )
        texts = kpi_display.locale(self.env, company.currency_id)
        info["contribution_text"] = display.value(texts, "amount", info["contribution"])
        info["fixed_costs_text"] = display.value(texts, "amount", info["fixed_costs"])
        for key in ("reached_day", "projected_day"):
            info[key.replace("_day", "_date")] = (
                fields.Date.to_string(period.date_start + timedelta(days=info[key] - 1)) if info[key] else False
            )
        return info
