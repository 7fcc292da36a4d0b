"""The till's tickets in the sales, margin and customer figures, computed by hand (see common.py)."""

from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.reseller_kpi.tests.common import YEAR

from .common import MAY, Q2, WEEK_19, PosFixtureCase


@tagged("post_install", "-at_install")
class TestPosKpis(PosFixtureCase):
    def assertFigures(self, expected, period, dimension=None):
        for code, number in expected.items():
            with self.subTest(code=code, period=period.period_type, dimension=dimension and dimension.display_name):
                stored = self.value_of(code, period, dimension)
                if number is None:
                    self.assertIsNone(stored)
                else:
                    self.assertIsNotNone(stored)
                    self.assertAlmostEqual(stored, number, places=6)

    def test_may_for_the_company(self):
        # revenue O9 100 + O14 40 + K1 200 + K2 50 + K3 150 + K4 -150 = 390 (K5 is June's, K6 a draft, KO the
        # other company's); orders O9 O14 K1 K2 K3 K4 = 6 (a refund is a ticket); margin 40 + 36 + 80 + 38 + 90 - 90
        # = 194; items 1 + 1 + 2 + 3 (the service is none) + 1 - 1 = 7
        # customers active at the end of May: C1 C2 C3 C8 C9 C6 and C10 = 7 (K2 is anonymous: nobody's);
        # new: C6 and C10, once for its ticket K1 and its quotation O14 = 2
        self.assertFigures(
            {
                "sales.revenue": 390.0,
                "sales.orders": 6,
                "sales.aov": 65.0,
                "margin.amount": 194.0,
                "margin.rate": 19400 / 390,
                "sales.items": 7,
                "customers.active": 7,
                "customers.new": 2,
                "customers.revenue_per_active": 390 / 7,
                "customers.orders_per_active": 6 / 7,
            },
            MAY,
        )

    def test_week_19_for_the_company(self):
        # 4 to 10 May: K1 200, K2 50, K3 150 (10 May 11:00 in Paris); no order by quotation (O9 is week 18's)
        # margin 80 + 38 + 90 = 208, items 2 + 3 + 1 = 6; C10 is new (K1)
        self.assertFigures(
            {
                "sales.revenue": 400.0,
                "sales.orders": 3,
                "margin.amount": 208.0,
                "sales.items": 6,
                "customers.new": 1,
            },
            WEEK_19,
        )

    def test_quarter_and_year_add_the_tickets_to_the_orders(self):
        # Q2 adds O14 40 and K1..K5 200 + 50 + 150 - 150 + 20 = 310 of revenue, 6 orders, margin 36 + 80 + 38 + 90
        # - 90 + 12 = 166, items 1 + 2 + 3 + 1 - 1 + 2 = 8, one new and active customer (C10); the year adds K7 too
        # (80, 1 order, margin 20, 1 item; C3 was a customer already)
        added = {
            Q2: {"sales.revenue": 310, "sales.orders": 6, "margin.amount": 166, "sales.items": 8},
            YEAR: {"sales.revenue": 390, "sales.orders": 7, "margin.amount": 186, "sales.items": 9},
        }
        for period, figures in added.items():
            figures.update({"customers.new": 1, "customers.active": 1})
            self.assertFigures({code: self.before[(code, period)] + number for code, number in figures.items()}, period)

    def test_per_till(self):
        # T1: K1 + K2 in May and week 19 (250, margin 80 + 38, items 5); Q2 adds K5 (20, 12, 2); the year K7
        # (80, 20, 1). T2: K3 and its refund K4 cancel out in May (2 tickets, nothing sold); week 19 holds K3 only
        t1 = {"sales.revenue": 250.0, "sales.orders": 2, "margin.amount": 118.0, "sales.items": 5, "sales.aov": 125.0}
        self.assertFigures(t1, MAY, self.t1)
        self.assertFigures(t1, WEEK_19, self.t1)
        self.assertFigures(
            {"sales.revenue": 270.0, "sales.orders": 3, "margin.amount": 130.0, "sales.items": 7}, Q2, self.t1
        )
        self.assertFigures(
            {"sales.revenue": 350.0, "sales.orders": 4, "margin.amount": 150.0, "sales.items": 8}, YEAR, self.t1
        )
        self.assertFigures(
            {"sales.revenue": 0.0, "sales.orders": 2, "margin.amount": 0.0, "sales.aov": 0.0, "margin.rate": None},
            MAY,
            self.t2,
        )
        self.assertFigures(
            {"sales.revenue": 150.0, "sales.orders": 1, "margin.amount": 90.0, "margin.rate": 60.0}, WEEK_19, self.t2
        )
        # the other company's till counts its own ticket only, never in the company's figures above
        self.assertEqual(self.value_of("sales.revenue", MAY, self.to, self.other), 999.0)
        self.assertIsNone(self.value_of("sales.revenue", MAY, self.to))

    def test_per_team_and_salesperson(self):
        # Team 1 (T1's): K1 200 + K2 50 + O14 40 = 290; Team 2 (T2's): O9 100 + K3 150 - K4 150 = 100
        self.assertFigures({"sales.revenue": 290.0, "sales.orders": 3, "margin.amount": 154.0}, MAY, self.team1)
        self.assertFigures({"sales.revenue": 100.0, "sales.orders": 3, "margin.amount": 40.0}, MAY, self.team2)
        # seller 1: K1 K2 O14; seller 2: K3 and its refund; customers of each: C10 / C2
        self.assertFigures({"sales.revenue": 290.0, "sales.orders": 3, "customers.new": 1}, MAY, self.seller1)
        self.assertFigures({"sales.revenue": 0.0, "sales.orders": 2, "customers.active": 1}, MAY, self.seller2)

    def test_the_numbers_open_the_tickets(self):
        value = self.env["reseller.kpi.value"].search(
            [
                ("kpi_code", "=", "sales.revenue"),
                ("company_id", "=", self.company.id),
                ("period_type", "=", "month"),
                ("date_start", "=", MAY.date_start),
                ("res_model", "=", False),
            ]
        )

        def opened(ref):
            action = value.action_open_records(record_set_ref=ref)
            return self.env[action["res_model"]].with_context(**action["context"]).search(action["domain"])

        lines = opened("sales:pos_lines")
        self.assertEqual(lines, (self.k1 | self.k2 | self.k3 | self.k4).lines)
        self.assertAlmostEqual(sum(lines.mapped("price_subtotal")), 250.0)
        self.assertEqual(opened("sales:lines").order_id, self.o9 | self.o14)
        self.assertEqual(lines.order_id, self.k1 | self.k2 | self.k3 | self.k4)
        till = value.search(
            [
                ("kpi_code", "=", "sales.orders"),
                ("res_model", "=", "pos.config"),
                ("res_id", "=", self.t2.id),
                ("period_type", "=", "month"),
                ("date_start", "=", MAY.date_start),
            ]
        )
        self.assertEqual(till.value, 2)
        action = till.action_open_records(record_set_ref="sales:pos_orders")
        self.assertEqual(self.env["pos.order"].search(action["domain"]), self.k3 | self.k4)

    def test_a_salesperson_opens_their_tickets_with_the_till_s_rights(self):
        """seller 1 on own documents: May revenue 290 = K1 200 + K2 50 + O14 40; the ticket lines need
        the Point of Sale's user rights, which the sentence names."""
        value = self.env["reseller.kpi.value"].search(
            [
                ("kpi_code", "=", "sales.revenue"),
                ("company_id", "=", self.company.id),
                ("period_type", "=", "month"),
                ("date_start", "=", MAY.date_start),
                ("res_model", "=", "res.users"),
                ("res_id", "=", self.seller1.id),
            ]
        )
        self.assertEqual(value.value, 290.0)
        mine = value.with_user(self.seller1)
        with self.assertRaisesRegex(UserError, r"point of sale lines it counts: .* \(Point of Sale / User\)\.$"):
            mine.action_open_records(record_set_ref="sales:pos_lines")
        self.seller1.groups_id = [Command.link(self.env.ref("point_of_sale.group_pos_user").id)]
        action = mine.action_open_records(record_set_ref="sales:pos_lines")
        lines = self.env["pos.order.line"].with_user(self.seller1).search(action["domain"])
        self.assertEqual(lines, (self.k1 | self.k2).lines)
        self.assertAlmostEqual(sum(lines.mapped("price_subtotal")), 250.0)

    def test_daily_cohort_and_customer_figures(self):
        days = {
            row.day: (row.revenue, row.variable_costs)
            for row in self.env["reseller.kpi.day"].search([("company_id", "=", self.company.id)])
        }
        # 5 May: K1 (cost 120); 6 May: K2 (cost 12); 12 May: the refund K4 (cost -60); 20 May: O14 (cost 4)
        self.assertEqual(days[date(2026, 5, 5)], (200.0, 120.0))
        self.assertEqual(days[date(2026, 5, 6)], (50.0, 12.0))
        self.assertEqual(days[date(2026, 5, 12)], (-150.0, -60.0))
        self.assertEqual(days[date(2026, 5, 20)], (40.0, 4.0))
        # the cohort of May 2026: C6 (O9) and C10, whose ticket and quotation are one month of orders
        self.env["reseller.kpi.cohort"]._refresh_company(self.company)
        cohort = self.env["reseller.kpi.cohort"].search(
            [("company_id", "=", self.company.id), ("cohort_month", "=", date(2026, 5, 1))]
        )
        self.assertEqual([(cell.month_offset, cell.customer_count) for cell in cohort], [(0, 2)])
        # C10 on 31 May: first order K1 (5 May), last O14 (20 May), 2 orders, 240 of revenue and 116 of margin
        self.env["reseller.kpi.collector"]._refresh_records(self.company, today=date(2026, 5, 31))
        c10 = self.c10.with_company(self.company)
        self.assertEqual(
            (
                c10.reseller_kpi_first_order_date,
                c10.reseller_kpi_last_order_date,
                c10.reseller_kpi_order_count,
                c10.reseller_kpi_revenue_365,
                c10.reseller_kpi_margin_365,
            ),
            (date(2026, 5, 5), date(2026, 5, 20), 2, 240.0, 116.0),
        )
