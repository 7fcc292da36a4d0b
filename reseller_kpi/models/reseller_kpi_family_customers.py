"""Customers: lifecycle counts and rates, per-active figures, activation and CLV.

The facts are one row per customer (commercial partner), for the company, for
each team and for each salesperson of its orders, with a flag per lifecycle
set; and one row per prospect of the period. The counts and the member query read them.
"""

from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from ..engine import formulas
from ..engine.aggregates import CustomerAggregate, SalesAggregate
from ..engine.codes import _lt
from .reseller_kpi_collector import COMPANY, MemberSet, local_day, merged


def _lifecycle(flag, label):
    return MemberSet("res.partner", "_lifecycle_facts", "customer", SQL.identifier("f", flag), label)


def _activation(flag, label):
    return MemberSet("res.partner", "_activation_facts", "customer", SQL.identifier("f", flag), label)


class ResellerKpiFamilyCustomers(models.AbstractModel):
    _name = "reseller.kpi.family.customers"
    _inherit = "reseller.kpi.family"
    _description = "Reseller KPIs: customers"

    _kpi_dimensions = {"team_id": "crm.team", "user_id": "res.users"}
    _kpi_member_sets = {
        "active": _lifecycle("active", _lt("Active customers")),
        "active_start": _lifecycle("active_start", _lt("Active customers at start")),
        "new": _lifecycle("new", _lt("New customers")),
        "reactivated": _lifecycle("reactivated", _lt("Reactivated customers")),
        "churned": _lifecycle("churned", _lt("Churned customers")),
        "retained": _lifecycle("retained", _lt("Retained customers")),
        "active_year_before": _lifecycle("active_year_before", _lt("Active customers a year before")),
        "churned_year": _lifecycle("churned_year", _lt("Churned customers of the 365 days")),
        "prospects": _activation("prospects", _lt("Prospects")),
        "activated": _activation("activated", _lt("Activated prospects")),
    }
    # the customers' list with their first and last order, lifecycle and figures of the 365 days
    _kpi_records_action = "reseller_kpi.res_partner_action_customers"

    @api.model
    def _lifecycle_facts(self, scope):
        """One row per customer (every g_ flag 1), per customer and team of its orders (g_team_id 0)
        and per customer and salesperson of its orders (g_user_id 0): a team's or a salesperson's
        lifecycle is taken over their orders only.

        active(d) = customers with a confirmed order dated in [d - W + 1, d], of any sales channel.
        """
        window = scope.company.reseller_kpi_inactivity_days
        first, last = scope.first, scope.last
        return SQL(
            """WITH orders AS (
                   SELECT o.customer, o.team_id, o.user_id, %(day)s AS day FROM (%(orders)s) o
               ), per_customer AS (
                   SELECT customer, team_id, user_id,
                          GROUPING(team_id) AS g_team_id, GROUPING(user_id) AS g_user_id,
                          MIN(day) AS first_day,
                          BOOL_OR(day >= %(end_window)s) AS active_end,
                          BOOL_OR(day BETWEEN %(start_window)s AND %(before_start)s) AS active_start,
                          BOOL_OR(day >= %(first_day)s) AS ordered,
                          BOOL_OR(day BETWEEN %(year_window)s AND %(before_year)s) AS active_year_before
                     FROM orders
                    GROUP BY GROUPING SETS ((customer), (customer, team_id), (customer, user_id))
               )
               SELECT customer, team_id, user_id, g_team_id, g_user_id,
                      active_end AS active, active_start,
                      first_day >= %(first_day)s AS new,
                      ordered AND first_day < %(first_day)s AND NOT active_start AS reactivated,
                      active_start AND NOT active_end AS churned,
                      active_start AND active_end AS retained,
                      active_year_before,
                      active_year_before AND NOT active_end AS churned_year
                 FROM per_customer""",
            day=local_day(SQL("o.date_order"), scope.tz),
            orders=self._collector._customer_orders(scope.company, scope.stop),
            first_day=first,
            end_window=last - timedelta(days=window - 1),
            start_window=first - timedelta(days=window),
            before_start=first - timedelta(days=1),
            year_window=scope.year_first - timedelta(days=window),
            before_year=scope.year_first - timedelta(days=1),
        )

    @api.model
    def _activation_facts(self, scope):
        """One row per prospect: a customer whose first lead (archived ones count) was created in
        the period with no confirmed order before it; activated when its first order came within
        A days. Its team and salesperson are the first lead's; leads without partner cannot count."""
        return SQL(
            """WITH first_lead AS (
                   SELECT DISTINCT ON (p.commercial_partner_id)
                          p.commercial_partner_id AS customer, l.create_date, l.team_id, l.user_id
                     FROM crm_lead l
                     JOIN res_partner p ON p.id = l.partner_id
                    WHERE l.company_id = %(company)s
                    ORDER BY p.commercial_partner_id, l.create_date, l.id
               ), first_order AS (
                   SELECT o.customer, MIN(o.date_order) AS date_order FROM (%(orders)s) o GROUP BY o.customer
               )
               SELECT fl.customer, fl.team_id, fl.user_id, TRUE AS prospects,
                      COALESCE(%(order_day)s <= %(lead_day)s + %(activation_days)s, FALSE) AS activated
                 FROM first_lead fl
                 LEFT JOIN first_order fo ON fo.customer = fl.customer
                WHERE fl.create_date >= %(start)s AND fl.create_date < %(stop)s
                  AND (fo.date_order IS NULL OR fo.date_order >= fl.create_date)""",
            company=scope.company.id,
            orders=self._collector._customer_orders(scope.company),
            order_day=local_day(SQL("fo.date_order"), scope.tz),
            lead_day=local_day(SQL("fl.create_date"), scope.tz),
            activation_days=scope.company.reseller_kpi_activation_days,
            start=scope.start,
            stop=scope.stop,
        )

    @api.model
    def _aggregate(self, scope, aggregates=None):
        """Lifecycle and activation counts by company, team and salesperson (their customers are those
        of their orders; their prospects those of their first leads), with the margin of the 365 days
        for CLV."""
        # every set of each facts is counted from its own condition: none can be forgotten
        lifecycle_sets = [name for name, ms in self._kpi_member_sets.items() if ms.facts == "_lifecycle_facts"]
        activation_sets = [name for name, ms in self._kpi_member_sets.items() if ms.facts == "_activation_facts"]
        lifecycle = self._collector._fetch(
            SQL(
                "SELECT team_id, user_id, g_team_id, g_user_id, %s FROM (%s) f"
                " GROUP BY team_id, user_id, g_team_id, g_user_id",
                self._counts(lifecycle_sets),
                self._lifecycle_facts(scope),
            )
        )
        activation = self._collector._fetch(self._grouped(self._activation_facts(scope), self._counts(activation_sets)))
        margins = self.env["reseller.kpi.family.sales"]._margin_year(scope)
        row_key = self._collector._row_key
        return merged(
            CustomerAggregate,
            {key: row for row in lifecycle if (key := row_key(row, self._kpi_dimensions)) is not None},
            {key: row for row in activation if (key := row_key(row, self._kpi_dimensions)) is not None},
            {key: {"margin_year": margin} for key, margin in margins.items()},
        )

    @api.model
    def _kpi_values(self, key, agg, aggregates):
        sales = aggregates.get("sales", {}).get(key, SalesAggregate())
        return formulas.customer_values(agg, sales)

    @api.model
    def _member_query(self, scope, member_set, key):
        members = self._kpi_member_sets[member_set]
        if members.facts != "_lifecycle_facts":
            return super()._member_query(scope, member_set, key)
        # the company's rows are those where every dimension is rolled up, a team's or a salesperson's
        # those grouped by it
        rolled = {model: SQL.identifier("f", f"g_{column}") for column, model in self._kpi_dimensions.items()}
        if key == COMPANY:
            grouping = SQL(" AND ").join(SQL("%s = 1", flag) for flag in rolled.values())
        else:
            grouping = SQL("%s = 0", rolled[key[0]])
        condition = SQL("%s AND %s", grouping, members.condition)
        return members.model, self._members(self._lifecycle_facts(scope), "customer", condition, key)
