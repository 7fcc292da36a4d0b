from odoo import Command, fields
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
        Value = self.env["reseller.kpi.value"]
        self.assertFalse(Value.search_count([]), "nothing is stored before the manager recomputes")
        self.start_tour("/odoo", "reseller_kpi_recompute_history_tour", login="admin")
        company_wide = [
            ("kpi_code", "=", "sales.revenue"),
            ("company_id", "=", self.env.company.id),
            ("res_model", "=", False),
        ]
        months = Value.search([*company_wide, ("period_type", "=", "month")], order="date_start")
        # the wizard's default range: this month and the 23 before it, each stored once
        today = fields.Date.context_today(Value)
        self.assertEqual(len(months), 24)
        self.assertEqual(months[-1].date_start, today.replace(day=1))
        self.assertEqual(months.mapped("value"), [0.0] * 23 + [250.0])
        self.assertTrue(Value.search_count([*company_wide, ("period_type", "=", "quarter")]))
        self.assertTrue(Value.search_count([*company_wide, ("period_type", "=", "year")]))
