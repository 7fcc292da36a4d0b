"""Suppliers: on-time delivery, on time in full, fill rate, delay, lead time, returns, purchases.

Four kinds of facts, each one row per record: the period's receipts (done
incoming or drop-shipped moves of goods with a purchase line), the returns to vendors of the
period, the purchase lines due in the period and the lines of the purchase
orders approved in the period. The vendor is the commercial partner of the
purchase order; the due date is the local planned date + the tolerance T.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from ..engine import formulas
from ..engine.aggregates import SupplierAggregate
from ..engine.codes import _lt
from .reseller_kpi_collector import MemberSet, local_day, merged, product_qty

ON_TIME = SQL("f.done_day <= f.due_day")
# a receipt comes in through an incoming picking, or goes straight from the vendor to the customer
# (drop-shipping, the picking type code of stock_dropshipping)
RECEIPT_TYPES = ("incoming", "dropship")


class ResellerKpiFamilySupplier(models.AbstractModel):
    _name = "reseller.kpi.family.supplier"
    _inherit = "reseller.kpi.family"
    _description = "Reseller KPIs: suppliers"

    _kpi_dimensions = {"vendor_id": "res.partner"}
    _kpi_member_sets = {
        "receipts": MemberSet("stock.move", "_period_receipts", "move_id", SQL("TRUE"), _lt("Receipts")),
        "ontime_receipts": MemberSet("stock.move", "_period_receipts", "move_id", ON_TIME, _lt("On-time receipts")),
        "late_receipts": MemberSet(
            "stock.move", "_period_receipts", "move_id", SQL("NOT (%s)", ON_TIME), _lt("Late receipts")
        ),
        "returns": MemberSet("stock.move", "_returns", "move_id", SQL("TRUE"), _lt("Returns to vendors")),
        # while the period is in progress, only the lines due up to the day of computation are judged
        "due_lines": MemberSet(
            "purchase.order.line", "_due_lines", "line_id", SQL("f.due_yet"), _lt("Purchase lines due")
        ),
        "in_full_lines": MemberSet(
            "purchase.order.line", "_due_lines", "line_id", SQL("f.due_yet AND f.in_full"), _lt("Lines on time in full")
        ),
        "purchase_lines": MemberSet("purchase.order.line", "_purchases", "line_id", SQL("TRUE"), _lt("Purchase lines")),
    }

    # ------------------------------------------------------------------ facts
    @api.model
    def _receipts(self, scope):
        """Done receipts of goods from purchase lines (every date), with vendor, local days and quantity."""
        return SQL(
            """SELECT m.id AS move_id, m.purchase_line_id, vendor.commercial_partner_id AS vendor_id,
                      %(qty)s AS qty, %(done_day)s AS done_day,
                      %(planned_day)s + %(tolerance)s AS due_day, %(approve_day)s AS approve_day
                 FROM stock_move m
                 JOIN stock_picking_type spt ON spt.id = m.picking_type_id AND spt.code = ANY(%(receipt_types)s)
                 JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
                 JOIN purchase_order po ON po.id = pol.order_id
                 JOIN res_partner vendor ON vendor.id = po.partner_id
                 JOIN product_product pp ON pp.id = m.product_id
                 JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.type = 'consu'
                 JOIN uom_uom mu ON mu.id = m.product_uom
                 JOIN uom_uom pu ON pu.id = pt.uom_id
                WHERE m.state = 'done' AND m.company_id = %(company)s""",
            qty=product_qty(SQL("m.quantity"), "mu", "pu"),
            done_day=local_day(SQL("m.date"), scope.tz),
            planned_day=local_day(SQL("pol.date_planned"), scope.tz),
            approve_day=local_day(SQL("po.date_approve"), scope.tz),
            tolerance=scope.company.reseller_kpi_ontime_tolerance_days,
            company=scope.company.id,
            receipt_types=list(RECEIPT_TYPES),
        )

    @api.model
    def _period_receipts(self, scope):
        return SQL("%s AND m.date >= %s AND m.date < %s", self._receipts(scope), scope.start, scope.stop)

    @api.model
    def _returns(self, scope):
        """Done returns to vendors in the period: moves whose origin is a receipt, with that receipt's vendor."""
        return SQL(
            """WITH period_returns AS (
                   SELECT ret.id, ret.origin_returned_move_id, %(qty)s AS qty
                     FROM stock_move ret
                     JOIN product_product pp ON pp.id = ret.product_id
                     JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     JOIN uom_uom mu ON mu.id = ret.product_uom
                     JOIN uom_uom pu ON pu.id = pt.uom_id
                    WHERE ret.state = 'done' AND ret.company_id = %(company)s
                      AND ret.origin_returned_move_id IS NOT NULL
                      AND ret.date >= %(start)s AND ret.date < %(stop)s
               )
               SELECT pr.id AS move_id, r.vendor_id, pr.qty
                 FROM period_returns pr
                 -- only the receipts that matter, found through the index on the returns' link
                 JOIN (%(receipts)s AND m.id IN (SELECT origin_returned_move_id FROM period_returns)) r
                   ON r.move_id = pr.origin_returned_move_id""",
            qty=product_qty(SQL("ret.quantity"), "mu", "pu"),
            company=scope.company.id,
            start=scope.start,
            stop=scope.stop,
            receipts=self._receipts(scope),
        )

    @api.model
    def _due_lines(self, scope):
        """Purchase lines of goods of confirmed orders due in the period, with what was received
        on time and up to the period's last day, and whether they are due yet (on or before the day of
        computation: a period in progress judges no line due later)."""
        tolerance = scope.company.reseller_kpi_ontime_tolerance_days
        # a line is due in the period when local(date_planned) + T falls in it
        due_start, due_stop = scope.bounds(
            scope.first - timedelta(days=tolerance), scope.last - timedelta(days=tolerance)
        )
        return SQL(
            """WITH due_lines AS (
                   SELECT pol.id, vendor.commercial_partner_id AS vendor_id, pol.product_uom_qty AS ordered,
                          %(planned_day)s + %(tolerance)s AS due_day
                     FROM purchase_order_line pol
                     JOIN purchase_order po ON po.id = pol.order_id AND po.state IN ('purchase', 'done')
                     JOIN res_partner vendor ON vendor.id = po.partner_id
                     JOIN product_product pp ON pp.id = pol.product_id
                     JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.type = 'consu'
                    WHERE pol.company_id = %(company)s AND pol.display_type IS NULL
                      AND pol.date_planned >= %(due_start)s AND pol.date_planned < %(due_stop)s
               ), received AS (
                   SELECT d.id, d.vendor_id, d.ordered,
                          COALESCE(SUM(r.qty) FILTER (WHERE r.done_day <= d.due_day), 0) AS ontime_qty,
                          COALESCE(SUM(r.qty) FILTER (WHERE r.done_day <= %(last_day)s), 0) AS received_qty
                     FROM due_lines d
                     LEFT JOIN (%(receipts)s AND m.purchase_line_id IN (SELECT id FROM due_lines)) r
                       ON r.purchase_line_id = d.id
                    GROUP BY d.id, d.vendor_id, d.ordered
               )
               SELECT r.id AS line_id, r.vendor_id, r.ordered, r.ontime_qty >= r.ordered AS in_full,
                      LEAST(r.received_qty, r.ordered) AS filled, d.due_day <= %(through)s AS due_yet
                 FROM received r JOIN due_lines d ON d.id = r.id""",
            planned_day=local_day(SQL("pol.date_planned"), scope.tz),
            tolerance=tolerance,
            company=scope.company.id,
            due_start=due_start,
            due_stop=due_stop,
            # received up to the period's last day, or up to the day of computation while it is in progress
            last_day=scope.through,
            through=scope.through,
            receipts=self._receipts(scope),
        )

    @api.model
    def _purchases(self, scope):
        """Lines of the purchase orders approved in the period, in company currency."""
        return SQL(
            """SELECT pol.id AS line_id, vendor.commercial_partner_id AS vendor_id,
                      pol.price_subtotal / COALESCE(NULLIF(po.currency_rate, 0), 1.0) AS amount
                 FROM purchase_order_line pol
                 JOIN purchase_order po ON po.id = pol.order_id AND po.state IN ('purchase', 'done')
                 JOIN res_partner vendor ON vendor.id = po.partner_id
                WHERE po.company_id = %s AND pol.display_type IS NULL
                  AND po.date_approve >= %s AND po.date_approve < %s""",
            scope.company.id,
            scope.start,
            scope.stop,
        )

    # ------------------------------------------------------------------ aggregates
    @api.model
    def _aggregate(self, scope, aggregates=None):
        """Receipts, returns, lines due and purchases of the period, by company and vendor.

        Each kind of fact yields named measures (metric, amount), summed by metric and vendor.
        """
        rows = self._collector._fetch(
            SQL(
                """WITH receipts AS (%(receipts)s), returns AS (%(returns)s),
                        lines AS (%(lines)s), purchases AS (%(purchases)s),
                   measures AS (
                       SELECT f.vendor_id, m.metric, m.amount
                         FROM receipts f CROSS JOIN LATERAL (VALUES
                              ('receipt_qty', f.qty),
                              ('ontime_qty', CASE WHEN %(on_time)s THEN f.qty ELSE 0 END),
                              ('delay_qty_days', f.qty * GREATEST(0, f.done_day - f.due_day)),
                              ('lead_days_total', f.done_day - f.approve_day),
                              ('receipts', 1)) AS m (metric, amount)
                       UNION ALL
                       SELECT f.vendor_id, 'returned_qty', f.qty FROM returns f
                       UNION ALL
                       SELECT f.vendor_id, m.metric, m.amount
                         FROM lines f CROSS JOIN LATERAL (VALUES
                              ('lines', CASE WHEN f.due_yet THEN 1 ELSE 0 END),
                              ('lines_in_full', CASE WHEN f.due_yet AND f.in_full THEN 1 ELSE 0 END),
                              ('ordered_qty', CASE WHEN f.due_yet THEN f.ordered ELSE 0 END),
                              ('filled_qty', CASE WHEN f.due_yet THEN f.filled ELSE 0 END),
                              ('lines_period', 1),
                              ('ordered_qty_period', f.ordered)) AS m (metric, amount)
                       UNION ALL
                       SELECT f.vendor_id, 'purchase_amount', f.amount FROM purchases f
                   )
                   SELECT vendor_id, GROUPING(vendor_id) AS g_vendor_id, metric, SUM(amount) AS total
                     FROM measures
                    GROUP BY GROUPING SETS ((metric), (metric, vendor_id))""",
                receipts=self._period_receipts(scope),
                on_time=ON_TIME,
                returns=self._returns(scope),
                lines=self._due_lines(scope),
                purchases=self._purchases(scope),
            )
        )
        by_key = defaultdict(dict)
        for row in rows:
            key = self._collector._row_key(row, self._kpi_dimensions)
            if key is not None:
                by_key[key][row["metric"]] = row["total"]
        return merged(SupplierAggregate, by_key)

    @api.model
    def _on_time_rates(self, scope):
        """Only the on-time delivery rate per vendor (what the grade needs): {vendor_id: KpiValue}."""
        rows = self._collector._fetch(
            SQL(
                """SELECT f.vendor_id, SUM(f.qty) AS receipt_qty,
                          COALESCE(SUM(f.qty) FILTER (WHERE %s), 0) AS ontime_qty
                     FROM (%s) f
                    GROUP BY f.vendor_id""",
                ON_TIME,
                self._period_receipts(scope),
            )
        )
        return {row["vendor_id"]: formulas.rate(row["ontime_qty"], row["receipt_qty"]) for row in rows}

    @api.model
    def _kpi_values(self, key, agg, aggregates):
        return formulas.supplier_values(agg)
