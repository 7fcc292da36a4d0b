"""Customers to call: a salesperson's customers who are at risk, or who churned in the last 90 days.

A salesperson's customers are those of their confirmed orders, and the lifecycle is taken over those
orders only (the contract's salesperson dimension, with the per-customer lifecycle of the contract:
at risk when the last order is older than 0.75 × W, churned when there is none in the last W days).
The list is read live from the orders, in one query for the whole list, so it is right the moment an
order is confirmed; it is a list of ``res.partner`` where Odoo's own actions work (a message, an
e-mail, an activity scheduled on several customers at once).
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..engine import formulas
from ..engine.periods import utc_bounds
from . import kpi_arguments as arguments
from .reseller_kpi_collector import local_day

CHURNED_SINCE_DAYS = 90  # churned customers are listed for the 90 days after they churned
CALL_STATES = [("at_risk", "At risk"), ("churned", "Churned")]


class ResellerKpiCallList(models.AbstractModel):
    _name = "reseller.kpi.call.list"
    _description = "Reseller KPIs: customers to call"

    @api.model
    def _customers(self, company, salesperson, partner_ids=None):
        """{customer id: figures} of the customers to call of `salesperson` (every salesperson's when
        empty) in `company`: state, last order, confirmed orders, revenue of the 365 days ending
        today and the usual interval between order days (empty with a single order day)."""
        value_model = self.env["reseller.kpi.value"]
        today = value_model._today(company)
        tz = self.env["reseller.kpi.collector"]._tz(company)
        window = company.reseller_kpi_inactivity_days
        year_first = today - timedelta(days=364)
        year_start, year_stop = utc_bounds(year_first, today, tz)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """WITH orders AS (
                       SELECT o.customer, %(day)s AS day
                         FROM (%(orders)s) o
                        WHERE (%(user)s::int4 IS NULL OR o.user_id = %(user)s::int4)
                          AND (%(partners)s::int4[] IS NULL OR o.customer = ANY(%(partners)s::int4[]))
                   ), per_customer AS (
                       SELECT customer, MIN(day) AS first_day, MAX(day) AS last_day,
                              COUNT(*) AS orders, COUNT(DISTINCT day) AS order_days
                         FROM orders
                        WHERE day <= %(today)s
                        GROUP BY customer
                       HAVING MAX(day) < %(risk_before)s AND MAX(day) >= %(churn_floor)s
                   ), revenue AS (
                       SELECT l.customer, SUM(l.revenue) AS revenue
                         FROM (%(lines)s) l
                        WHERE (%(user)s::int4 IS NULL OR l.user_id = %(user)s::int4)
                          AND %(line_day)s BETWEEN %(year_first)s AND %(today)s
                          AND l.customer IN (SELECT customer FROM per_customer)
                        GROUP BY l.customer
                   )
                   SELECT c.customer, c.first_day, c.last_day, c.orders, c.order_days, r.revenue
                     FROM per_customer c
                     LEFT JOIN revenue r ON r.customer = c.customer""",
                day=local_day(SQL("o.date_order"), tz),
                orders=self.env["reseller.kpi.collector"]._customer_orders(company),
                lines=self.env["reseller.kpi.family.sales"]._lean_lines(company, year_start, year_stop),
                line_day=local_day(SQL("l.date_order"), tz),
                user=salesperson.id or None,
                partners=list(partner_ids) if partner_ids is not None else None,
                today=today,
                # a first filter on the last order day; the lifecycle below decides exactly
                risk_before=today - timedelta(days=int(0.75 * window)),
                churn_floor=today - timedelta(days=window + CHURNED_SINCE_DAYS - 1),
                year_first=year_first,
            )
        )
        customers = {}
        for customer, first_day, last_day, orders, order_days, revenue in self.env.cr.fetchall():
            state = formulas.lifecycle_state(
                today, first_day, last_day, False, window, company.reseller_kpi_new_customer_days
            )
            if state not in ("at_risk", "churned"):
                continue
            customers[customer] = {
                "state": state,
                "last_order": last_day,
                "orders": orders,
                "revenue": revenue or 0.0,
                "interval": (last_day - first_day).days / (order_days - 1) if order_days > 1 else None,
            }
        return customers

    @api.model
    def _salesperson(self, company, user_id):
        """The salesperson whose list is asked for: oneself, or anyone for a salesperson on all documents
        and a KPI manager (every salesperson's customers when none is given)."""
        dashboard = self.env["reseller.kpi.dashboard"]
        if dashboard._own_documents_only():
            if user_id not in (None, False, self.env.uid):
                raise AccessError(self.env._("You can list your own customers to call only."))
            return self.env.user
        return arguments.salesperson(self.env, user_id, company)

    @api.model
    def _action(self, company, salesperson):
        customers = self._customers(company, salesperson)
        if salesperson:
            name = self.env._("Customers to call · %s", salesperson.name)
        else:
            name = self.env._("Customers to call · every salesperson")
        action = self.env["reseller.kpi.collector"]._list_action(
            "res.partner", sorted(customers), name, "reseller_kpi.res_partner_action_customers_to_call"
        )
        action["context"] = dict(
            action["context"],
            reseller_kpi_call_company=company.id,
            reseller_kpi_call_user=salesperson.id or False,
        )
        return action


class ResPartner(models.Model):
    _inherit = "res.partner"

    reseller_kpi_call_state = fields.Selection(
        CALL_STATES, "State (salesperson)", compute="_compute_reseller_kpi_call", groups="reseller_kpi.group_user"
    )
    reseller_kpi_call_last_order = fields.Date(
        "Last order (salesperson)", compute="_compute_reseller_kpi_call", groups="reseller_kpi.group_user"
    )
    reseller_kpi_call_orders = fields.Integer(
        "Orders (salesperson)", compute="_compute_reseller_kpi_call", groups="reseller_kpi.group_user"
    )
    reseller_kpi_call_revenue = fields.Float(
        "Revenue, 365 days (salesperson)",
        compute="_compute_reseller_kpi_call",
        groups="reseller_kpi.group_user",
        digits="Account",
    )
    reseller_kpi_call_interval = fields.Float(
        "Usual interval (days)",
        compute="_compute_reseller_kpi_call",
        groups="reseller_kpi.group_user",
        digits=(16, 0),
        help="Mean number of days between two order days of this customer with this salesperson.",
    )

    @api.depends_context("reseller_kpi_call_company", "reseller_kpi_call_user", "uid")
    def _compute_reseller_kpi_call(self):
        """The figures of the list of customers to call, for the salesperson of its context, in one query."""
        figures = {}
        company_id = self.env.context.get("reseller_kpi_call_company")
        company = self.env["res.company"].browse(company_id) if isinstance(company_id, int) else None
        if company and company in self.env.companies and self.ids:
            call_list = self.env["reseller.kpi.call.list"]
            try:
                salesperson = call_list._salesperson(company, self.env.context.get("reseller_kpi_call_user"))
            except UserError:
                salesperson = None  # another salesperson's figures, or no salesperson at all: none
            if salesperson is not None:
                figures = call_list._customers(company, salesperson, self.ids)
        for partner in self:
            found = figures.get(partner.id, {})
            partner.reseller_kpi_call_state = found.get("state", False)
            partner.reseller_kpi_call_last_order = found.get("last_order", False)
            partner.reseller_kpi_call_orders = found.get("orders", 0)
            partner.reseller_kpi_call_revenue = found.get("revenue", 0.0)
            partner.reseller_kpi_call_interval = found.get("interval") or 0.0
