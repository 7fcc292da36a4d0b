"""Figures stored on records: per customer, per vendor and per category, over the last 365 days."""

from datetime import datetime

from odoo import api, models
from odoo.tools import SQL

from ..engine import formulas
from ..engine.periods import Period, local_date, rolling_year, utc_bounds
from .reseller_kpi_collector import local_day


class ResellerKpiCollector(models.AbstractModel):
    _inherit = "reseller.kpi.collector"

    @api.model
    def _refresh_records(self, company, today=None):
        """Per-customer, per-vendor and per-category figures of `company`, as of `today`."""
        today = today or self.env["reseller.kpi.value"]._today(company)
        tz = self._tz(company)
        year_first, year_last = rolling_year(today)
        year_start, year_stop = utc_bounds(year_first, year_last, tz)
        # customers: first/last order, count, revenue and margin over the last 365 days, lifecycle
        customers = self._fetch(
            SQL(
                """WITH orders AS (
                       SELECT o.customer, %(day)s AS day FROM (%(orders)s) o
                   ), recent AS (
                       SELECT l.customer, SUM(l.revenue) AS revenue, SUM(l.margin) AS margin
                         FROM (%(lines)s) l
                        WHERE l.customer IS NOT NULL
                        GROUP BY l.customer
                   ), leads AS (
                       SELECT DISTINCT p.commercial_partner_id AS customer
                         FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
                        WHERE l.company_id = %(company)s
                   ), per_customer AS (
                       SELECT customer, MIN(day) AS first_day, MAX(day) AS last_day, COUNT(*) AS orders
                         FROM orders GROUP BY customer
                   )
                   SELECT COALESCE(c.customer, leads.customer) AS customer, c.first_day, c.last_day,
                          COALESCE(c.orders, 0) AS orders, COALESCE(r.revenue, 0) AS revenue,
                          COALESCE(r.margin, 0) AS margin, leads.customer IS NOT NULL AS has_lead
                     FROM per_customer c
                     FULL JOIN leads ON leads.customer = c.customer
                     LEFT JOIN recent r ON r.customer = c.customer""",
                day=local_day(SQL("o.date_order"), tz),
                orders=self._customer_orders(company, year_stop),
                lines=self._family("sales")._lean_lines(company, year_start, year_stop),
                company=company.id,
            )
        )
        window, new_age = company.reseller_kpi_inactivity_days, company.reseller_kpi_new_customer_days
        self._set_company_dependent(
            "res.partner",
            company,
            [
                "reseller_kpi_first_order_date",
                "reseller_kpi_last_order_date",
                "reseller_kpi_order_count",
                "reseller_kpi_revenue_365",
                "reseller_kpi_margin_365",
                "reseller_kpi_lifecycle_state",
            ],
            [
                (
                    row["customer"],
                    row["first_day"],
                    row["last_day"],
                    row["orders"],
                    row["revenue"],
                    row["margin"],
                    formulas.lifecycle_state(
                        today, row["first_day"], row["last_day"], row["has_lead"], window, new_age
                    ),
                )
                for row in customers
            ],
        )
        # vendors: on-time and in-full rates over the last 365 days, and grade
        year = self._scope(company, Period("rolling", year_first, year_last))
        vendors = self._family("supplier")._aggregate(year)
        vendor_rows = []
        for (model, vendor_id), agg in vendors.items():
            if model != "res.partner":
                continue
            values = formulas.supplier_values(agg)
            otd = values["supplier.otd_rate"].value
            vendor_rows.append((vendor_id, otd, values["supplier.otif_rate"].value, formulas.grade(otd)))
        self._set_company_dependent(
            "res.partner",
            company,
            ["reseller_kpi_otd_rate", "reseller_kpi_otif_rate", "reseller_kpi_supplier_grade"],
            vendor_rows,
        )
        # categories: revenue, margin and margin rate over the last 365 days, rolled up
        category_rows = []
        sales = self._family("sales")
        for (_model, category_id), agg in sales._by_category(sales._facts(company, year_start, year_stop)).items():
            values = formulas.sales_values(agg)
            category_rows.append((category_id, agg.revenue, agg.margin, values["margin.rate"].value))
        self._set_company_dependent(
            "product.category",
            company,
            ["reseller_kpi_revenue_12m", "reseller_kpi_margin_12m", "reseller_kpi_margin_rate_12m"],
            category_rows,
        )

    # ------------------------------------------------------------------ what changed since the last run
    @api.model
    def _touched_dates(self, company, since):
        """Queries giving the earliest KPI date (a naive UTC datetime or a date) of each kind of record
        of `company` written since `since`: the date that puts it into a period."""
        return [
            SQL(
                "SELECT MIN(date_order) FROM sale_order WHERE company_id = %s AND write_date >= %s",
                company.id,
                since,
            ),
            SQL(
                "SELECT MIN(date) FROM stock_move WHERE company_id = %s AND state = 'done' AND write_date >= %s",
                company.id,
                since,
            ),
            SQL(
                "SELECT MIN(date_approve) FROM purchase_order WHERE company_id = %s AND write_date >= %s",
                company.id,
                since,
            ),
            SQL(
                "SELECT MIN(date_planned) FROM purchase_order_line WHERE company_id = %s AND write_date >= %s",
                company.id,
                since,
            ),
            SQL(
                """SELECT MIN(LEAST(create_date, COALESCE(date_closed, create_date)))
                     FROM crm_lead WHERE company_id = %s AND write_date >= %s""",
                company.id,
                since,
            ),
            SQL(
                "SELECT MIN(date)::timestamp FROM account_move_line WHERE company_id = %s AND write_date >= %s",
                company.id,
                since,
            ),
        ]

    @api.model
    def _earliest_touched_day(self, company, since):
        """The earliest local day whose KPIs records written since `since` can change, or None."""
        self.env.flush_all()
        tz = self._tz(company)
        earliest = None
        for query in self._touched_dates(company, since):
            self.env.cr.execute(query)
            moment = self.env.cr.fetchone()[0]
            if moment is None:
                continue
            day = local_date(moment, tz) if isinstance(moment, datetime) else moment
            earliest = day if earliest is None else min(earliest, day)
        return earliest
