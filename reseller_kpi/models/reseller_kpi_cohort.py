"""Cohort retention cells (contract, "Dashboard figures"), stored by the nightly refresh.

A customer's cohort is the month (local date) of its first confirmed order
ever in the company; the cell (cohort c, offset k) counts the customers of c
with a confirmed order dated in month c + k. Offset 0 is the cohort's size.
The dashboard reads the cells; it computes nothing.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .reseller_kpi_collector import company_tz, local_day

MAX_OFFSET = 11


class ResellerKpiCohort(models.Model):
    _name = "reseller.kpi.cohort"
    _description = "Reseller KPI cohort retention cell"
    _order = "company_id, cohort_month desc, month_offset"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    cohort_month = fields.Date(required=True, readonly=True, help="First day of the month of the first orders.")
    month_offset = fields.Integer(required=True, readonly=True, help="Months after the cohort's month (0: its size).")
    customer_count = fields.Integer(
        "Customers", readonly=True, help="Customers of the cohort with a confirmed order in that month."
    )
    computed_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("cell_unique", "UNIQUE (company_id, cohort_month, month_offset)", "One cell per cohort and month."),
    ]

    @api.model
    def _months(self, company):
        """One row per confirmed order of a customer in `company` (any channel): (customer, local month).

        Not made distinct here: a DISTINCT over the channels' UNION ALL is planned as a parallel hash
        aggregate that PostgreSQL 15 spills into hundreds of thousands of batches (5 minutes at 1 million
        lines against 2 s); the cells count distinct customers instead."""
        return SQL(
            """SELECT o.customer, date_trunc('month', %(day)s)::date AS month FROM (%(orders)s) o""",
            day=local_day(SQL("o.date_order"), company_tz(company)),
            orders=self.env["reseller.kpi.collector"]._customer_orders(company),
        )

    @api.model
    def _cells(self, company):
        """(cohort month, offset, customers) of every cohort of `company`, offsets 0 to 11."""
        self.env.cr.execute(
            SQL(
                """WITH months AS MATERIALIZED (%(months)s),
                        cohorts AS (SELECT customer, MIN(month) AS cohort FROM months GROUP BY customer)
                   SELECT c.cohort,
                          ((EXTRACT(YEAR FROM m.month) - EXTRACT(YEAR FROM c.cohort)) * 12
                           + EXTRACT(MONTH FROM m.month) - EXTRACT(MONTH FROM c.cohort))::int AS month_offset,
                          COUNT(DISTINCT m.customer) AS customers
                     FROM cohorts c JOIN months m ON m.customer = c.customer
                    WHERE m.month <= (c.cohort + %(span)s::interval)
                    GROUP BY 1, 2""",
                months=self._months(company),
                span=f"{MAX_OFFSET} months",
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _refresh_company(self, company):
        """Replace the stored cells of `company` (one query to read, one to write)."""
        self.env.flush_all()
        now = fields.Datetime.now()
        cells = self._cells(company)
        self.env.cr.execute(SQL("DELETE FROM reseller_kpi_cohort WHERE company_id = %s", company.id))
        if cells:
            self.env.cr.execute(
                SQL(
                    """INSERT INTO reseller_kpi_cohort
                           (company_id, cohort_month, month_offset, customer_count, computed_at,
                            create_uid, create_date, write_uid, write_date)
                       VALUES %s""",
                    SQL(", ").join(
                        SQL(
                            "(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                            company.id,
                            cohort,
                            offset,
                            count,
                            now,
                            self.env.uid,
                            now,
                            self.env.uid,
                            now,
                        )
                        for cohort, offset, count in cells
                    ),
                )
            )
        self.invalidate_model()
        return len(cells)

    @api.model
    def _member_ids(self, company, cohort_month, month_offset):
        """The customers counted in one cell: of the cohort, with an order in month cohort + offset."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """WITH months AS MATERIALIZED (%(months)s),
                        cohorts AS (SELECT customer, MIN(month) AS cohort FROM months GROUP BY customer)
                   SELECT DISTINCT c.customer
                     FROM cohorts c JOIN months m ON m.customer = c.customer
                    WHERE c.cohort = %(cohort)s AND m.month = %(month)s""",
                months=self._months(company),
                cohort=cohort_month,
                month=cohort_month + relativedelta(months=month_offset),
            )
        )
        return sorted(row[0] for row in self.env.cr.fetchall())
