"""Sales and margin: revenue, orders, average basket, items, margin and margin rate.

The facts are the period's confirmed order lines (one row per line); the
counts, the category roll-up and the member query all read them. Each row
names its sales channel (``channel``): ``sale`` for the lines of sale orders,
whose records the member sets open; a channel add-on adds its own lines (and
member sets on them) by extending ``_facts`` and ``_lean_lines``.
"""

from odoo import api, models
from odoo.tools import SQL

from ..engine import formulas
from ..engine.aggregates import SalesAggregate, from_row
from ..engine.codes import _lt
from .reseller_kpi_collector import (
    COMPANY,
    CONFIRMED_LINE,
    LINE_MARGIN,
    LINE_REVENUE,
    MemberSet,
    local_day,
    product_qty,
    stored_number,
)

SALE_CHANNEL = SQL("f.channel = 'sale'")


class ResellerKpiFamilySales(models.AbstractModel):
    _name = "reseller.kpi.family.sales"
    _inherit = "reseller.kpi.family"
    _description = "Reseller KPIs: sales and margin"

    _kpi_dimensions = {"team_id": "crm.team", "user_id": "res.users", "source_id": "utm.source"}
    # each order is of one day: every number of a period is the sum of its days' (see `_aggregate_pass`)
    _kpi_additive = True
    _kpi_member_sets = {
        "lines": MemberSet("sale.order.line", "_period_lines", "line_id", SALE_CHANNEL, _lt("Confirmed order lines")),
        "goods_lines": MemberSet(
            "sale.order.line",
            "_period_lines",
            "line_id",
            SQL("%s AND f.goods", SALE_CHANNEL),
            _lt("Confirmed lines of goods"),
        ),
        "orders": MemberSet("sale.order", "_period_lines", "order_id", SALE_CHANNEL, _lt("Confirmed orders")),
        # over the 365 days ending on the period's last day (CLV)
        "lines_365": MemberSet(
            "sale.order.line", "_year_lines", "line_id", SALE_CHANNEL, _lt("Confirmed lines of the 365 days")
        ),
    }

    @api.model
    def _facts(self, company, start, stop):
        """One row per confirmed line of `company` ordered in [start, stop[ (UTC), of every channel."""
        return SQL(
            """SELECT 'sale'::varchar AS channel, l.id AS line_id, so.id AS order_id, so.date_order,
                      so.team_id, so.user_id, so.source_id,
                      pt.categ_id,
                      %(revenue)s AS revenue, %(margin)s AS margin,
                      COALESCE(pt.type = 'consu', FALSE) AS goods,
                      CASE WHEN pt.type = 'consu' THEN %(qty)s ELSE 0 END AS items
                 FROM sale_order_line l
                 JOIN sale_order so ON so.id = l.order_id
                 LEFT JOIN product_product pp ON pp.id = l.product_id
                 LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 LEFT JOIN uom_uom lu ON lu.id = l.product_uom
                 LEFT JOIN uom_uom pu ON pu.id = pt.uom_id
                WHERE %(confirmed)s AND so.company_id = %(company)s
                  AND so.date_order >= %(start)s AND so.date_order < %(stop)s""",
            revenue=LINE_REVENUE,
            margin=LINE_MARGIN,
            qty=product_qty(SQL("l.product_uom_qty"), "lu", "pu"),
            confirmed=CONFIRMED_LINE,
            company=company.id,
            start=start,
            stop=stop,
        )

    @api.model
    def _lean_lines(self, company, start, stop):
        """The confirmed lines of `company` ordered in [start, stop[ (UTC), of every channel, without
        their products: (channel, order_id, customer, team_id, user_id, date_order, revenue, margin),
        the customer being the commercial partner of the order's (none for an anonymous ticket)."""
        return SQL(
            """SELECT 'sale'::varchar AS channel, so.id AS order_id, p.commercial_partner_id AS customer,
                      so.team_id, so.user_id, so.date_order, %(revenue)s AS revenue, %(margin)s AS margin
                 FROM sale_order_line l
                 JOIN sale_order so ON so.id = l.order_id
                 JOIN res_partner p ON p.id = so.partner_id
                WHERE %(confirmed)s AND so.company_id = %(company)s
                  AND so.date_order >= %(start)s AND so.date_order < %(stop)s""",
            revenue=LINE_REVENUE,
            margin=LINE_MARGIN,
            confirmed=CONFIRMED_LINE,
            company=company.id,
            start=start,
            stop=stop,
        )

    @api.model
    def _period_lines(self, scope):
        return self._facts(scope.company, scope.start, scope.stop)

    @api.model
    def _year_lines(self, scope):
        return self._facts(scope.company, scope.year_start, scope.year_stop)

    METRICS = SQL(
        """SUM(f.revenue) AS revenue, COUNT(DISTINCT (f.channel, f.order_id)) AS orders,
           SUM(f.items) AS items, SUM(f.margin) AS margin"""
    )

    @api.model
    def _aggregate(self, scope, aggregates=None):
        return self._one_period(scope, aggregates)

    @api.model
    def _aggregate_periods(self, scopes, aggregates=None):
        """Revenue, orders, items and margin of every period by company, team, salesperson, source and
        category (rolled up): the lines of the whole range are read once, summed by order (an order has
        one team, salesperson and source, so the orders count without DISTINCT), then by period and
        dimension, and by period and category with each category's descendants (through parent_path)."""
        facts = self._in_periods(self._facts(scopes[0].company, *self._span(scopes)), scopes, "date_order")
        dimensions = list(self._kpi_dimensions)
        sets, flags = self._collector._grouping(self._kpi_dimensions, by_period=True)
        rows = self._collector._fetch(
            SQL(
                """WITH f AS MATERIALIZED (
                       -- only the columns read below: the lines of 24 months are written to a temporary
                       -- store, and the narrower the rows, the less it spills (2.4 s less at 1.25 million)
                       SELECT %(order_columns)s, f.categ_id, f.revenue, f.items, f.margin FROM (%(facts)s) f
                   ),
                   orders AS MATERIALIZED (
                       SELECT %(order_columns)s,
                              SUM(f.revenue) AS revenue, SUM(f.items) AS items, SUM(f.margin) AS margin,
                              ARRAY_AGG(DISTINCT f.categ_id) FILTER (WHERE f.categ_id IS NOT NULL) AS leaves
                         FROM f
                        GROUP BY %(order_columns)s
                   ),
                   categories AS MATERIALIZED (%(categories)s),
                   -- a category's revenue, items and margin: the sums of its leaves'
                   leaf_sums AS (
                       SELECT f.period_index, f.categ_id, SUM(f.revenue) AS revenue, SUM(f.items) AS items,
                              SUM(f.margin) AS margin
                         FROM f WHERE f.categ_id IS NOT NULL
                        GROUP BY f.period_index, f.categ_id
                   ),
                   -- its orders: those with a line in it, counted once whatever their other lines, from the
                   -- few distinct sets of categories that orders have
                   leaf_sets AS (
                       SELECT o.period_index, o.leaves, COUNT(*) AS orders
                         FROM orders o WHERE o.leaves IS NOT NULL
                        GROUP BY o.period_index, o.leaves
                   ),
                   set_ancestors AS (
                       SELECT DISTINCT ls.period_index, ls.leaves, ls.orders, c.ancestor_id
                         FROM leaf_sets ls
                         CROSS JOIN LATERAL unnest(ls.leaves) AS leaf(id)
                         JOIN categories c ON c.leaf_id = leaf.id
                   ),
                   category_orders AS (
                       SELECT period_index, ancestor_id, SUM(orders) AS orders
                         FROM set_ancestors GROUP BY period_index, ancestor_id
                   ),
                   category_sums AS (
                       SELECT ls.period_index, c.ancestor_id, SUM(ls.revenue) AS revenue, SUM(ls.items) AS items,
                              SUM(ls.margin) AS margin
                         FROM leaf_sums ls JOIN categories c ON c.leaf_id = ls.categ_id
                        GROUP BY ls.period_index, c.ancestor_id
                   )
                   SELECT o.period_index, %(dimensions)s, %(flags)s, NULL::int AS category_id,
                          SUM(o.revenue) AS revenue, COUNT(*) AS orders, SUM(o.items) AS items, SUM(o.margin) AS margin
                     FROM orders o
                    GROUP BY GROUPING SETS (%(sets)s)
                   UNION ALL
                   SELECT cs.period_index, %(no_dimensions)s, %(rolled_up)s, cs.ancestor_id,
                          cs.revenue, co.orders, cs.items, cs.margin
                     FROM category_sums cs
                     JOIN category_orders co
                       ON co.period_index = cs.period_index AND co.ancestor_id = cs.ancestor_id""",
                facts=facts,
                # an order has one value of each dimension (team, salesperson, source, a channel's own)
                order_columns=SQL(", ").join(
                    SQL.identifier("f", column) for column in ("period_index", "channel", "order_id", *dimensions)
                ),
                categories=self._category_ancestors(),
                dimensions=SQL(", ").join(SQL.identifier("o", column) for column in dimensions),
                no_dimensions=SQL(", ").join(SQL("NULL") for _column in dimensions),
                rolled_up=SQL(", ").join(SQL("1") for _column in dimensions),
                flags=flags,
                sets=sets,
            )
        )
        categories = [row for row in rows if row["category_id"] is not None]
        result = self._collector._by_period(
            [row for row in rows if row["category_id"] is None], scopes, self._kpi_dimensions, SalesAggregate
        )
        for row in categories:
            key = ("product.category", row["category_id"])
            result[scopes[row["period_index"]].period][key] = from_row(SalesAggregate, row)
        return result

    @api.model
    def _category_ancestors(self):
        """SQL of (leaf_id, ancestor_id): every category with itself and each of its ancestors."""
        return SQL(
            """SELECT leaf.id AS leaf_id, anc.id AS ancestor_id
                 FROM product_category leaf
                 JOIN product_category anc ON leaf.parent_path LIKE anc.parent_path || %s""",
            "%",
        )

    @api.model
    def _by_category(self, facts):
        """Revenue and margin per category, each including its descendants (joined through
        parent_path): the category figures (orders and items are not counted here).

        The lines are summed by leaf category first (exact: the amounts are numeric), then each
        category adds up the sums of its leaves (a handful of rows, whatever the number of lines).
        """
        rows = self._collector._fetch(
            SQL(
                """WITH leaves AS MATERIALIZED (
                       SELECT f.categ_id, SUM(f.revenue) AS revenue, SUM(f.margin) AS margin
                         FROM (%(facts)s) f
                        GROUP BY f.categ_id
                   ), categories AS MATERIALIZED (%(categories)s)
                   SELECT c.ancestor_id AS category_id, SUM(l.revenue) AS revenue, SUM(l.margin) AS margin
                     FROM leaves l JOIN categories c ON c.leaf_id = l.categ_id
                    GROUP BY c.ancestor_id""",
                facts=facts,
                categories=self._category_ancestors(),
            )
        )
        return {("product.category", row["category_id"]): from_row(SalesAggregate, row) for row in rows}

    @api.model
    def _margin_year(self, scope):
        """Only the margin of the 365 days ending on the period's last day, by company, team and
        salesperson (what CLV needs)."""
        return self._margin_years([scope])[scope.period]

    @api.model
    def _margin_years(self, scopes):
        """{period: {key: margin}}: the margin of the 365 days ending on each period's last day, by
        company, team and salesperson. The lines of the whole range are read once, without their
        products, and summed by local day first; each period adds up the days of its 365."""
        dims = {"team_id": "crm.team", "user_id": "res.users"}
        sets, flags = self._collector._grouping(dims, by_period=True)
        tz = scopes[0].tz
        start = min(scope.year_start for scope in scopes)
        stop = max(scope.year_stop for scope in scopes)
        rows = self._collector._fetch(
            SQL(
                """WITH days AS MATERIALIZED (
                       SELECT %(day)s AS day, f.team_id, f.user_id, SUM(f.margin) AS margin
                         FROM (%(lines)s) f
                        GROUP BY 1, f.team_id, f.user_id
                   )
                   SELECT p.period_index, d.team_id, d.user_id, %(flags)s, SUM(d.margin) AS margin_year
                     FROM days d
                     JOIN (%(periods)s) p ON d.day BETWEEN p.year_first AND p.year_last
                    GROUP BY GROUPING SETS (%(sets)s)""",
                day=local_day(SQL("f.date_order"), tz),
                lines=self._lean_lines(scopes[0].company, start, stop),
                periods=self._periods_table(scopes),
                flags=flags,
                sets=sets,
            )
        )
        margins = [{COMPANY: 0.0} for _scope in scopes]
        for row in rows:
            key = self._collector._row_key(row, dims)
            if key is not None:
                margins[row["period_index"]][key] = row["margin_year"] or 0.0
        return {scope.period: margins[index] for index, scope in enumerate(scopes)}

    @api.model
    def _kpi_values(self, key, agg, aggregates):
        return formulas.sales_values(agg)

    @api.model
    def _kpi_from_values(self, values):
        return SalesAggregate(
            revenue=stored_number(values, "sales.revenue"),
            orders=round(stored_number(values, "sales.orders")),
            items=stored_number(values, "sales.items"),
            margin=stored_number(values, "margin.amount"),
        )

    @api.model
    def _member_query(self, scope, member_set, key):
        members = self._kpi_member_sets[member_set]
        facts, condition = getattr(self, members.facts)(scope), members.condition
        if key[0] == "product.category":
            condition = SQL(
                """%s AND f.categ_id IN (
                       SELECT leaf.id FROM product_category leaf
                         JOIN product_category anc ON leaf.parent_path LIKE anc.parent_path || %s
                        WHERE anc.id = %s)""",
                condition,
                "%",
                key[1],
            )
            key = COMPANY
        return members.model, self._members(facts, members.id_column, condition, key)
