"""Every ``mailing.*`` code on the fixture of ``common.py``, computed by hand."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.reseller_kpi.engine.periods import local_date
from odoo.addons.reseller_kpi.tests.common import MARCH, Q1, WEEK_10, YEAR

from .common import APRIL, MailingFixtureCase


@tagged("post_install", "-at_install")
class TestMailingKpis(MailingFixtureCase):
    def test_march_for_the_company(self):
        # sent: t1 t2 t3 t4 t7 (M1, t5 in error and t6 cancelled never), t8 t9 t10 t11 (M2), t14 (M3) = 10
        # delivered: all but the bounce t3 = 9; opened t1 t4 t8 t10 t14 = 5; clicked t1 t7 = 2
        # addresses delivered: c1, buyer@c1, c2 (twice), c4, nobody, twin, c9, c8 = 8; opted out: c9, c4 = 2
        # to active customers: t1 t7 (C1), t2 t8 (C2), t11 (C9), t14 (C8) = 6, of 5 active customers
        # customers delivered: C1 C2 C4 C8 C9 = 5 (nobody and twin are nobody's); reacting C1 C2 C4 C8 = 4
        # revenue: O2 150 (Fair, M2) + O5 200 + O12 10 (Spring mail, M1) = 360; O13's source is the other company's
        self.assertEqual(self.value("customers.active"), 5)
        self.assertValues(
            {
                "mailing.sent": 10,
                "mailing.delivery_rate": 90.0,
                "mailing.bounce_rate": 10.0,
                "mailing.open_rate": 500 / 9,
                "mailing.click_rate": 200 / 9,
                "mailing.click_to_open_rate": 40.0,
                "mailing.unsubscribe_rate": 25.0,
                "mailing.solicitations_per_active": 1.2,
                "mailing.reactivity_rate": 80.0,
                "mailing.revenue": 360.0,
            }
        )
        rate = self.stored("mailing.unsubscribe_rate")
        self.assertEqual((rate.numerator, rate.denominator), (2, 8))
        pressure = self.stored("mailing.solicitations_per_active")
        self.assertEqual((pressure.numerator, pressure.denominator), (6, 5))

    def test_march_per_campaign(self):
        # Spring (M1; MO is the other company's): sent t1 t2 t3 t4 t7 = 5, delivered 4, bounced t3, opened t1 t4,
        # clicked t1 t7; addresses c1 buyer c2 c4 = 4, C4 opted out after t4; active t1 t2 t7 = 3 / 5;
        # customers C1 C2 C4, reacting C1 C4; revenue O5 + O12 = 210
        self.assertValues(
            {
                "mailing.sent": 5,
                "mailing.delivery_rate": 80.0,
                "mailing.bounce_rate": 20.0,
                "mailing.open_rate": 50.0,
                "mailing.click_rate": 50.0,
                "mailing.click_to_open_rate": 100.0,
                "mailing.unsubscribe_rate": 25.0,
                "mailing.solicitations_per_active": 0.6,
                "mailing.reactivity_rate": 200 / 3,
                "mailing.revenue": 210.0,
            },
            self.spring,
        )
        # Promo (M2): t8 t9 t10 t11 all delivered, opened t8 t10, no click; addresses c2 nobody twin c9,
        # c9 left after t11; active t8 (C2) t11 (C9) = 2 / 5; customers C2 C9, reacting C2; revenue O2 150
        self.assertValues(
            {
                "mailing.sent": 4,
                "mailing.delivery_rate": 100.0,
                "mailing.bounce_rate": 0.0,
                "mailing.open_rate": 50.0,
                "mailing.click_rate": 0.0,
                "mailing.click_to_open_rate": 0.0,
                "mailing.unsubscribe_rate": 25.0,
                "mailing.solicitations_per_active": 0.4,
                "mailing.reactivity_rate": 50.0,
                "mailing.revenue": 150.0,
            },
            self.promo,
        )

    def test_week_10(self):
        # 2 to 8 March: t1 t2 t3 t4 (t7 is 1 March, week 9); delivered t1 t2 t4, opened t1 t4, clicked t1;
        # addresses c1 c2 c4, no opt-out in the week; active on 8 March C1 C2 C4 C8: t1 t2 t4 = 3 / 4;
        # customers C1 C2 C4, reacting C1 C4; revenue O2 150 (5 March, Fair)
        self.assertEqual(self.value("customers.active", period=WEEK_10), 4)
        expected = {
            "mailing.sent": 4,
            "mailing.delivery_rate": 75.0,
            "mailing.bounce_rate": 25.0,
            "mailing.open_rate": 200 / 3,
            "mailing.click_rate": 100 / 3,
            "mailing.click_to_open_rate": 50.0,
            "mailing.unsubscribe_rate": 0.0,
            "mailing.solicitations_per_active": 0.75,
            "mailing.reactivity_rate": 200 / 3,
            "mailing.revenue": 150.0,
        }
        self.assertValues(expected, period=WEEK_10)
        self.assertValues(dict(expected, **{"mailing.revenue": 0.0}), self.spring, period=WEEK_10)
        # Promo sent nothing in week 10 but sold: its rates are empty, not 0
        self.assertValues(
            {
                "mailing.sent": 0,
                "mailing.delivery_rate": None,
                "mailing.open_rate": None,
                "mailing.unsubscribe_rate": None,
                "mailing.reactivity_rate": None,
                "mailing.solicitations_per_active": 0.0,
                "mailing.revenue": 150.0,
            },
            self.promo,
            period=WEEK_10,
        )

    def test_quarter_and_year(self):
        # Q1: March + t13 (20 January, c8, delivered) = 11 sent, 10 delivered, 5 opened, 2 clicked;
        # addresses: c8 already counted = 8; active at 31 March 5: 6 + t13 = 7; customers 5, reacting 4
        self.assertValues(
            {
                "mailing.sent": 11,
                "mailing.delivery_rate": 1000 / 11,
                "mailing.bounce_rate": 100 / 11,
                "mailing.open_rate": 50.0,
                "mailing.click_rate": 20.0,
                "mailing.click_to_open_rate": 40.0,
                "mailing.unsubscribe_rate": 25.0,
                "mailing.solicitations_per_active": 1.4,
                "mailing.reactivity_rate": 80.0,
                "mailing.revenue": 360.0,
            },
            period=Q1,
        )
        self.assertValues({"mailing.sent": 5, "mailing.revenue": 150.0}, self.promo, period=Q1)
        # 2026: Q1 + t12 (1 April in Paris, c3, opened) = 12 sent, 11 delivered, 6 opened, 2 clicked;
        # addresses 9 (c3), opted out still c9 and c4 (nobody's opt-out of 10 April came 31 days after t9);
        # to active customers 7 + t12 (C3) = 8; customers 6 (C3), reacting 5
        active = self.value("customers.active", period=YEAR)
        self.assertValues(
            {
                "mailing.sent": 12,
                "mailing.delivery_rate": 1100 / 12,
                "mailing.open_rate": 600 / 11,
                "mailing.click_rate": 200 / 11,
                "mailing.click_to_open_rate": 200 / 6,
                "mailing.unsubscribe_rate": 200 / 9,
                "mailing.solicitations_per_active": 8 / active,
                "mailing.reactivity_rate": 500 / 6,
                "mailing.revenue": 360.0,
            },
            period=YEAR,
        )

    def test_quarter_and_year_per_campaign(self):
        active = self.value("customers.active", period=YEAR)
        # Spring sent nothing but its March e-mails: Q1 reads as March, 2026 too but for the active customers
        spring = {
            "mailing.sent": 5,
            "mailing.delivery_rate": 80.0,
            "mailing.bounce_rate": 20.0,
            "mailing.open_rate": 50.0,
            "mailing.click_rate": 50.0,
            "mailing.click_to_open_rate": 100.0,
            "mailing.unsubscribe_rate": 25.0,
            "mailing.solicitations_per_active": 0.6,
            "mailing.reactivity_rate": 200 / 3,
            "mailing.revenue": 210.0,
        }
        self.assertValues(spring, self.spring, period=Q1)
        self.assertValues(dict(spring, **{"mailing.solicitations_per_active": 3 / active}), self.spring, period=YEAR)
        # Promo in Q1: March + t13 (c8, 20 January): 5 sent and delivered, opened t8 t10, no click; addresses
        # c2 nobody twin c9 c8, c9 left; to active customers t8 t11 t13 = 3 / 5; customers C2 C9 C8, reacting C2
        promo_q1 = {
            "mailing.sent": 5,
            "mailing.delivery_rate": 100.0,
            "mailing.bounce_rate": 0.0,
            "mailing.open_rate": 40.0,
            "mailing.click_rate": 0.0,
            "mailing.click_to_open_rate": 0.0,
            "mailing.unsubscribe_rate": 20.0,
            "mailing.solicitations_per_active": 0.6,
            "mailing.reactivity_rate": 100 / 3,
            "mailing.revenue": 150.0,
        }
        self.assertValues(promo_q1, self.promo, period=Q1)
        # Promo in 2026: + t12 (c3, 1 April in Paris, opened): 6 sent, 3 opened; 6 addresses, c9 left;
        # to active customers 3 + t12 = 4; customers C2 C9 C8 C3, reacting C2 C3
        self.assertValues(
            dict(
                promo_q1,
                **{
                    "mailing.sent": 6,
                    "mailing.open_rate": 50.0,
                    "mailing.unsubscribe_rate": 100 / 6,
                    "mailing.solicitations_per_active": 4 / active,
                    "mailing.reactivity_rate": 50.0,
                },
            ),
            self.promo,
            period=YEAR,
        )

    def test_an_opt_out_31_days_after_the_last_email_is_not_counted(self):
        # April: t12 delivered to c3; nobody@example.com left on 10 April 10:00, 31 days and an hour after t9
        rate = self.stored("mailing.unsubscribe_rate", period=APRIL)
        self.assertEqual((rate.value, rate.numerator, rate.denominator), (0.0, 0, 1))
        # 3 days after (c9 on 13 March, after t11 of 10 March) it counts, for the campaign of that e-mail
        promo = self.stored("mailing.unsubscribe_rate", self.promo)
        self.assertEqual((promo.numerator, promo.denominator), (1, 4))
        unsubscribed = self.opened(promo, "mailing:unsubscribed")
        self.assertEqual(unsubscribed, self.t11)

    def test_the_other_company_counts_its_own_mailing_only(self):
        # MO: o1 (c1, opened) and o2 (other@example.com, blacklisted 10 days later); C1 is not active there
        self.assertValues(
            {
                "mailing.sent": 2,
                "mailing.open_rate": 50.0,
                "mailing.unsubscribe_rate": 50.0,
                "mailing.revenue": 0.0,
            },
            company=self.other,
        )
        self.assertValues({"mailing.sent": 2}, self.spring, company=self.other)

    def test_an_empty_period(self):
        empty = self.Value._compute_period(self.company, APRIL.previous().previous().previous().previous())
        # December 2025: no e-mail, no order of a mailing's source
        self.assertEqual(empty[("mailing.sent", None, None)].value, 0)
        for code in (
            "mailing.delivery_rate",
            "mailing.open_rate",
            "mailing.unsubscribe_rate",
            "mailing.reactivity_rate",
        ):
            self.assertIsNone(empty[(code, None, None)].value, code)
        self.assertEqual(empty[("mailing.revenue", None, None)].value, 0.0)

    # ------------------------------------------------------------------ drill-down
    def opened(self, value, ref):
        action = value.action_open_records(record_set_ref=ref)
        return self.env[action["res_model"]].with_context(**action["context"]).search(action["domain"])

    def measure(self, record_set, records):
        if record_set.measure == "count":
            return len(records)
        self.assertEqual((records._name, record_set.measure), ("sale.order.line", "revenue"))
        return sum(line.price_subtotal / line.order_id.currency_rate for line in records)

    def test_every_value_opens_exactly_its_records(self):
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        checked = set()
        for period in (MARCH, WEEK_10):
            values = self.Value.search(
                [
                    ("company_id", "=", self.company.id),
                    ("kpi_family", "=", "mailing"),
                    ("period_type", "=", period.period_type),
                    ("date_start", "=", period.date_start),
                ]
            )
            for value in values:
                for record_set in registry.kpi(value.kpi_code).records:
                    if not record_set.explains:
                        continue
                    with self.subTest(code=value.kpi_code, dimension=value.dimension_name, records=record_set.ref):
                        records = self.opened(value, record_set.ref)
                        stored = value.value if record_set.explains == "value" else value[record_set.explains]
                        self.assertAlmostEqual(self.measure(record_set, records), stored, places=6)
                        checked.add((value.kpi_code, value.res_model or ""))
        expected = {(code, model) for code in registry.codes("mailing") for model in ("", "utm.campaign")}
        self.assertEqual(expected - checked, set())

    def test_what_the_numbers_open(self):
        sent = self.stored("mailing.sent")
        self.assertEqual(
            self.opened(sent, "mailing:sent"),
            self.t1 | self.t2 | self.t3 | self.t4 | self.t7 | self.t8 | self.t9 | self.t10 | self.t11 | self.t14,
        )
        opened = self.stored("mailing.open_rate", self.spring)
        self.assertEqual(self.opened(opened, "mailing:opened"), self.t1 | self.t4)
        self.assertEqual(self.opened(opened, "mailing:delivered"), self.t1 | self.t2 | self.t4 | self.t7)
        bounced = self.stored("mailing.delivery_rate")
        self.assertEqual(self.opened(bounced, "mailing:bounced"), self.t3)
        # one e-mail per address: C2's last one (t8), not both
        rate = self.stored("mailing.unsubscribe_rate")
        delivered = self.opened(rate, "mailing:delivered_emails")
        self.assertEqual(len(delivered), 8)
        self.assertIn(self.t8, delivered)
        self.assertNotIn(self.t2, delivered)
        self.assertEqual(self.opened(rate, "mailing:unsubscribed"), self.t4 | self.t11)
        reactivity = self.stored("mailing.reactivity_rate")
        self.assertEqual(self.opened(reactivity, "mailing:reacting_customers"), self.c1 | self.c2 | self.c4 | self.c8)
        self.assertEqual(
            self.opened(reactivity, "mailing:reached_customers"), self.c1 | self.c2 | self.c4 | self.c8 | self.c9
        )
        # the marketing pressure of a campaign: its e-mails over every active customer of the company
        pressure = self.stored("mailing.solicitations_per_active", self.promo)
        self.assertEqual(self.opened(pressure, "mailing:solicitations"), self.t8 | self.t11)
        self.assertEqual(
            self.opened(pressure, "mailing:active_customers"), self.c1 | self.c2 | self.c3 | self.c8 | self.c9
        )
        revenue = self.stored("mailing.revenue", self.spring)
        self.assertEqual(self.opened(revenue, "mailing:order_lines"), self.o5.order_line | self.o12.order_line)
        # the local day: t7 of 28 February 23:30 UTC is a March e-mail in Paris
        self.assertEqual(local_date(self.t7.sent_datetime, "Europe/Paris").month, 3)

    # ------------------------------------------------------------------ who reads them
    def test_who_reads_the_email_figures(self):
        marketer = self.marketer
        codes = set(self.Value.with_user(marketer).search([("period_type", "=", "month")]).mapped("kpi_family"))
        self.assertIn("mailing", codes)
        action = (
            self.stored("mailing.open_rate").with_user(marketer).action_open_records(record_set_ref="mailing:opened")
        )
        self.assertEqual(action["res_model"], "mailing.trace")
        # a salesperson on all documents without Email Marketing reads no e-mail figure
        seller = new_test_user(self.env, "rk_mailing_seller", groups="sales_team.group_sale_salesman_all_leads")
        self.assertFalse(self.Value.with_user(seller).search([("kpi_family", "=", "mailing")]))
        with self.assertRaises(AccessError):
            self.stored("mailing.sent").with_user(seller).read(["value"])
        # the other company's marketer reads its own company's figures only
        theirs = self.Value.with_user(self.other_marketer).search([("kpi_family", "=", "mailing")])
        self.assertEqual(theirs.company_id, self.other)

    def test_a_campaign_alert_reaches_its_responsible(self):
        (self.spring | self.promo).user_id = self.marketer
        self.env["reseller.kpi.alert"].create(
            {
                "name": "Bouncing campaigns",
                "kpi_code": "mailing.bounce_rate",
                "condition": "above",
                "threshold": 10.0,
                "company_id": self.company.id,
                "dimension_scope": "each",
                "dimension_model": "utm.campaign",
            }
        )
        with freeze_time("2026-04-02 09:00:00"):
            events = self.env["reseller.kpi.alert"]._evaluate_company(self.company, date(2026, 4, 2))
        # March: Spring bounced 20 %, Promo 0 %
        self.assertEqual([(event.res_model, event.res_id) for event in events], [("utm.campaign", self.spring.id)])
        self.assertEqual(events.recipient_ids, self.marketer)
        self.assertEqual(events.activity_ids.user_id, self.marketer)

    def test_a_target_on_an_email_code(self):
        target = self.env["reseller.kpi.target"].create(
            {
                "kpi_code": "mailing.open_rate",
                "company_id": self.company.id,
                "period_type": "month",
                "date_start": MARCH.date_start,
                "target_value": 50.0,
            }
        )
        self.assertEqual((target.higher_is_better, target.status), (True, "green"))
        bounce = self.env["reseller.kpi.target"].create(
            {
                "kpi_code": "mailing.bounce_rate",
                "company_id": self.company.id,
                "period_type": "month",
                "date_start": MARCH.date_start,
                "dimension_ref": f"utm.campaign,{self.spring.id}",
                "target_value": 5.0,
            }
        )
        self.assertEqual((bounce.higher_is_better, bounce.status), (False, "red"))
