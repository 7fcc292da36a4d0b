"""Revenue and variable costs per local day, stored with each month's KPIs for break-even pacing.

The contract's pacing (KPI_DEFINITIONS.md, "Dashboard figures") needs the
contribution of days 1..d of a period: revenue − variable costs of each day,
from the same facts as ``sales.revenue`` and ``finance.variable_costs``. Every
day of a refreshed month gets a row, days without sales included, so that the
dashboard can tell a quiet day from a month never computed.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..engine.periods import Period
from .reseller_kpi_collector import local_day


class ResellerKpiDay(models.Model):
    _name = "reseller.kpi.day"
    _description = "Reseller KPI daily contribution"
    _order = "company_id, day"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    day = fields.Date(required=True, readonly=True)
    revenue = fields.Monetary(readonly=True, help="sales.revenue of the day.")
    variable_costs = fields.Monetary(readonly=True, help="finance.variable_costs of the day.")
    contribution = fields.Monetary(
        compute="_compute_contribution", help="Revenue minus variable costs: what pays the fixed costs."
    )
    computed_at = fields.Datetime(readonly=True)

    _sql_constraints = [("day_unique", "UNIQUE (company_id, day)", "One row per company and day.")]

    @api.depends("revenue", "variable_costs")
    def _compute_contribution(self):
        for row in self:
            row.contribution = row.revenue - row.variable_costs

    @api.model
    def _replace_days_of(self, company, periods):
        """Replace the rows of every day of `periods` (months) for `company`: one read and one write per
        run of consecutive periods, not per month."""
        runs = []
        for period in sorted(periods, key=lambda period: period.date_start):
            if runs and period.date_start <= runs[-1].date_end + timedelta(days=1):
                runs[-1] = Period("days", runs[-1].date_start, max(runs[-1].date_end, period.date_end))
            else:
                runs.append(Period("days", period.date_start, period.date_end))
        for period in runs:
            self._replace_run(company, period)

    @api.model
    def _replace_run(self, company, period):
        """Replace the rows of every day of `period` (any run of days): one query to read, one to write."""
        collector = self.env["reseller.kpi.collector"]
        scope = collector._scope(company, period)
        sales = collector._family("sales")._facts(company, scope.start, scope.stop)
        finance = collector._family("finance")._facts(scope)
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """DELETE FROM reseller_kpi_day WHERE company_id = %s AND day BETWEEN %s AND %s""",
                company.id,
                period.date_start,
                period.date_end,
            )
        )
        self.env.cr.execute(
            SQL(
                """WITH sales AS (
                       SELECT %(sale_day)s AS day, SUM(s.revenue) AS revenue, SUM(s.revenue - s.margin) AS costs
                         FROM (%(sales)s) s GROUP BY 1
                   ), costs AS (
                       SELECT f.day, SUM(f.balance) AS costs FROM (%(finance)s) f WHERE f.variable GROUP BY 1
                   )
                   INSERT INTO reseller_kpi_day
                          (company_id, day, revenue, variable_costs, computed_at,
                           create_uid, create_date, write_uid, write_date)
                   SELECT %(company)s, d.day, COALESCE(s.revenue, 0), COALESCE(s.costs, 0) + COALESCE(c.costs, 0),
                          %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM (SELECT generate_series(%(first)s::date, %(last)s::date, '1 day')::date AS day) d
                     LEFT JOIN sales s ON s.day = d.day
                     LEFT JOIN costs c ON c.day = d.day""",
                sale_day=local_day(SQL("s.date_order"), scope.tz),
                sales=sales,
                finance=finance,
                company=company.id,
                now=now,
                uid=self.env.uid,
                first=period.date_start,
                last=period.date_end,
            )
        )
        self.invalidate_model()
