import doctest
from datetime import date

from odoo.tests import TransactionCase, tagged
from odoo.tests.common import BaseCase

from odoo.addons.reseller_kpi.demo_generator.plan import build_plan

from ..demo_generator import shop_plan
from ..demo_generator.shop_plan import build_shop_plan
from ..engine import shop

END = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestShopPlan(BaseCase):
    def test_doctests(self):
        for module in (shop, shop_plan):
            with self.subTest(module=module.__name__):
                result = doctest.testmod(module)
                self.assertTrue(result.attempted)
                self.assertFalse(result.failed)

    def test_plan_follows_the_rules(self):
        plan = build_plan(seed=5, scale=0.3, end_date=END)
        shop_plan = build_shop_plan(plan, plan.seed)
        self.assertTrue(all(plan.customers[plan.orders[i].customer].team == "web" for i in shop_plan.web_orders))
        self.assertTrue(all(cart.created_at.date() >= plan.start for cart in shop_plan.abandoned))
        anonymous = [visit for visit in shop_plan.visits if visit.customer < 0]
        self.assertTrue(anonymous)
        self.assertTrue(any(product is not None for visit in shop_plan.visits for _moment, product in visit.pages))


@tagged("post_install", "-at_install")
class TestShopDemoGenerator(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = build_plan(seed=3, scale=0.05, end_date=END)
        cls.shop_plan = build_shop_plan(cls.plan, cls.plan.seed)
        cls.summary = cls.env["reseller.kpi.demo.generator"].generate(seed=3, scale=0.05, end_date=END)
        cls.company = cls.env.company

    def test_the_shop_matches_the_plan(self):
        website = self.env["website"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(website), 1)
        orders = self.env["sale.order"].search([("website_id", "=", website.id)])
        self.assertEqual(len(orders), len(self.shop_plan.web_orders) + len(self.shop_plan.abandoned))
        self.assertEqual(self.summary["signups"], len(self.shop_plan.signups))
        visitors = self.env["website.visitor"].search([("website_id", "=", website.id)])
        self.assertEqual(len(visitors), len(self.shop_plan.visits))

    def test_history_has_carts_and_visitors(self):
        values = self.env["reseller.kpi.value"].search(
            [
                ("company_id", "=", self.company.id),
                ("period_type", "=", "year"),
                ("res_model", "=", False),
                ("kpi_code", "in", ("shop.carts", "shop.visitors", "shop.abandoned_rate")),
            ]
        )
        self.assertTrue(all(values.mapped("has_value")))
        self.assertTrue(all(value > 0 for value in values.mapped("value")))
