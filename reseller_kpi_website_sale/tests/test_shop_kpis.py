"""Every ``shop.*`` code on the fixture of ``common.py``, computed by hand."""

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import APRIL, MARCH, NOW, Q1, WEEK_10, YEAR, ShopFixtureCase


@tagged("post_install", "-at_install")
class TestShopKpis(ShopFixtureCase):
    def test_march(self):
        # carts: k1 k2 k3 k5 k8 k9 = 6 (k4 is April's, k6 the public partner's, k7 has no product, k10
        # February's, kO the other company's, n1 no web order); validated k1 k2, abandoned k3 k9 (k5 is
        # within its hour, k8 cancelled): 200 + 100 / 2 = 250; visitors v1 v2 v4; customers A (k1, k2)
        # and B (k10, ordered 2 March): 2 / 3; product views v1 v2 v4 = 3; sign-ups u1 u2 u3
        self.assertValues(
            {
                "shop.carts": 6,
                "shop.validated_rate": 100 / 3,
                "shop.abandoned_rate": 100 / 3,
                "shop.abandoned_value": 250.0,
                "shop.visitors": 3,
                "shop.conversion_rate": 200 / 3,
                "shop.signups": 3,
                "shop.product_views": 3,
            }
        )

    def test_march_per_website(self):
        # W1: k1 k2 k3 k9, validated k1 k2, abandoned k3 k9; v1 v2; A and B; u1; views v1 v2
        self.assertValues(
            {
                "shop.carts": 4,
                "shop.validated_rate": 50.0,
                "shop.abandoned_rate": 50.0,
                "shop.abandoned_value": 250.0,
                "shop.visitors": 2,
                "shop.conversion_rate": 100.0,
                "shop.signups": 1,
                "shop.product_views": 2,
            },
            self.w1,
        )
        # W2: k5 (not yet abandoned) and k8 (cancelled); v4; nobody converted; u3 (archived); one view
        self.assertValues(
            {
                "shop.carts": 2,
                "shop.validated_rate": 0.0,
                "shop.abandoned_rate": 0.0,
                "shop.abandoned_value": 0.0,
                "shop.visitors": 1,
                "shop.conversion_rate": 0.0,
                "shop.signups": 1,
                "shop.product_views": 1,
            },
            self.w2,
        )

    def test_week_10(self):
        # 2 to 8 March: carts k1 k2, both validated; v1 only; A (k1 k2) and B (k10 of 2 March) converted:
        # 2 / 1 = 200 %, as the contract warns when the pages that sell are not tracked; u1 u2 u3
        self.assertValues(
            {
                "shop.carts": 2,
                "shop.validated_rate": 100.0,
                "shop.abandoned_rate": 0.0,
                "shop.abandoned_value": 0.0,
                "shop.visitors": 1,
                "shop.conversion_rate": 200.0,
                "shop.signups": 3,
                "shop.product_views": 1,
            },
            period=WEEK_10,
        )

    def test_quarter_year_and_april(self):
        # Q1: March + k10 = 7 carts, validated k1 k2 k10, abandoned k3 k9; visitors v1 v2 v4 v5; 4 views
        self.assertValues(
            {
                "shop.carts": 7,
                "shop.validated_rate": 300 / 7,
                "shop.abandoned_rate": 200 / 7,
                "shop.abandoned_value": 250.0,
                "shop.visitors": 4,
                "shop.conversion_rate": 50.0,
                "shop.signups": 3,
                "shop.product_views": 4,
            },
            period=Q1,
        )
        # 2026: Q1 + k4 (abandoned, 80); v3; u7; v3's view
        self.assertValues(
            {
                "shop.carts": 8,
                "shop.validated_rate": 37.5,
                "shop.abandoned_rate": 37.5,
                "shop.abandoned_value": 330.0,
                "shop.visitors": 5,
                "shop.conversion_rate": 40.0,
                "shop.signups": 4,
                "shop.product_views": 5,
            },
            period=YEAR,
        )
        self.assertValues(
            {
                "shop.carts": 1,
                "shop.abandoned_rate": 100.0,
                "shop.abandoned_value": 80.0,
                "shop.visitors": 1,
                "shop.conversion_rate": 0.0,
                "shop.signups": 1,
            },
            period=APRIL,
        )

    def test_the_other_company_and_an_empty_period(self):
        # WO: kO validated; vO; A converted; u5 of WO and u6 without website
        self.assertValues(
            {"shop.carts": 1, "shop.validated_rate": 100.0, "shop.visitors": 1, "shop.signups": 2},
            company=self.other,
        )
        empty = self.Value._compute_period(self.company, MARCH.previous().previous().previous())
        self.assertEqual(empty[("shop.carts", None, None)].value, 0)
        self.assertIsNone(empty[("shop.validated_rate", None, None)].value)
        self.assertIsNone(empty[("shop.conversion_rate", None, None)].value)

    def test_abandoned_is_judged_when_computed(self):
        # an hour later k5's delay has passed: recomputed, March has one more abandoned cart
        with freeze_time("2026-04-15 12:31:00"):
            self.Value._refresh(self.company, [MARCH], refresh_records=False)
        self.assertValues({"shop.abandoned_rate": 50.0, "shop.abandoned_value": 350.0})
        with freeze_time("2026-04-15 12:31:00"):
            self.assertTrue(self.k5.is_abandoned_cart, "Odoo's own flag agrees")

    # ------------------------------------------------------------------ drill-down
    def opened(self, value, ref):
        action = value.action_open_records(record_set_ref=ref)
        return self.env[action["res_model"]].with_context(**action["context"]).search(action["domain"])

    def measure(self, record_set, records):
        if record_set.measure == "count":
            return len(records)
        self.assertEqual((records._name, record_set.measure), ("sale.order", "untaxed_amount"))
        return sum(order.amount_untaxed / order.currency_rate for order in records)

    def test_every_value_opens_exactly_its_records(self):
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        checked = set()
        with freeze_time(NOW):
            for period in (MARCH, WEEK_10):
                values = self.Value.search(
                    [
                        ("company_id", "=", self.company.id),
                        ("kpi_family", "=", "shop"),
                        ("period_type", "=", period.period_type),
                        ("date_start", "=", period.date_start),
                    ]
                )
                for value in values:
                    for record_set in registry.kpi(value.kpi_code).records:
                        with self.subTest(code=value.kpi_code, dimension=value.dimension_name, rs=record_set.ref):
                            records = self.opened(value, record_set.ref)
                            stored = value.value if record_set.explains == "value" else value[record_set.explains]
                            self.assertAlmostEqual(self.measure(record_set, records), stored, places=6)
                            checked.add((value.kpi_code, value.res_model or ""))
        self.assertEqual({(code, m) for code in registry.codes("shop") for m in ("", "website")} - checked, set())
        with freeze_time(NOW):
            abandoned = self.opened(self.stored("shop.abandoned_rate"), "shop:abandoned")
            self.assertEqual(abandoned, self.k3 | self.k9)
            converted = self.opened(self.stored("shop.conversion_rate"), "shop:converted")
            self.assertEqual(converted, self.a | self.b)
            signups = self.opened(self.stored("shop.signups"), "shop:signups")
            self.assertEqual(signups, self.u1 | self.u2 | self.u3)

    def test_the_recovery_email_works_from_the_abandoned_carts(self):
        with freeze_time(NOW):
            abandoned = self.opened(self.stored("shop.abandoned_rate", self.w1), "shop:abandoned")
            action = abandoned.action_recovery_email_send()
            composer = self.env["mail.compose.message"].with_context(**action["context"]).create({})
            composer.action_send_mail()
        self.assertEqual(abandoned.mapped("cart_recovery_email_sent"), [True, True])

    # ------------------------------------------------------------------ who reads them
    def test_who_reads_the_shop_figures(self):
        own = new_test_user(self.env, "rk_shop_own", groups="sales_team.group_sale_salesman")
        self.assertFalse(self.Value.with_user(own).search([("kpi_family", "=", "shop")]))
        with self.assertRaises(AccessError):
            self.stored("shop.carts").with_user(own).read(["value"])
        seller = new_test_user(self.env, "rk_shop_all", groups="sales_team.group_sale_salesman_all_leads")
        value = self.stored("shop.carts").with_user(seller)
        self.assertEqual(value.value, 6)
        # the carts and the visitors open (salespeople read visitors with website_crm, installed with CRM)
        self.assertEqual(value.action_open_records(record_set_ref="shop:carts")["res_model"], "sale.order")
        visitors = self.stored("shop.visitors").with_user(seller).action_open_records(record_set_ref="shop:visitors")
        self.assertEqual(visitors["res_model"], "website.visitor")
        designer = new_test_user(
            self.env, "rk_shop_designer", groups="website.group_website_designer,reseller_kpi.group_user"
        )
        self.assertEqual(self.stored("shop.visitors").with_user(designer).value, 3)

    def test_a_target_per_website(self):
        target = self.env["reseller.kpi.target"].create(
            {
                "kpi_code": "shop.abandoned_rate",
                "company_id": self.company.id,
                "period_type": "month",
                "date_start": MARCH.date_start,
                "dimension_ref": f"website,{self.w1.id}",
                "target_value": 30.0,
            }
        )
        self.assertEqual((target.higher_is_better, target.status), (False, "red"))
