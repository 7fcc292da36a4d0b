import doctest
from datetime import date

from odoo.tests import TransactionCase, tagged
from odoo.tests.common import BaseCase

from odoo.addons.reseller_kpi.demo_generator.plan import build_plan

from ..demo_generator import pos_plan
from ..demo_generator.pos_plan import build_pos_plan

END = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestPosPlan(BaseCase):
    def test_doctests(self):
        result = doctest.testmod(pos_plan)
        self.assertTrue(result.attempted)
        self.assertFalse(result.failed)


@tagged("post_install", "-at_install")
class TestPosDemoGenerator(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = build_plan(seed=3, scale=0.05, end_date=END)
        cls.till_plan = build_pos_plan(cls.plan, cls.plan.seed)
        cls.summary = cls.env["reseller.kpi.demo.generator"].generate(seed=3, scale=0.05, end_date=END)
        cls.company = cls.env.company

    def test_the_till_holds_the_plan(self):
        self.assertEqual(self.summary["till_sessions"], len(self.till_plan.sessions))
        self.assertEqual(self.summary["till_tickets"], len(self.till_plan.tickets))
        refunds = self.env["pos.order.line"].search([("refunded_orderline_id", "!=", False)])
        self.assertTrue(refunds and all(line.qty < 0 for line in refunds))
        # who sells at the till may open the ticket lines
        sellers = self.env["pos.order"].search([("company_id", "=", self.company.id)]).user_id
        self.assertTrue(sellers)
        self.assertTrue(all(seller.has_group("point_of_sale.group_pos_user") for seller in sellers))

    def test_revenue_with_the_till_is_odoo_sales_analysis(self):
        """Stored revenue and margin of the 24 months = Odoo's sale.report, which has the tickets
        with pos_sale (and their margin with pos_sale_margin), once the till is counted."""
        Value = self.env["reseller.kpi.value"]
        report = self.env["sale.report"]._read_group(
            [("state", "=", "sale"), ("company_id", "=", self.company.id)], [], ["price_subtotal:sum", "margin:sum"]
        )[0]
        tickets = self.env["sale.report"]._read_group(
            [("state", "=", "sale"), ("company_id", "=", self.company.id), ("order_reference", "like", "pos.order,")],
            [],
            ["price_subtotal:sum"],
        )[0][0]
        self.assertGreater(tickets, 0, "the sales analysis has the till's tickets")
        for code, total in (("sales.revenue", report[0]), ("margin.amount", report[1])):
            months = Value.search(
                [
                    ("kpi_code", "=", code),
                    ("company_id", "=", self.company.id),
                    ("period_type", "=", "month"),
                    ("res_model", "=", False),
                ]
            )
            self.assertAlmostEqual(sum(months.mapped("value")), total, places=2)
        # the till's own months add up to its tickets
        till = Value.search(
            [
                ("kpi_code", "=", "sales.revenue"),
                ("period_type", "=", "month"),
                ("res_model", "=", "pos.config"),
                ("res_id", "=", self.env["pos.config"].search([("name", "=", "Caisse boutique")]).id),
            ]
        )
        self.assertAlmostEqual(sum(till.mapped("value")), tickets, places=2)
