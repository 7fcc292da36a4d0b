"""Drop-shipping (contract, "Every sales channel counts"): a done move of a `dropship` picking type is a
receipt for its purchase line's vendor and a delivery for its sale line's order.

Company time zone UTC, T = 0. Vendor VD is asked 4 × P on 10 March 2026 (order approved 1 March); the
customer's order of 5 March is promised for 12 March; the goods go straight from VD to the customer on
11 March. As a receipt: one day late, on-time 0 %, delay 1 day, lead 10 days, on time in full 0 %,
fill rate 100 %. As a delivery: on time, 100 %, no delay, lead 6 days. The picking type is made a
drop-shipping one in SQL: its `dropship` code is added by Odoo's stock_dropshipping, which the
counts read without needing it. The other company's drop-shipped move never counts.
"""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, tagged

from ..engine.periods import Period

MARCH = Period("month", date(2026, 3, 1), date(2026, 3, 31))


@tagged("post_install", "-at_install")
class TestDropship(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "UTC"
        cls.company.reseller_kpi_ontime_tolerance_days = 0
        cls.other = cls.env["res.company"].create({"name": "Dropship Other"})
        cls.product = cls.env["product.product"].create({"name": "Dropped", "type": "consu", "standard_price": 5})
        cls.vendor = cls.env["res.partner"].create({"name": "VD", "is_company": True})
        cls.customer = cls.env["res.partner"].create({"name": "Dropship customer", "is_company": True})
        cls.move = cls.dropship(cls.company)
        cls.other_move = cls.dropship(cls.other)
        cls.Value = cls.env["reseller.kpi.value"]
        # the vendor's figures of the 12 months are as of the day of computation
        with freeze_time("2026-04-15 12:00:00"):
            cls.Value._refresh(cls.company, [MARCH])

    @classmethod
    def dropship(cls, company):
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=[company.id]))
        purchase = env["purchase.order"].create(
            {
                "partner_id": cls.vendor.id,
                "company_id": company.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_qty": 4,
                            "price_unit": 5,
                            "date_planned": "2026-03-10 09:00:00",
                        }
                    )
                ],
            }
        )
        purchase.button_confirm()
        purchase.picking_ids.action_cancel()  # the goods never enter the warehouse
        sale = env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": company.id,
                "commitment_date": "2026-03-12 09:00:00",
                "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 4, "price_unit": 10})],
            }
        )
        sale.action_confirm()
        sale.picking_ids.action_cancel()
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        picking_type = env["stock.picking.type"].create(
            {
                "name": "Dropship",
                "code": "incoming",
                "sequence_code": "DS",
                "warehouse_id": warehouse.id,
                "company_id": company.id,
                "default_location_src_id": cls.env.ref("stock.stock_location_suppliers").id,
                "default_location_dest_id": cls.env.ref("stock.stock_location_customers").id,
            }
        )
        picking = env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": cls.customer.id,
                "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": cls.env.ref("stock.stock_location_customers").id,
                "company_id": company.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "Dropped",
                            "product_id": cls.product.id,
                            "product_uom_qty": 4,
                            "product_uom": cls.product.uom_id.id,
                            "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": cls.env.ref("stock.stock_location_customers").id,
                            "purchase_line_id": purchase.order_line.id,
                            "sale_line_id": sale.order_line.id,
                            "company_id": company.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.quantity = 4
        picking.move_ids.picked = True
        picking._action_done()
        move = picking.move_ids
        cls.env.flush_all()
        cls.env.cr.execute("UPDATE stock_picking_type SET code = 'dropship' WHERE id = %s", [picking_type.id])
        cls.env.cr.execute("UPDATE stock_move SET date = '2026-03-11 10:00:00' WHERE id = %s", [move.id])
        cls.env.cr.execute(
            "UPDATE purchase_order SET date_approve = '2026-03-01 09:00:00' WHERE id = %s", [purchase.id]
        )
        cls.env.cr.execute("UPDATE sale_order SET date_order = '2026-03-05 09:00:00' WHERE id = %s", [sale.id])
        cls.env.invalidate_all()
        return move

    def stored(self, code, dimension=None):
        domain = [
            ("kpi_code", "=", code),
            ("company_id", "=", self.company.id),
            ("period_type", "=", "month"),
            ("date_start", "=", MARCH.date_start),
            ("res_model", "=", dimension._name if dimension else False),
        ]
        if dimension:
            domain.append(("res_id", "=", dimension.id))
        return self.Value.search(domain)

    def test_a_receipt_for_the_vendor(self):
        for dimension in (None, self.vendor):
            with self.subTest(dimension=dimension and dimension.name):
                values = {
                    code: self.stored(code, dimension).value
                    for code in (
                        "supplier.otd_rate",
                        "supplier.delay_days",
                        "supplier.lead_days",
                        "supplier.otif_rate",
                        "supplier.fill_rate",
                    )
                }
                self.assertEqual(
                    values,
                    {
                        "supplier.otd_rate": 0.0,
                        "supplier.delay_days": 1.0,
                        "supplier.lead_days": 10.0,
                        "supplier.otif_rate": 0.0,
                        "supplier.fill_rate": 100.0,
                    },
                )
        otd = self.stored("supplier.otd_rate")
        self.assertEqual((otd.numerator, otd.denominator), (0, 4))
        receipts = next(rs for rs in otd._record_sets() if rs.ref == "supplier:receipts")
        model, ids = self.env["reseller.kpi.collector"]._member_ids(otd, receipts)
        self.assertEqual((model, list(ids)), ("stock.move", self.move.ids))
        # the vendor's scorecard figures of the 12 months: grade D
        self.assertEqual(self.vendor.with_company(self.company).reseller_kpi_supplier_grade, "D")

    def test_a_delivery_for_the_customer(self):
        otd = self.stored("delivery.otd_rate")
        self.assertEqual((otd.value, otd.numerator, otd.denominator), (100.0, 4, 4))
        self.assertEqual(self.stored("delivery.delay_days").value, 0.0)
        self.assertEqual(self.stored("delivery.lead_days").value, 6.0)
        deliveries = next(rs for rs in otd._record_sets() if rs.ref == "delivery:deliveries")
        model, ids = self.env["reseller.kpi.collector"]._member_ids(otd, deliveries)
        self.assertEqual((model, list(ids)), ("stock.move", self.move.ids))
