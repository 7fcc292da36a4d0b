from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestResellerKpiUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Tour Salesperson",
                    "login": "rk_tour_salesperson",
                    "password": "rk_tour_salesperson",
                    "groups_id": [Command.set([cls.env.ref("sales_team.group_sale_salesman").id])],
                }
            )
        )
        category = cls.env["product.category"].create({"name": "Tour Category"})
        product = cls.env["product.product"].create(
            {
                "name": "Tour Product",
                "type": "consu",
                "categ_id": category.id,
                "list_price": 100.0,
                "standard_price": 70.0,
            }
        )
        customer = cls.env["res.partner"].create({"name": "Tour Customer"})
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": cls.salesperson.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": 100.0})],
            }
        )
        order.action_confirm()

    def test_salesperson_reads_margin_by_category(self):
        # 100.00 sold - 70.00 cost = 30.00 margin in the category's row
        self.start_tour("/odoo", "reseller_kpi_margin_by_category_tour", login="rk_tour_salesperson")

    def test_manager_recomputes_and_reads_history(self):
        # the order of 100.00 confirmed above, and one of 150.00 by the manager: 250.00 this month
        customer = self.env["res.partner"].create({"name": "Tour Customer 2"})
        product = self.env["product.product"].search([("name", "=", "Tour Product")])
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": 150.0})],
            }
        )
        order.action_confirm()
        self.start_tour("/odoo", "reseller_kpi_recompute_history_tour", login="admin")
        revenue = self.env["reseller.kpi.value"].search(
            [("kpi_code", "=", "sales.revenue"), ("period_type", "=", "month"), ("res_model", "=", False)],
            order="date_start desc",
            limit=1,
        )
        self.assertEqual(revenue.value, 250.0)
