"""The till's tickets among the sales facts (contract, "Every sales channel counts").

A ticket counts when it is paid, posted or invoiced (``state`` in ``paid``, ``done``, ``invoiced``),
dated by its ``date_order``; a refund is a ticket of its own with negative lines. Its lines are sales
facts of the channel ``pos``, with the till (``config_id``) as a further dimension: revenue = untaxed
amount, margin = untaxed amount - ``total_cost``, both divided by the ticket's ``currency_rate``;
items = quantity of goods. Its team is its till's (``pos.config.crm_team_id``, pos_sale), its salesperson
``user_id``, its customer the commercial partner of ``partner_id`` (none for an anonymous ticket).
"""

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.reseller_kpi.engine.codes import _lt
from odoo.addons.reseller_kpi.models.reseller_kpi_collector import MemberSet
from odoo.addons.reseller_kpi.models.reseller_kpi_family_sales import ResellerKpiFamilySales as SalesFamily

POS_STATES = ("paid", "done", "invoiced")
POS_CHANNEL = SQL("f.channel = 'pos'")
TICKET_RATE = SQL("COALESCE(NULLIF(po.currency_rate, 0), 1.0)")
POS_MEMBER_SETS = {
    "pos_lines": MemberSet("pos.order.line", "_period_lines", "line_id", POS_CHANNEL, _lt("Point of sale lines")),
    "pos_goods_lines": MemberSet(
        "pos.order.line",
        "_period_lines",
        "line_id",
        SQL("%s AND f.goods", POS_CHANNEL),
        _lt("Point of sale lines of goods"),
    ),
    "pos_orders": MemberSet("pos.order", "_period_lines", "order_id", POS_CHANNEL, _lt("Point of sale orders")),
    "pos_lines_365": MemberSet(
        "pos.order.line", "_year_lines", "line_id", POS_CHANNEL, _lt("Point of sale lines of the 365 days")
    ),
}


class ResellerKpiFamilySales(models.AbstractModel):
    _inherit = "reseller.kpi.family.sales"

    _kpi_dimensions = {**SalesFamily._kpi_dimensions, "config_id": "pos.config"}
    _kpi_member_sets = {**SalesFamily._kpi_member_sets, **POS_MEMBER_SETS}

    @api.model
    def _pos_tickets(self, company, start, stop):
        """The counted tickets of `company` dated in [start, stop[ (UTC), as a condition on ``po``."""
        return SQL(
            "po.state IN %s AND po.company_id = %s AND po.date_order >= %s AND po.date_order < %s",
            POS_STATES,
            company.id,
            start,
            stop,
        )

    @api.model
    def _facts(self, company, start, stop):
        """The sale lines (no till) and the tickets' lines of the period."""
        return SQL(
            """SELECT s.*, NULL::int AS config_id FROM (%(sales)s) s
               UNION ALL
               SELECT 'pos'::varchar AS channel, l.id AS line_id, po.id AS order_id, po.date_order,
                      till.crm_team_id AS team_id, po.user_id, NULL::int AS source_id, pt.categ_id,
                      l.price_subtotal / %(rate)s AS revenue,
                      (l.price_subtotal - COALESCE(l.total_cost, 0)) / %(rate)s AS margin,
                      COALESCE(pt.type = 'consu', FALSE) AS goods,
                      CASE WHEN pt.type = 'consu' THEN l.qty ELSE 0 END AS items,
                      po.config_id
                 FROM pos_order_line l
                 JOIN pos_order po ON po.id = l.order_id
                 JOIN pos_config till ON till.id = po.config_id
                 LEFT JOIN product_product pp ON pp.id = l.product_id
                 LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                WHERE %(tickets)s""",
            sales=super()._facts(company, start, stop),
            rate=TICKET_RATE,
            tickets=self._pos_tickets(company, start, stop),
        )

    @api.model
    def _lean_lines(self, company, start, stop):
        return SQL(
            """%(sales)s
               UNION ALL
               SELECT 'pos'::varchar, po.id, p.commercial_partner_id, till.crm_team_id, po.user_id, po.date_order,
                      l.price_subtotal / %(rate)s, (l.price_subtotal - COALESCE(l.total_cost, 0)) / %(rate)s
                 FROM pos_order_line l
                 JOIN pos_order po ON po.id = l.order_id
                 JOIN pos_config till ON till.id = po.config_id
                 LEFT JOIN res_partner p ON p.id = po.partner_id
                WHERE %(tickets)s""",
            sales=super()._lean_lines(company, start, stop),
            rate=TICKET_RATE,
            tickets=self._pos_tickets(company, start, stop),
        )
