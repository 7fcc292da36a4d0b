"""The monthly management report: the dashboard's data, printed.

It reads ``reseller.kpi.dashboard.get_dashboard`` twice (against the previous period and against the
same period last year) and prints what it returns, texts included, so the printed figures are the
dashboard's, written the same way and visible to the reader exactly as their roles allow.
"""

from odoo import api, fields, models
from odoo.tools.misc import format_date, format_datetime

from ..engine import display
from ..engine.charts import bar_width
from ..models import kpi_arguments as arguments
from ..models import kpi_display
from ..models.reseller_kpi_collector import company_tz
from ..models.reseller_kpi_report_sent import PrebuiltReports

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
        """`data`: period_type, day (any day of the period), team_id, user_id (a salesperson), company_id
        (when no docids)."""
        data = data or {}
        if docids:
            companies = self.env["res.company"].browse(docids)
        else:
            companies = arguments.company(self.env, data.get("company_id"))
        prebuilt = data.get("prebuilt")
        prebuilt = prebuilt if isinstance(prebuilt, PrebuiltReports) else {}
        reports = [
            prebuilt.get(company.id)
            or self._management_report(
                company, data.get("period_type") or "month", data.get("day"), data.get("team_id"), data.get("user_id")
            )
            for company in companies
        ]
        return {"doc_ids": companies.ids, "doc_model": "res.company", "docs": companies, "reports": reports}

    # ------------------------------------------------------------------ one company
    @api.model
    def _management_report(self, company, period_type, day, team_id, user_id=False):
        dashboard = self.env["reseller.kpi.dashboard"].with_company(company)
        # one build of the screen gives both comparisons
        previous = dashboard.get_dashboard(period_type, day, "both", company.id, team_id or False, user_id or False)
        texts = kpi_display.locale(self.env, company.currency_id)
        sections = []
        for section in previous["sections"]:
            cards = [self._card(card, texts) for card in section["cards"]]
            sections.append({"family": section["family"], "label": section["label"], "cards": cards})
        team = next((t["name"] for t in previous["teams"] if t["id"] == previous["team_id"]), False)
        tz = self.env.user.tz or company_tz(company)
        return {
            "company": company.sudo(),
            "period": previous["period"],
            "previous": previous["reference"],
            "last_year": previous["reference_last_year"],
            "team": team,
            "salesperson": previous["salesperson"] if previous["scope"] in ("own", "user") else False,
            "scope": previous["scope"],
            "generated_at": format_datetime(self.env, fields.Datetime.now(), tz=tz, dt_format="medium"),
            "refreshed_at": format_datetime(self.env, previous["refreshed_at"], tz=tz, dt_format="medium")
            if previous["refreshed_at"]
            else False,
            "has_history": previous["has_history"],
            "sections": sections,
            "movement": self._movement(previous["movement"], texts),
            "categories": self._categories(previous["categories"], texts),
            "vendors": self._vendors(previous["vendors"], texts),
            "pacing": self._pacing_text(previous["pacing"], previous["period"]),
        }

    @api.model
    def _card(self, card, texts):
        unit = card["unit"]
        spark = display.spark(texts, unit, [p["value"] for p in card["spark"]], SPARK_WIDTH, SPARK_HEIGHT)
        target = card["target"]
        return {
            "code": card["code"],
            "label": card["label"],
            "unit": unit,
            "value": card["value_text"],
            # the figures themselves, for the Excel report (the texts above are what they read as)
            "figures": {
                "value": None if card["waiting"] else card["value"],
                "previous": self._change_figures(card),
                "last_year": self._change_figures(dict(card, **card["last_year"])) if card.get("last_year") else None,
                "target": target["value"] if target else None,
            },
            "dimension": card["dimension"],
            "so_far": card["so_far_text"],
            "previous": self._comparison(card),
            "last_year": self._comparison(dict(card, **card["last_year"])),
            "target": {
                "value": card["target_value_text"],
                "status": target["status"],
                "status_label": self._status_label(target["status"]),
            }
            if target
            else None,
            "spark": spark["line"],
            "spark_title": " · ".join(
                f"{point['label']}: {text}" for point, text in zip(card["spark"], card["spark_texts"], strict=True)
            ),
            "spark_range": spark["range"],
        }

    @api.model
    def _comparison(self, card):
        """The reference value and the change against it, as the dashboard words them."""
        change = card["change"]
        # part of a period in progress against a whole one is a share, not a better or worse
        trend = None if card["to_date"] or change["delta"] is None else change["trend"]
        return {"reference": card["reference_text"], "change": card["change_text"], "trend": trend}

    @api.model
    def _change_figures(self, card):
        """The reference value and the change as numbers: (reference, delta, "pp" or "%"); no delta for a
        period in progress against a whole one, whose change is a share written as text."""
        change = card["change"]
        delta = None if card["to_date"] else change.get("delta")
        return {
            "reference": change.get("reference"),
            "delta": delta,
            "delta_unit": change.get("unit") if delta is not None else None,
        }

    @api.model
    def _status_label(self, status):
        return {
            "green": self.env._("Met"),
            "amber": self.env._("Within 10 %"),
            "red": self.env._("Missed"),
        }.get(status) or self.env._("No value")

    # ------------------------------------------------------------------ blocks
    @api.model
    def _movement(self, movement, texts):
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
                "value": display.value(texts, "count", steps[code]["value"]),
                "figure": steps[code]["value"],
                "code": code,
            }
            for code, operator in operators.items()
        ]

    @api.model
    def _categories(self, categories, texts):
        if not categories:
            return None
        rows = categories["top"] + categories["bottom"]
        largest = max((abs(c["margin"] or 0) for c in rows), default=0)

        def line(category):
            return {
                "name": category["name"],
                "path": category["path"],
                "figures": {key: category[key] for key in ("revenue", "margin", "rate")},
                "revenue": display.value(texts, "amount", category["revenue"]),
                "margin": display.value(texts, "amount", category["margin"]),
                "rate": display.value(texts, "percent", category["rate"]),
                "bar": bar_width(category["margin"], largest, BAR_WIDTH),
                "negative": (category["margin"] or 0) < 0,
            }

        return {"top": [line(c) for c in categories["top"]], "bottom": [line(c) for c in categories["bottom"]]}

    @api.model
    def _vendors(self, vendors, texts):
        if vendors is None:
            return None
        return [
            {
                "name": vendor["name"],
                "figures": {key: vendor[key] for key in ("otd_rate", "delay_days")},
                "grade": vendor["grade"] or display.EMPTY,
                "otd_rate": display.value(texts, "percent", vendor["otd_rate"]),
                "delay_days": display.value(texts, "days", vendor["delay_days"]),
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
        """The key figures of a printed report, for the body of the monthly mail: its texts, "—" where
        there is no change to show."""
        cards = {card["code"]: card for section in report["sections"] for card in section["cards"]}
        return [
            {
                "label": cards[code]["label"],
                "value": cards[code]["value"],
                "previous": cards[code]["previous"]["change"] or display.EMPTY,
                "last_year": (cards[code]["last_year"] or {}).get("change") or display.EMPTY,
            }
            for code in SUMMARY_CODES
            if code in cards
        ]
