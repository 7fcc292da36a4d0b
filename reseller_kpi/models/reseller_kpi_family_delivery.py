"""Customer deliveries: on-time rate, delay and lead time.

The facts are the period's done deliveries of goods (outgoing or drop-shipped moves
with a sale line; returns from customers are incoming, so never deliveries).
"""

from odoo import api, models
from odoo.tools import SQL

from ..engine import formulas
from ..engine.aggregates import DeliveryAggregate
from ..engine.codes import _lt
from .reseller_kpi_collector import MemberSet, local_day, product_qty, stored_number

ON_TIME = SQL("f.done_day <= f.promised_day")
# a delivery leaves through an outgoing picking, or goes straight from the vendor to the customer
# (drop-shipping, the picking type code of stock_dropshipping)
DELIVERY_TYPES = ("outgoing", "dropship")


class ResellerKpiFamilyDelivery(models.AbstractModel):
    _name = "reseller.kpi.family.delivery"
    _inherit = "reseller.kpi.family"
    _description = "Reseller KPIs: customer deliveries"

    _kpi_dimensions = {"team_id": "crm.team", "user_id": "res.users"}
    # each delivery is of its done day: every number of a period is the sum of its days'
    _kpi_additive = True
    _kpi_member_sets = {
        "deliveries": MemberSet("stock.move", "_facts", "move_id", SQL("TRUE"), _lt("Deliveries")),
        "ontime_deliveries": MemberSet("stock.move", "_facts", "move_id", ON_TIME, _lt("On-time deliveries")),
        "late_deliveries": MemberSet(
            "stock.move", "_facts", "move_id", SQL("NOT (%s)", ON_TIME), _lt("Late deliveries")
        ),
    }

    @api.model
    def _facts(self, scope):
        """The done deliveries of the period (see `_facts_between`)."""
        return self._facts_between(scope, scope.start, scope.stop)

    @api.model
    def _facts_between(self, scope, start, stop):
        """One row per done delivery move dated in [start, stop[ (UTC), with its date and its local done,
        promised and order days.

        The promised day is the order's commitment date, else its date plus the line's lead time.
        """
        promised = SQL(
            "COALESCE(%s, %s)",
            local_day(SQL("so.commitment_date"), scope.tz),
            local_day(SQL("so.date_order + sol.customer_lead * INTERVAL '1 day'"), scope.tz),
        )
        return SQL(
            """SELECT m.id AS move_id, m.date, so.team_id, so.user_id, %(qty)s AS qty, %(done_day)s AS done_day,
                      %(promised)s AS promised_day, %(order_day)s AS order_day
                 FROM stock_move m
                 JOIN stock_picking_type spt ON spt.id = m.picking_type_id AND spt.code = ANY(%(delivery_types)s)
                 JOIN sale_order_line sol ON sol.id = m.sale_line_id
                 JOIN sale_order so ON so.id = sol.order_id
                 JOIN product_product pp ON pp.id = m.product_id
                 JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.type = 'consu'
                 JOIN uom_uom mu ON mu.id = m.product_uom
                 JOIN uom_uom pu ON pu.id = pt.uom_id
                WHERE m.state = 'done' AND m.company_id = %(company)s
                  AND m.date >= %(start)s AND m.date < %(stop)s""",
            qty=product_qty(SQL("m.quantity"), "mu", "pu"),
            done_day=local_day(SQL("m.date"), scope.tz),
            promised=promised,
            order_day=local_day(SQL("so.date_order"), scope.tz),
            delivery_types=list(DELIVERY_TYPES),
            company=scope.company.id,
            start=start,
            stop=stop,
        )

    @api.model
    def _aggregate(self, scope, aggregates=None):
        return self._one_period(scope, aggregates)

    @api.model
    def _aggregate_periods(self, scopes, aggregates=None):
        """Done deliveries of goods to customers in every period, by company, team and salesperson of
        the order: the moves of the whole range are read once."""
        metrics = SQL(
            """SUM(f.qty) AS qty, SUM(f.qty) FILTER (WHERE %s) AS ontime_qty,
               SUM(f.qty * GREATEST(0, f.done_day - f.promised_day)) AS delay_qty_days,
               SUM(f.done_day - f.order_day) AS lead_days_total, %s""",
            ON_TIME,
            self._counts(("deliveries",)),
        )
        facts = self._in_periods(self._facts_between(scopes[0], *self._span(scopes)), scopes, "date")
        rows = self._collector._fetch(self._grouped(facts, metrics, by_period=True))
        return self._collector._by_period(rows, scopes, self._kpi_dimensions, DeliveryAggregate)

    @api.model
    def _kpi_values(self, key, agg, aggregates):
        return formulas.delivery_values(agg)

    @api.model
    def _kpi_from_values(self, values):
        return DeliveryAggregate(
            qty=stored_number(values, "delivery.otd_rate", "denominator"),
            ontime_qty=stored_number(values, "delivery.otd_rate", "numerator"),
            delay_qty_days=stored_number(values, "delivery.delay_days", "numerator"),
            lead_days_total=round(stored_number(values, "delivery.lead_days", "numerator")),
            deliveries=round(stored_number(values, "delivery.lead_days", "denominator")),
        )
