"""The monthly management report: the dashboard's data, printed.

It reads ``reseller.kpi.dashboard.get_dashboard`` twice (against the previous period and against the
same period last year) and only formats what it returns, so the printed figures are the dashboard's,
visible to the reader exactly as their roles allow.
"""

from odoo import api, fields, models
from odoo.tools.misc import format_amount, format_date, format_datetime, formatLang

from ..engine.charts import bar_width, sparkline
from ..models import kpi_arguments as arguments
from ..models.reseller_kpi_collector import company_tz

NBSP = "\N{NO-BREAK SPACE}"
SPARK_WIDTH, SPARK_HEIGHT = 84.0, 20.0
BAR_WIDTH = 60.0
# the figures of the mail's summary, in the order a manager reads them
SUMMARY_CODES = (
    "sales.revenue",
    "margin.amount",
    "margin.rate",
    "sales.orders",
    "customers.active",
    "customers.churn_rate",
)


class ReportResellerKpiManagementReport(models.AbstractModel):
    _name = "report.reseller_kpi.management_report"
    _description = "Reseller KPI management report"

    @api.model
    def _get_report_values(self, docids, data=None):
        """`data`: period_type, day (any day of the period), team_id, company_id (when no docids)."""
        data = data or {}
        if docids:
            companies = self.env["res.company"].browse(docids)
        else:
            companies = arguments.company(self.env, data.get("company_id"))
        reports = [
            self._management_report(company, data.get("period_type") or "month", data.get("day"), data.get("team_id"))
            for company in companies
        ]
        return {"doc_ids": companies.ids, "doc_model": "res.company", "docs": companies, "reports": reports}

    # ------------------------------------------------------------------ one company
    @api.model
    def _management_report(self, company, period_type, day, team_id):
        dashboard = self.env["reseller.kpi.dashboard"].with_company(company)
        previous = dashboard.get_dashboard(period_type, day, "previous", company.id, team_id or False)
        last_year = dashboard.get_dashboard(period_type, day, "last_year", company.id, team_id or False)
        currency = company.currency_id
        year_cards = {card["code"]: card for section in last_year["sections"] for card in section["cards"]}
        sections = []
        for section in previous["sections"]:
            cards = [self._card(card, year_cards.get(card["code"]), currency) for card in section["cards"]]
            sections.append({"family": section["family"], "label": section["label"], "cards": cards})
        team = next((t["name"] for t in previous["teams"] if t["id"] == previous["team_id"]), False)
        tz = self.env.user.tz or company_tz(company)
        return {
            "company": company.sudo(),
            "period": previous["period"],
            "previous": previous["reference"],
            "last_year": last_year["reference"],
            "team": team,
            "scope": previous["scope"],
            "generated_at": format_datetime(self.env, fields.Datetime.now(), tz=tz, dt_format="medium"),
            "refreshed_at": format_datetime(self.env, previous["refreshed_at"], tz=tz, dt_format="medium")
            if previous["refreshed_at"]
            else False,
            "has_history": previous["has_history"],
            "sections": sections,
            "movement": self._movement(previous["movement"]),
            "categories": self._categories(previous["categories"], currency),
            "vendors": self._vendors(previous["vendors"]),
            "pacing": self._pacing_text(previous["pacing"], previous["period"]),
        }

    @api.model
    def _card(self, card, year_card, currency):
        unit = card["unit"]
        spark = sparkline([p["value"] for p in card["spark"]], SPARK_WIDTH, SPARK_HEIGHT)
        target = card["target"]
        return {
            "code": card["code"],
            "label": card["label"],
            "unit": unit,
            "value": self._format(card["value"], unit, currency),
            "dimension": card["dimension"],
            "previous": self._comparison(card, unit, currency),
            "last_year": self._comparison(year_card, unit, currency) if year_card else None,
            "target": {
                "value": self._format(target["value"], unit, currency),
                "status": target["status"],
                "status_label": self._status_label(target["status"]),
            }
            if target
            else None,
            "spark": spark,
            "spark_title": " · ".join(
                f"{p['label']}: {self._format(p['value'], unit, currency)}" for p in card["spark"]
            ),
            "spark_range": (
                self._format(spark.low, unit, currency, short=True),
                self._format(spark.high, unit, currency, short=True),
            )
            if spark.low is not None
            else None,
        }

    @api.model
    def _comparison(self, card, unit, currency):
        """The reference value and the change against it, as the dashboard words them."""
        change = card["change"]
        reference = self._format(change["reference"], unit, currency)
        if card["to_date"]:
            # part of a period in progress against a whole one: a share, not a better or worse
            share = change.get("share")
            text = (
                self.env._("so far %s", f"{formatLang(self.env, share, digits=0)}{NBSP}%") if share is not None else ""
            )
            return {"reference": reference, "change": text, "trend": None}
        delta = change["delta"]
        if delta is None:
            return {"reference": reference, "change": "", "trend": None}
        sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
        number = formatLang(self.env, abs(delta), digits=0 if abs(delta) >= 100 else 1)
        if change["unit"] == "pp":
            text = self.env._("%(sign)s%(number)s pts", sign=sign, number=number)
        else:
            text = f"{sign}{number}{NBSP}%"
        return {"reference": reference, "change": text, "trend": change["trend"]}

    @api.model
    def _format(self, value, unit, currency, short=False):
        """A value as the dashboard shows it; "—" when empty (an empty rate is no 0)."""
        if value is None or value is False:
            return "—"
        if unit == "amount":
            if short:
                return formatLang(self.env, value, digits=0)
            return format_amount(self.env, value, currency)
        if unit == "percent":
            return f"{formatLang(self.env, value, digits=1)}{NBSP}%"
        if unit == "days":
            return self.env._("%s d", formatLang(self.env, value, digits=1)).replace(" ", NBSP)
        if unit == "score":
            return formatLang(self.env, value, digits=1)
        return formatLang(self.env, value, digits=0 if float(value).is_integer() else 2)

    @api.model
    def _status_label(self, status):
        return {
            "green": self.env._("Met"),
            "amber": self.env._("Within 10 %"),
            "red": self.env._("Missed"),
        }.get(status) or self.env._("No value")

    # ------------------------------------------------------------------ blocks
    @api.model
    def _movement(self, movement):
        if not movement:
            return None
        steps = {step["code"]: step for step in movement["steps"]}
        if len(steps) < 5:
            return None
        operators = {
            "customers.active_start": "",
            "customers.new": "+",
            "customers.reactivated": "+",
            "customers.churned": "−",
            "customers.active": "=",
        }
        return [
            {
                "operator": operator,
                "label": steps[code]["label"],
                "value": self._format(steps[code]["value"], "count", None),
                "code": code,
            }
            for code, operator in operators.items()
        ]

    @api.model
    def _categories(self, categories, currency):
        if not categories:
            return None
        rows = categories["top"] + categories["bottom"]
        largest = max((abs(c["margin"] or 0) for c in rows), default=0)

        def line(category):
            return {
                "name": category["name"],
                "path": category["path"],
                "revenue": self._format(category["revenue"], "amount", currency),
                "margin": self._format(category["margin"], "amount", currency),
                "rate": self._format(category["rate"], "percent", currency),
                "bar": bar_width(category["margin"], largest, BAR_WIDTH),
                "negative": (category["margin"] or 0) < 0,
            }

        return {"top": [line(c) for c in categories["top"]], "bottom": [line(c) for c in categories["bottom"]]}

    @api.model
    def _vendors(self, vendors):
        if vendors is None:
            return None
        return [
            {
                "name": vendor["name"],
                "grade": vendor["grade"] or "—",
                "otd_rate": self._format(vendor["otd_rate"], "percent", None),
                "delay_days": self._format(vendor["delay_days"], "days", None),
            }
            for vendor in vendors
        ]

    @api.model
    def _pacing_text(self, pacing, period):
        """Break-even pacing in one sentence (the dashboard's wording), or False."""
        if not pacing or not pacing.get("complete"):
            return False
        if pacing["fixed_source"] == "none":
            return self.env._("No fixed costs posted for this period or the one before.")
        if pacing.get("reached_date"):
            day = fields.Date.to_date(pacing["reached_date"])
            return self.env._("Break-even reached on %s.", self._format_day(day))
        if pacing.get("projected_date"):
            day = fields.Date.to_date(pacing["projected_date"])
            return self.env._("At this pace, break-even on %s.", self._format_day(day))
        if period["in_progress"]:
            return self.env._("At this pace, not reached this period.")
        return self.env._("Not reached in this period.")

    @api.model
    def _format_day(self, day):
        return format_date(self.env, day, date_format="d MMMM y")

    # ------------------------------------------------------------------ mail
    @api.model
    def _summary(self, report):
        """The key figures of a printed report, for the body of the monthly mail."""
        cards = {card["code"]: card for section in report["sections"] for card in section["cards"]}
        return [
            {
                "label": cards[code]["label"],
                "value": cards[code]["value"],
                "previous": cards[code]["previous"]["change"],
                "last_year": cards[code]["last_year"]["change"] if cards[code]["last_year"] else "",
            }
            for code in SUMMARY_CODES
            if code in cards
        ]
