"""The KPI dashboard's data: one read-only call returns a whole screen from stored values.

Nothing is computed on read: the cards, sparklines, customer movement and the
top categories and vendors read ``reseller.kpi.value``, the cohort matrix reads
``reseller.kpi.cohort`` and break-even pacing ``reseller.kpi.day``, all filled
by the scheduled refresh. A handful of queries serve the whole screen whatever
the number of cards, and every read goes through the record rules, so each
user sees exactly the figures their roles allow.
"""

import math
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..engine import formulas
from ..engine.periods import local_date, period_of, periods_between
from . import kpi_arguments as arguments
from .reseller_kpi_collector import company_tz
from .reseller_kpi_value import period_label, user_locale

# the order a sales manager reads: what was sold, to whom, delivered how, bought from whom...
SECTION_ORDER = ("sales", "customers", "delivery", "supplier", "crm", "finance", "satisfaction")
SPARK_PERIODS = 12
TOP_COUNT = 5
MOVEMENT_STEPS = ("customers.active_start", "customers.new", "customers.reactivated", "customers.churned")
CATEGORY_CODES = ("margin.amount", "margin.rate", "sales.revenue")
VENDOR_CODES = ("supplier.otd_rate", "supplier.delay_days")


def same_period_last_year(period):
    """The period a year before: the same month, quarter or year, or the same ISO week number."""
    if period.period_type == "week":
        year, week, _day = period.date_start.isocalendar()
        weeks_last_year = date(year - 1, 12, 28).isocalendar()[1]
        return period_of(date.fromisocalendar(year - 1, min(week, weeks_last_year), 1), "week")
    return period_of(period.date_start - relativedelta(years=1), period.period_type)


def change(kpi, value, reference):
    """How `value` compares with `reference`: points for rates and scores, a relative change otherwise."""
    if value is None or reference is None:
        return {"reference": reference, "delta": None, "unit": None, "trend": None}
    delta = value - reference
    if kpi.unit in ("percent", "score"):
        # a rate or a score (NPS from -100 to 100) moves in points; a relative change would mislead
        shown, unit = delta, "pp"
    elif reference:
        shown, unit = delta / abs(reference) * 100, "%"
    else:
        shown, unit = None, None
    sign = (delta > 1e-9) - (delta < -1e-9)
    trend = "same" if not sign else ("better" if (sign > 0) == kpi.higher_is_better else "worse")
    return {"reference": reference, "delta": shown, "unit": unit, "trend": trend}


def achieved(value, target, higher_is_better):
    """% of the target achieved: value / target when higher is better, target / value otherwise."""
    if value is None or not target:
        return None
    if higher_is_better:
        return value / target * 100
    return target / value * 100 if value else None


def pacing(days, fixed_costs, period_days, elapsed, in_progress):
    """Break-even pacing (contract, "Dashboard figures") from the contributions of days 1..elapsed.

    >>> pacing([100, 100, 100], 250, 30, 3, True)["reached_day"]
    3
    >>> pacing([50, 50], 300, 30, 2, True)["projected_day"]
    6
    >>> pacing([10], 1000, 30, 1, True)["projected_day"] is None
    True
    """
    contribution, reached_day = 0.0, None
    for number, day_contribution in enumerate(days, start=1):
        contribution += day_contribution
        if reached_day is None and contribution >= fixed_costs:
            reached_day = number
    projected_day = None
    if reached_day is None and in_progress and contribution > 0:
        projected = math.ceil(elapsed * fixed_costs / contribution - 1e-9)
        projected_day = projected if projected <= period_days else None
    return {
        "contribution": contribution,
        "fixed_costs": fixed_costs,
        "covered": contribution / fixed_costs * 100 if fixed_costs else None,
        "reached_day": reached_day,
        "projected_day": projected_day,
    }


class ResellerKpiDashboard(models.AbstractModel):
    _name = "reseller.kpi.dashboard"
    _description = "Reseller KPI dashboard"

    # ------------------------------------------------------------------ the screen
    @api.readonly
    @api.model
    def get_dashboard(self, period_type="month", day=None, compare="previous", company_id=None, team_id=None):
        """Everything the dashboard shows for one period, company and (optional) sales team.

        `compare` is "previous" (the previous period) or "last_year" (the same period a year before).
        """
        self._check_reader()
        period_type = arguments.period_type(self.env, period_type)
        compare = arguments.comparison(self.env, compare or "previous")
        day = arguments.kpi_day(self.env, day)
        company = self._dashboard_company(company_id)
        team = arguments.team(self.env, team_id, company)
        today = self.env["reseller.kpi.value"]._today(company)
        period = period_of(day or today, period_type)
        reference = same_period_last_year(period) if compare == "last_year" else period.previous()
        scope = self._dashboard_scope(team.id)
        team = team if scope == "team" else self.env["crm.team"]
        sparks = [period]
        for _index in range(SPARK_PERIODS - 1):
            sparks.insert(0, sparks[0].previous())
        # 1. the values of every card: its period, the comparison and the sparkline's periods
        rows = self._value_rows(company, period_type, {p.date_start for p in sparks} | {reference.date_start}, scope)
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        values = self._pick_dimension(rows, registry, scope, team)
        in_progress = period.date_start <= today <= period.date_end
        refreshed = self._computed_at(company, period)
        # 2. the targets of the period
        targets = self._targets(company, period, scope, team, list(registry.by_code))
        computed = self._computed_starts(company, period_type, {p.date_start for p in sparks} | {reference.date_start})
        sections = self._sections(registry, values, sparks, period, reference, targets, in_progress, computed, scope)
        result = {
            "company": {"id": company.id, "name": company.name, "currency_id": company.currency_id.id},
            "companies": [{"id": c.id, "name": c.name} for c in self.env.companies],
            "teams": self._teams(company, scope),
            "team_id": team.id or False,
            "scope": scope,
            "is_manager": self.env.user.has_group("reseller_kpi.group_manager"),
            "today": fields.Date.to_string(today),
            "period": self._period_info(period, today),
            "compare": compare if compare == "last_year" else "previous",
            "reference": self._period_info(reference, today),
            "refreshed_at": fields.Datetime.to_string(refreshed) if refreshed else False,
            # 3. is there any history at all (the empty state says Recompute)
            "has_history": bool(
                self.env["reseller.kpi.value"].search_count([("company_id", "=", company.id)], limit=1)
            ),
            "sections": sections,
            "movement": self._movement(sections),
            "categories": None,
            "vendors": None,
            "cohorts": None,
            "pacing": None,
        }
        if scope != "own":
            # 4. categories and vendors of the period (company-wide: they have no team)
            result["categories"], result["vendors"] = self._rankings(company, period)
            # 5. the cohort matrix, 6. the days of the period for pacing
            result["cohorts"] = self._cohorts(company, period, today)
            result["pacing"] = self._pacing(company, period, today, values, refreshed)
        return result

    @api.model
    def _check_reader(self):
        """Every public method of the dashboard starts here: it is for KPI users only."""
        if not self.env.user.has_group("reseller_kpi.group_user"):
            raise AccessError(self.env._("The reseller KPIs are for users of the Reseller KPIs app."))

    @api.model
    def _dashboard_company(self, company_id):
        return arguments.company(self.env, company_id)

    @api.model
    def _dashboard_scope(self, team_id):
        """`own` for a salesperson limited to their own documents (they may read only their own
        figures), else `team` when a team is chosen, else `company`."""
        user = self.env.user
        if user.has_group("sales_team.group_sale_salesman") and not (
            user.has_group("sales_team.group_sale_salesman_all_leads") or user.has_group("reseller_kpi.group_manager")
        ):
            return "own"
        return "team" if team_id else "company"

    @api.model
    def _computed_at(self, company, period):
        """When the company's values of `period` were computed (whoever may read them: a salesperson
        reading only their own figures still learns when the period was refreshed)."""
        self.env.cr.execute(
            SQL(
                """SELECT MAX(computed_at) FROM reseller_kpi_value
                    WHERE company_id = %s AND period_type = %s AND date_start = %s AND date_end = %s""",
                company.id,
                period.period_type,
                period.date_start,
                period.date_end,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _computed_starts(self, company, period_type, starts):
        """The periods among `starts` that were computed for the company: there a sum stored for no
        dimension record is 0 (nothing happened for it), not unknown."""
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT date_start FROM reseller_kpi_value
                    WHERE company_id = %s AND period_type = %s AND date_start = ANY(%s) AND res_model IS NULL""",
                company.id,
                period_type,
                sorted(starts),
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _teams(self, company, scope):
        if scope == "own":
            return []
        teams = self.env["crm.team"].search_fetch(
            [("company_id", "in", [company.id, False])], ["display_name"], order="sequence, name"
        )
        return [{"id": t.id, "name": t.display_name} for t in teams]

    @api.model
    def _period_info(self, period, today):
        last = min(period.date_end, today)
        return {
            "type": period.period_type,
            "start": fields.Date.to_string(period.date_start),
            "end": fields.Date.to_string(period.date_end),
            "label": period_label(self.env, period),
            "in_progress": period.date_start <= today <= period.date_end,
            "future": period.date_start > today,
            "days": period.days,
            "elapsed": max(0, (last - period.date_start).days + 1),
        }

    # ------------------------------------------------------------------ stored values
    @api.model
    def _value_rows(self, company, period_type, starts, scope, codes=None, models=None):
        """Stored values of `company` starting on `starts`, read through the record rules (one query)."""
        domain = [
            ("company_id", "=", company.id),
            ("period_type", "=", period_type),
            ("date_start", "in", sorted(starts)),
        ]
        if codes:
            domain.append(("kpi_code", "in", list(codes)))
        if models:
            domain.append(("res_model", "in", list(models)))
        elif scope == "own":
            domain += [("res_model", "=", "res.users"), ("res_id", "=", self.env.uid)]
        else:
            domain += ["|", ("res_model", "=", False), ("res_model", "=", "crm.team")]
        query = self.env["reseller.kpi.value"]._search(domain)
        self.env.cr.execute(
            query.select(
                *(
                    SQL.identifier("reseller_kpi_value", column)
                    for column in (
                        "id",
                        "kpi_code",
                        "date_start",
                        "res_model",
                        "res_id",
                        "dimension_name",
                        "value",
                        "has_value",
                        "numerator",
                        "denominator",
                        "computed_at",
                    )
                )
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _pick_dimension(self, rows, registry, scope, team):
        """{date_start: {code: row}}: the team's value for codes stored per team when a team is chosen,
        the salesperson's own for `own`, the company's otherwise."""
        values = {}
        for row in rows:
            kpi = registry.by_code.get(row["kpi_code"])
            if kpi is None:
                continue
            if scope == "team" and "crm.team" in kpi.dimensions:
                wanted = ("crm.team", team.id)
            elif scope == "own":
                wanted = ("res.users", self.env.uid)
            else:
                wanted = (None, None)
            if (row["res_model"] or None, row["res_id"] if row["res_model"] else None) == wanted:
                values.setdefault(row["date_start"], {})[row["kpi_code"]] = row
        return values

    @staticmethod
    def _dimension_of(row):
        return (row["res_model"], row["res_id"]) if row and row["res_model"] else (None, None)

    @api.model
    def _targets(self, company, period, scope, team, codes):
        if scope == "own":
            dimension = f"res.users,{self.env.uid}"
        elif scope == "team":
            dimension = f"crm.team,{team.id}"
        else:
            dimension = False
        domain = [
            ("company_id", "=", company.id),
            ("period_type", "=", period.period_type),
            ("date_start", "=", period.date_start),
            ("kpi_code", "in", codes),
        ]
        targets = self.env["reseller.kpi.target"].search_fetch(
            [*domain, ("dimension_ref", "in", [dimension, False] if dimension else [False])],
            ["kpi_code", "target_value", "higher_is_better", "dimension_ref"],
        )
        # {(code, dimension): target}; a card reads the target of the dimension its value is for
        return {
            (t.kpi_code, (t.dimension_ref._name, t.dimension_ref.id) if t.dimension_ref else (None, None)): t
            for t in targets
        }

    @staticmethod
    def _number(row):
        return row["value"] if row and row["has_value"] else None

    @api.model
    def _sections(self, registry, values, sparks, period, reference, targets, in_progress, computed, scope):
        collector = self.env["reseller.kpi.collector"]
        labels = dict(self.env["reseller.kpi.value"]._fields["kpi_family"]._description_selection(self.env))
        code_labels = dict(self.env["reseller.kpi.value"]._fields["kpi_code"]._description_selection(self.env))
        current = values.get(period.date_start, {})
        shown = {code for period_values in values.values() for code in period_values}
        if scope == "own" and computed:
            # a salesperson with no lead in the periods shown has no stored row, but their figures exist:
            # 0 leads, an empty win rate (every KPI user may read these families)
            shown |= {code for code, kpi in registry.by_code.items() if "res.users" in kpi.dimensions}
        locale = user_locale(self.env)
        spark_labels = [period_label(self.env, spark, locale) for spark in sparks]
        families = [f for f in SECTION_ORDER if f in registry.families] + [
            f for f in registry.families if f not in SECTION_ORDER
        ]
        sections = []
        for family in families:
            cards = []
            for kpi in registry.families[family][1]:
                row = current.get(kpi.code)
                if kpi.code not in shown:
                    # not readable by this user, or never computed for this dimension
                    continue
                # the dimension of the card's value (any period of its sparkline tells it)
                any_row = row or next((v[kpi.code] for v in values.values() if kpi.code in v), None)
                dimension = self._dimension_of(any_row) if any_row else ("res.users", self.env.uid)

                def number(start, kpi=kpi):
                    row = values.get(start, {}).get(kpi.code)
                    if row is None and kpi.additive and start in computed:
                        return 0.0  # a computed period with nothing for this team or salesperson
                    return self._number(row)

                value = number(period.date_start)
                card = {
                    "code": kpi.code,
                    "label": code_labels.get(kpi.code, kpi.label).split(" · ")[-1],
                    "description": collector._kpi_text(kpi, kpi.description),
                    "unit": kpi.unit,
                    "higher_is_better": kpi.higher_is_better,
                    "value": value,
                    "value_id": row["id"] if row else False,
                    "dimension": row["dimension_name"] if row else False,
                    "numerator": row["numerator"] if row else None,
                    "denominator": row["denominator"] if row else None,
                    "change": change(kpi, value, number(reference.date_start)),
                    "to_date": bool(kpi.to_date and in_progress),
                    "target": None,
                    "spark": [
                        {"label": label, "value": number(spark.date_start)}
                        for spark, label in zip(sparks, spark_labels, strict=True)
                    ],
                }
                if card["to_date"]:
                    # part of a period against a whole one: a share, not a better or worse
                    reference_value = card["change"]["reference"]
                    card["change"] = dict(
                        card["change"],
                        trend=None,
                        share=value / reference_value * 100
                        if kpi.additive and value is not None and reference_value
                        else None,
                    )
                target = targets.get((kpi.code, dimension))
                if target:
                    card["target"] = {
                        "value": target.target_value,
                        "status": formulas.status(value, target.target_value, target.higher_is_better) or False,
                        "achieved": achieved(value, target.target_value, target.higher_is_better),
                    }
                cards.append(card)
            if cards:
                sections.append({"family": family, "label": labels.get(family, family), "cards": cards})
        return sections

    @api.model
    def _movement(self, sections):
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
            }
            for code in (*MOVEMENT_STEPS, "customers.active")
            if code in cards
        ]
        return {"steps": steps}

    @api.model
    def _rankings(self, company, period):
        """Top and bottom categories by margin, and the vendors with the worst on-time rate."""
        rows = self._value_rows(
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
                    "rate": self._number(codes.get("margin.rate")),
                    "revenue": self._number(codes.get("sales.revenue")),
                }
            )
        categories.sort(key=lambda c: (-c["margin"], c["name"] or ""))
        top = categories[:TOP_COUNT]
        bottom = [c for c in reversed(categories) if c not in top][:TOP_COUNT]
        vendor_rows = [
            (res_id, codes)
            for (model, res_id), codes in by_record.items()
            if model == "res.partner" and self._number(codes.get("supplier.otd_rate")) is not None
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
                "delay_days": self._number(codes.get("supplier.delay_days")),
                "grade": grades.get(res_id),
            }
            for res_id, codes in worst
        ]
        return (
            {"top": top, "bottom": bottom} if categories else None,
            vendors if self.env.user.has_group("purchase.group_purchase_user") else None,
        )

    @api.model
    def _cohorts(self, company, period, today):
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
        for index in range(SPARK_PERIODS):
            cohort = first + relativedelta(months=index)
            size = counts.get((cohort, 0), 0)
            row_cells = []
            for offset in range(1, SPARK_PERIODS):
                month = cohort + relativedelta(months=offset)
                state = "future" if month > this_month else ("in_progress" if month == this_month else "done")
                count = counts.get((cohort, offset), 0) if state != "future" else None
                row_cells.append(
                    {
                        "offset": offset,
                        "count": count,
                        "rate": count / size * 100 if size and count is not None else None,
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

    @api.model
    def _pacing(self, company, period, today, values, refreshed):
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
        fixed = self._number(fixed_row) or 0.0
        if fixed <= 0:
            previous = values.get(period.previous().date_start, {}).get("finance.fixed_costs")
            fixed = self._number(previous) or 0.0
            info["fixed_source"] = "previous" if fixed > 0 else "none"
        info.update(
            pacing([d.revenue - d.variable_costs for d in days], fixed, period.days, elapsed, info["in_progress"])
        )
        for key in ("reached_day", "projected_day"):
            info[key.replace("_day", "_date")] = (
                fields.Date.to_string(period.date_start + timedelta(days=info[key] - 1)) if info[key] else False
            )
        return info

    # ------------------------------------------------------------------ actions
    @api.readonly
    @api.model
    def action_open_cohort(self, company_id, cohort_month, month_offset):
        """The customers of one cohort cell."""
        self._check_reader()
        company = self._dashboard_company(company_id)
        if self._dashboard_scope(False) == "own":
            raise AccessError(self.env._("Cohorts count every salesperson's customers: ask for All Documents."))
        # the cell is read in SQL: the caller must be allowed to read the cohorts and the customers listed
        self.env["reseller.kpi.cohort"].check_access("read")
        self.env["res.partner"].check_access("read")
        cohort = arguments.kpi_day(self.env, cohort_month, required=True).replace(day=1)
        month_offset = arguments.month_offset(self.env, month_offset, SPARK_PERIODS)
        ids = self.env["reseller.kpi.cohort"]._member_ids(company, cohort, month_offset)
        month = period_label(self.env, period_of(cohort + relativedelta(months=month_offset), "month"))
        name = self.env._(
            "Customers of the %(cohort)s cohort ordering in %(month)s",
            cohort=period_label(self.env, period_of(cohort, "month")),
            month=month,
        )
        return self.env["reseller.kpi.collector"]._list_action(
            "res.partner", ids, name, "reseller_kpi.res_partner_action_customers"
        )

    @api.model
    def action_print_report(self, period_type="month", day=None, compare="previous", company_id=None, team_id=None):
        """The management report of the dashboard's filters; it prints both comparisons, so `compare`
        only keeps the dashboard's signature."""
        self._check_reader()
        period_type = arguments.period_type(self.env, period_type)
        day = arguments.kpi_day(self.env, day)
        company = self._dashboard_company(company_id)
        team = arguments.team(self.env, team_id, company)
        action = self.env.ref("reseller_kpi.management_report_action").report_action(
            company,
            data={
                "period_type": period_type,
                "day": fields.Date.to_string(day) if day else False,
                "company_id": company.id,
                "team_id": team.id or False,
            },
        )
        # printed from a dialog (the wizard), the download closes it
        action["close_on_report_download"] = True
        return action

    @api.model
    def action_refresh(self, company_id=None, period_type="month", day=None):
        """Recompute the chosen period and the current one of its type, with the cohorts (managers).

        A week or a month (with its months, a few seconds) is recomputed at once; a quarter or a year,
        whose months take longer, is queued as a background request like *Recompute KPIs*.
        Returns {"queued": bool, "failures": [message]}.
        """
        if not self.env.user.has_group("reseller_kpi.group_manager"):
            raise AccessError(self.env._("Only KPI managers can recompute the KPIs."))
        period_type = arguments.period_type(self.env, period_type)
        day = arguments.kpi_day(self.env, day)
        company = self._dashboard_company(company_id)
        value_model = self.env["reseller.kpi.value"].with_context(reseller_kpi_no_commit=True)
        today = value_model._today(company)
        current = period_of(today, period_type)
        chosen = period_of(day, period_type) if day else current
        if period_type in ("quarter", "year"):
            first = min(chosen.date_start, current.date_start)
            last = min(max(chosen.date_end, current.date_end), today)
            self.env["reseller.kpi.recompute.job"]._request(company, first, max(first, last), [period_type, "month"])
            return {"queued": True, "failures": []}
        periods = {chosen, current}
        if period_type == "week":
            # the days of a week (break-even pacing) come from its months
            for period in list(periods):
                periods |= set(periods_between(period.date_start, min(period.date_end, today), ("month",)))
        failures = value_model._refresh(company, sorted(periods))
        return {
            "queued": False,
            "failures": [
                f"{period_label(self.env, period)}: {error}" if period else error
                for _company, period, error in failures
            ],
        }
