"""Suppliers: on-time delivery, on time in full, fill rate, delay, lead time, returns, purchases.

Four kinds of facts, each one row per record: the period's receipts (done
incoming or drop-shipped moves of goods with a purchase line), the returns to vendors of the
period, the purchase lines due in the period and the lines of the purchase
orders approved in the period. The vendor is the commercial partner of the
purchase order; the due date is the local planned date + the tolerance T.
"""

from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from ..engine import formulas
from ..engine.aggregates import SupplierAggregate
from ..engine.codes import _lt
from .reseller_kpi_collector import MemberSet, local_day, product_qty

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
        return self._returns_between(scope, scope.start, scope.stop)

    @api.model
    def _returns_between(self, scope, start, stop):
        """Done returns to vendors dated in [start, stop[ (UTC), with the receipt's vendor and their date."""
        return SQL(
            """WITH period_returns AS (
                   SELECT ret.id, ret.origin_returned_move_id, ret.date, %(qty)s AS qty
                     FROM stock_move ret
                     JOIN product_product pp ON pp.id = ret.product_id
                     JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     JOIN uom_uom mu ON mu.id = ret.product_uom
                     JOIN uom_uom pu ON pu.id = pt.uom_id
                    WHERE ret.state = 'done' AND ret.company_id = %(company)s
                      AND ret.origin_returned_move_id IS NOT NULL
                      AND ret.date >= %(start)s AND ret.date < %(stop)s
               )
               SELECT pr.id AS move_id, r.vendor_id, pr.qty, pr.date
                 FROM period_returns pr
                 -- only the receipts that matter, looked up by id: an array computed first (an IN on the
                 -- returns, misestimated, hashed every receipt ever made, 0.9 s at 410,000 for 200 returns)
                 JOIN (%(receipts)s AND m.id = ANY(ARRAY(SELECT origin_returned_move_id FROM period_returns))) r
                   ON r.move_id = pr.origin_returned_move_id""",
            qty=product_qty(SQL("ret.quantity"), "mu", "pu"),
            company=scope.company.id,
            start=start,
            stop=stop,
            receipts=self._receipts(scope),
        )

    @api.model
    def _due_lines(self, scope):
        """Purchase lines of goods of confirmed orders due in the period (see `_due_lines_in`)."""
        return self._due_lines_in([scope])

    @api.model
    def _due_lines_in(self, scopes):
        """Purchase lines of goods of confirmed orders due in each period of `scopes` (one row per line
        and period, with its ``period_index``), with what was received on time and up to the period's
        last day, and whether they are due yet (on or before the day of computation: a period in progress
        judges no line due later)."""
        scope = scopes[0]
        tolerance = scope.company.reseller_kpi_ontime_tolerance_days
        # a line is due in a period when local(date_planned) + T falls in it
        due_start, due_stop = scope.bounds(
            min(s.first for s in scopes) - timedelta(days=tolerance),
            max(s.last for s in scopes) - timedelta(days=tolerance),
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
               ), due_in_period AS (
                   SELECT d.*, c.period_index, c.through
                     FROM due_lines d
                     JOIN (%(calendar)s) c ON c.day = d.due_day
               ), received AS (
                   -- received up to the period's last day, or up to the day of computation while in progress
                   SELECT d.id, d.period_index,
                          COALESCE(SUM(r.qty) FILTER (WHERE r.done_day <= d.due_day), 0) AS ontime_qty,
                          COALESCE(SUM(r.qty) FILTER (WHERE r.done_day <= d.through), 0) AS received_qty
                     FROM due_in_period d
                     LEFT JOIN (%(receipts)s) r
                       ON r.purchase_line_id = d.id
                    GROUP BY d.id, d.period_index
               )
               SELECT d.period_index, d.id AS line_id, d.vendor_id, d.ordered, r.ontime_qty >= d.ordered AS in_full,
                      LEAST(r.received_qty, d.ordered) AS filled, d.due_day <= d.through AS due_yet
                 FROM received r JOIN due_in_period d ON d.id = r.id AND d.period_index = r.period_index""",
            planned_day=local_day(SQL("pol.date_planned"), scope.tz),
            tolerance=tolerance,
            company=scope.company.id,
            due_start=due_start,
            due_stop=due_stop,
            calendar=self._calendar(scopes),
            # joined to the due lines without filtering the receipts by them first: a semi-join on the due
            # lines, misestimated, was evaluated once per due line (17 s for one month of 17,600 lines); one
            # period's lines now find their receipts through the index, a range hashes them all once
            receipts=self._receipts(scope),
        )

    @api.model
    def _purchases(self, scope):
        """Lines of the purchase orders approved in the period, in company currency."""
        return self._purchases_between(scope.company, scope.start, scope.stop)

    @api.model
    def _purchases_between(self, company, start, stop):
        """Lines of the purchase orders approved in [start, stop[ (UTC), in company currency."""
        return SQL(
            """SELECT pol.id AS line_id, vendor.commercial_partner_id AS vendor_id, po.date_approve,
                      pol.price_subtotal / COALESCE(NULLIF(po.currency_rate, 0), 1.0) AS amount
                 FROM purchase_order_line pol
                 JOIN purchase_order po ON po.id = pol.order_id AND po.state IN ('purchase', 'done')
                 JOIN res_partner vendor ON vendor.id = po.partner_id
                WHERE po.company_id = %s AND pol.display_type IS NULL
                  AND po.date_approve >= %s AND po.date_approve < %s""",
            company.id,
            start,
            stop,
        )

    # ------------------------------------------------------------------ aggregates
    @api.model
    def _aggregate(self, scope, aggregates=None):
        return self._one_period(scope, aggregates)

    @api.model
    def _aggregate_periods(self, scopes, aggregates=None):
        """Receipts, returns, lines due and purchases of every period, by company and vendor: each kind
        of fact is read once for the whole range and summed by period (and vendor) into its measures."""
        scope = scopes[0]
        start, stop = self._span(scopes)
        # a receipt is in the periods of its local day
        receipts = SQL(
            "SELECT f.*, c.period_index FROM (%s AND m.date >= %s AND m.date < %s) f JOIN (%s) c ON c.day = f.done_day",
            self._receipts(scope),
            start,
            stop,
            self._calendar(scopes),
        )
        queries = (
            (
                receipts,
                SQL(
                    """SUM(f.qty) AS receipt_qty, SUM(CASE WHEN %s THEN f.qty ELSE 0 END) AS ontime_qty,
                       SUM(f.qty * GREATEST(0, f.done_day - f.due_day)) AS delay_qty_days,
                       SUM(f.done_day - f.approve_day) AS lead_days_total, COUNT(*) AS receipts""",
                    ON_TIME,
                ),
            ),
            (
                self._in_periods(self._returns_between(scope, start, stop), scopes, "date"),
                SQL("SUM(f.qty) AS returned_qty"),
            ),
            (
                self._due_lines_in(scopes),
                SQL(
                    """COUNT(*) FILTER (WHERE f.due_yet) AS lines,
                       COUNT(*) FILTER (WHERE f.due_yet AND f.in_full) AS lines_in_full,
                       SUM(CASE WHEN f.due_yet THEN f.ordered ELSE 0 END) AS ordered_qty,
                       SUM(CASE WHEN f.due_yet THEN f.filled ELSE 0 END) AS filled_qty,
                       COUNT(*) AS lines_period, SUM(f.ordered) AS ordered_qty_period"""
                ),
            ),
            (
                self._in_periods(self._purchases_between(scope.company, start, stop), scopes, "date_approve"),
                SQL("SUM(f.amount) AS purchase_amount"),
            ),
        )
        return self._merged_by_period(
            SupplierAggregate, scopes, *(self._grouped(facts, metrics, by_period=True) for facts, metrics in queries)
        )

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
