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
from .reseller_kpi_collector import COMPANY, CONFIRMED_LINE, LINE_MARGIN, LINE_REVENUE, MemberSet, product_qty

SALE_CHANNEL = SQL("f.channel = 'sale'")


class ResellerKpiFamilySales(models.AbstractModel):
    _name = "reseller.kpi.family.sales"
    _inherit = "reseller.kpi.family"
    _description = "Reseller KPIs: sales and margin"

    _kpi_dimensions = {"team_id": "crm.team", "user_id": "res.users", "source_id": "utm.source"}
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
        """Revenue, orders, items and margin by company, team, salesperson, source and category (rolled up)."""
        facts = self._period_lines(scope)
        rows = self._collector._fetch(self._grouped(facts, self.METRICS))
        result = self._collector._by_dimension(rows, self._kpi_dimensions, SalesAggregate)
        result.update(self._by_category(facts))
        return result

    @api.model
    def _by_category(self, facts):
        """Sales per category, each including its descendants (joined through parent_path).

        The period's lines are gathered first (MATERIALIZED): PostgreSQL cannot
        estimate the parent_path LIKE join and would otherwise scan every line.
        """
        rows = self._collector._fetch(
            SQL(
                """WITH f AS MATERIALIZED (%(facts)s),
                   categories AS MATERIALIZED (
                       SELECT leaf.id AS leaf_id, anc.id AS ancestor_id
                         FROM product_category leaf
                         JOIN product_category anc ON leaf.parent_path LIKE anc.parent_path || %(any)s
                   )
                   SELECT c.ancestor_id AS category_id, %(metrics)s
                     FROM f JOIN categories c ON c.leaf_id = f.categ_id
                    GROUP BY c.ancestor_id""",
                facts=facts,
                metrics=self.METRICS,
                any="%",
            )
        )
        return {("product.category", row["category_id"]): from_row(SalesAggregate, row) for row in rows}

    @api.model
    def _margin_year(self, scope):
        """Only the margin of the 365 days ending on the period's last day, by company, team and
        salesperson (what CLV needs): a lean scan of the lines, without the products."""
        dims = {"team_id": "crm.team", "user_id": "res.users"}
        sets, flags = self._collector._grouping(dims)
        rows = self._collector._fetch(
            SQL(
                """SELECT f.team_id, f.user_id, %(flags)s, SUM(f.margin) AS margin_year
                     FROM (%(lines)s) f
                    GROUP BY GROUPING SETS (%(sets)s)""",
                lines=self._lean_lines(scope.company, scope.year_start, scope.year_stop),
                flags=flags,
                sets=sets,
            )
        )
        margins = {COMPANY: 0.0}
        for row in rows:
            key = self._collector._row_key(row, dims)
            if key is not None:
                margins[key] = row["margin_year"] or 0.0
        return margins

    @api.model
    def _kpi_values(self, key, agg, aggregates):
        return formulas.sales_values(agg)

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
