"""Customers: lifecycle counts and rates, per-active figures, activation and CLV.

The facts are one row per customer (commercial partner), for the company, for
each team and for each salesperson of its orders, with a flag per lifecycle
set; and one row per prospect of the period. The counts and the member query read them.
"""

from datetime import timedelta

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import formulas
from ..engine.aggregates import CustomerAggregate, SalesAggregate
from ..engine.codes import _lt
from .reseller_kpi_collector import COMPANY, MemberSet, local_day


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
    def _prospects(self, company, tz):
        """One row per customer whose first lead (archived ones count) has no confirmed order before
        it, with that lead's creation, team and salesperson; activated when its first order came within
        A days (local days in `tz`). Leads without partner cannot count."""
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
               SELECT fl.customer, fl.team_id, fl.user_id, fl.create_date, TRUE AS prospects,
                      COALESCE(%(order_day)s <= %(lead_day)s + %(activation_days)s, FALSE) AS activated
                 FROM first_lead fl
                 LEFT JOIN first_order fo ON fo.customer = fl.customer
                WHERE fo.date_order IS NULL OR fo.date_order >= fl.create_date""",
            company=company.id,
            orders=self._collector._customer_orders(company),
            order_day=local_day(SQL("fo.date_order"), tz),
            lead_day=local_day(SQL("fl.create_date"), tz),
            activation_days=company.reseller_kpi_activation_days,
        )

    @api.model
    def _activation_facts(self, scope):
        """One row per prospect of the period: its first lead was created in the period (see `_prospects`)."""
        return SQL(
            "SELECT * FROM (%s) f WHERE f.create_date >= %s AND f.create_date < %s",
            self._prospects(scope.company, scope.tz),
            scope.start,
            scope.stop,
        )

    @api.model
    def _spells(self, company, tz, stop, dimensions=True, customers=None):
        """SQL of the spells of activity of `company`'s customers from their orders dated before `stop`
        (naive UTC; None: all): (customer, team_id, user_id, g_team_id, g_user_id, first_day, start_day,
        end_day); with `customers` (SQL of customer ids), of those customers only.

        A customer is active on the W days from each of its confirmed orders (of any channel): orders
        at most W days apart make one spell, [its first order's local day, its last one's + W - 1], so
        "active on day X" is "a spell holds X" (spells of a customer never overlap). The spells are
        those of the customer over all its orders (g_team_id = g_user_id = 1) and, with `dimensions`,
        over the orders of each of its teams (g_team_id = 0) and salespeople (g_user_id = 0);
        first_day is the first order's day of the same orders.
        """
        window = company.reseller_kpi_inactivity_days
        group = SQL("customer, team_id, user_id, g_team_id, g_user_id")
        by_dimension = SQL(
            """UNION ALL
               SELECT customer, team_id, NULL, 0, 1, day FROM orders
               UNION ALL
               SELECT customer, NULL, user_id, 1, 0, day FROM orders"""
        )
        return SQL(
            """WITH orders AS MATERIALIZED (
                       -- no DISTINCT: an order of the same day continues the spell, and a hashed DISTINCT
                       -- misestimated by PostgreSQL spills to disk in as many batches as rows
                       SELECT o.customer, o.team_id, o.user_id, %(day)s AS day FROM (%(orders)s) o %(only)s
                   ), keyed AS (
                       -- the customer over all its orders, over those of each team, of each salesperson
                       SELECT customer, NULL::int AS team_id, NULL::int AS user_id, 1 AS g_team_id, 1 AS g_user_id,
                              day
                         FROM orders
                       %(by_dimension)s
                   ), marked AS (
                       SELECT k.*, CASE WHEN k.day - LAG(k.day) OVER w <= %(window)s THEN 0 ELSE 1 END AS starts,
                              MIN(k.day) OVER (PARTITION BY %(group)s) AS first_day
                         FROM keyed k
                       WINDOW w AS (PARTITION BY %(group)s ORDER BY k.day)
                   ), numbered AS (
                       SELECT m.*, SUM(m.starts) OVER (PARTITION BY %(group)s ORDER BY m.day ROWS UNBOUNDED PRECEDING)
                                   AS spell
                         FROM marked m
                   )
                   SELECT %(group)s, first_day, MIN(day) AS start_day, MAX(day) + %(window)s - 1 AS end_day
                     FROM numbered
                    GROUP BY %(group)s, first_day, spell""",
            day=local_day(SQL("o.date_order"), tz),
            orders=self._collector._customer_orders(company, stop),
            only=SQL("WHERE o.customer IN (%s)", customers) if customers is not None else SQL(),
            by_dimension=by_dimension if dimensions else SQL(),
            window=window,
            group=group,
        )

    @api.model
    def _spells_of(self, scopes, dimensions=True):
        """The customers' spells of activity for the periods of `scopes` (see `_spells`): in a pass of
        `_compute_periods`, those stored for the company (``reseller.kpi.customer.spell``), brought in
        step with its orders once per pass, or, when another transaction is syncing them, computed
        once into the pass's temporary table (see `_shared`); every family of the pass reads the same.
        Outside a pass (a drill-down, maybe on the read-only replica) the query itself, with the
        dimensions' rows only if `dimensions`. Those of the company as a whole are the rows where
        g_team_id = g_user_id = 1.

        The stored spells count every order, also those after the last period: that changes no
        reader's answer, as activity on a day depends only on the orders of the W days up to it, and
        every reader asks about days of its periods (a spell holds X, starts in a period)."""
        scope = scopes[0]
        Stored = self.env["reseller.kpi.customer.spell"]

        def build():
            # a pass's table serves every reader of the pass: with the dimensions
            with_dimensions = dimensions or scope.shared is not None
            return self._spells(scope.company, scope.tz, self._span(scopes)[1], dimensions=with_dimensions)

        def stored():
            synced = Stored._sync(scope.company, scope.tz)
            return None if synced is False else Stored._relation(scope.company)

        return self._collector._shared(scopes, "customer_spells", build, stored=stored)

    @api.model
    def _lifecycle_counts(self, scopes, names):
        """SQL of the lifecycle counts `names` of every period of `scopes`, by company (both flags 1), team
        and salesperson: the same sets as `_lifecycle_facts`, from one pass over the orders.

        A customer's orders (over all of them, over a team's, over a salesperson's) make it active on
        the W days from each; consecutive orders at most W days apart make one *spell* of activity,
        [its first order's day, its last order's day + W - 1]. Active on day X is then "a spell holds X".
        Each customer's spells are gathered into one set of days (a multirange), read once per period
        without grouping the customer's rows again: active = the set holds the last day; active at
        start = it holds the day before the first; reactivated = not active at start, active on a day
        of the period (so a spell started in it), and not the customer's first order.
        """
        flags = {
            "active": SQL("pc.active_end"),
            "active_start": SQL("pc.active_start"),
            "new": SQL("pc.is_new"),
            "reactivated": SQL("pc.active_in AND NOT pc.is_new AND NOT pc.active_start"),
            "churned": SQL("pc.active_start AND NOT pc.active_end"),
            "retained": SQL("pc.active_start AND pc.active_end"),
            "active_year_before": SQL("pc.active_year_before"),
            "churned_year": SQL("pc.active_year_before AND NOT pc.active_end"),
        }
        counts = SQL(", ").join(
            SQL("COUNT(*) FILTER (WHERE %s) AS %s", flags[name], SQL.identifier(name)) for name in names
        )
        if self.env.cr.connection.server_version < 140000:
            raise UserError(
                self.env._("The customer KPIs need PostgreSQL 14 or later (multiranges): upgrade the database server.")
            )
        return SQL(
            """WITH spells AS MATERIALIZED (%(spells)s),
               periods AS (%(periods)s),
               customers AS MATERIALIZED (
                   -- each customer's days of activity (its spells never overlap), over all its orders, a
                   -- team's or a salesperson's; first_day is the same on each of its spells
                   SELECT customer, team_id, user_id, g_team_id, g_user_id, MIN(first_day) AS first_day,
                          range_agg(daterange(start_day, end_day, '[]')) AS days
                     FROM spells
                    GROUP BY customer, team_id, user_id, g_team_id, g_user_id
               ), counted AS (
                   -- period by period: a few groups each, counted in memory, where one grouping of every
                   -- (period, customer) row would sort millions of them
                   SELECT p.period_index, pc.*
                     FROM periods p
                    CROSS JOIN LATERAL (
                          SELECT team_id, user_id, g_team_id, g_user_id, %(counts)s
                            FROM (SELECT c.team_id, c.user_id, c.g_team_id, c.g_user_id,
                                         c.days @> p.last_day AS active_end,
                                         c.days @> (p.first_day - 1) AS active_start,
                                         c.days && daterange(p.first_day, p.last_day, '[]') AS active_in,
                                         c.days @> (p.year_first - 1) AS active_year_before,
                                         c.first_day >= p.first_day AS is_new
                                    FROM customers c
                                   WHERE c.first_day <= p.last_day) pc
                           GROUP BY team_id, user_id, g_team_id, g_user_id
                    ) pc
               ), keys AS (
                   SELECT team_id, user_id, g_team_id, g_user_id, MIN(first_day) AS first_day
                     FROM spells GROUP BY team_id, user_id, g_team_id, g_user_id
               )
               -- every team and salesperson with an order before the period's end has its counts, 0 or not
               SELECT p.period_index, k.team_id, k.user_id, k.g_team_id, k.g_user_id, %(columns)s
                 FROM keys k
                 JOIN periods p ON k.first_day <= p.last_day
                 LEFT JOIN counted c ON c.period_index = p.period_index
                                    AND c.g_team_id = k.g_team_id AND c.g_user_id = k.g_user_id
                                    AND c.team_id IS NOT DISTINCT FROM k.team_id
                                    AND c.user_id IS NOT DISTINCT FROM k.user_id""",
            spells=self._spells_of(scopes),
            periods=self._periods_table(scopes),
            counts=counts,
            columns=SQL(", ").join(SQL.identifier("c", name) for name in names),
        )

    @api.model
    def _aggregate(self, scope, aggregates=None):
        return self._one_period(scope, aggregates)

    @api.model
    def _aggregate_periods(self, scopes, aggregates=None):
        """Lifecycle and activation counts of every period by company, team and salesperson (their
        customers are those of their orders; their prospects those of their first leads), with the
        margin of the 365 days for CLV; each kind of fact is read once for the whole range."""
        # every set of each facts is counted from its own condition: none can be forgotten
        lifecycle_sets = [name for name, ms in self._kpi_member_sets.items() if ms.facts == "_lifecycle_facts"]
        activation_sets = [name for name, ms in self._kpi_member_sets.items() if ms.facts == "_activation_facts"]
        prospects = self._in_periods(self._prospects(scopes[0].company, scopes[0].tz), scopes, "create_date")
        margins = self.env["reseller.kpi.family.sales"]._margin_years(scopes)
        return self._merged_by_period(
            CustomerAggregate,
            scopes,
            self._lifecycle_counts(scopes, lifecycle_sets),
            self._grouped(prospects, self._counts(activation_sets), by_period=True),
            also={
                period: {key: {"margin_year": margin} for key, margin in by_key.items()}
                for period, by_key in margins.items()
            },
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
