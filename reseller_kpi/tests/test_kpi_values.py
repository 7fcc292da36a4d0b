"""Every KPI code on the hand-computed fixture of ``common.py`` (see its comments for the sums)."""

from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from ..engine.periods import Period, period_of, periods_between
from .common import MARCH, Q1, WEEK_10, YEAR, KpiFixtureCase


@tagged("post_install", "-at_install")
class TestKpiValues(KpiFixtureCase):
    # ------------------------------------------------------------------ tests
    def test_sales(self):
        # O2 150 + O3 70 + O5 200 + O7 50 + O11 600 (the down payment is no sale) + O12 10 + O13 20;
        # O8 is in April in Paris, drafts, cancels and the other company's orders never count
        self.assertValues(
            {
                "sales.revenue": 1100,
                "sales.orders": 7,
                "sales.aov": 1100 / 7,
                # 1 + 4 + 1 + 1 + 12 (a dozen) + 1 + 2
                "sales.items": 22,
                # 90 + 58 + 140 + 46 + 240 + 6 + 12
                "margin.amount": 592,
                "margin.rate": 592 / 1100 * 100,
            }
        )
        # O2, O5, O11, O12
        self.assertValues(
            {
                "sales.revenue": 960,
                "sales.orders": 4,
                "sales.aov": 240,
                "sales.items": 15,
                "margin.amount": 476,
                "margin.rate": 476 / 960 * 100,
            },
            self.team1,
        )
        # O3, O7, O13
        self.assertValues(
            {
                "sales.revenue": 140,
                "sales.orders": 3,
                "sales.aov": 140 / 3,
                "sales.items": 7,
                "margin.amount": 116,
                "margin.rate": 116 / 140 * 100,
            },
            self.team2,
        )
        # O2 only
        self.assertValues(
            {
                "sales.revenue": 150,
                "sales.orders": 1,
                "sales.aov": 150,
                "sales.items": 1,
                "margin.amount": 90,
                "margin.rate": 60,
            },
            self.source,
        )

    def test_category_roll_up(self):
        # P1 and P2 lines: 100 + 30 + 200 + 50 + 600 + 10 + 20 in 7 orders, items 1 + 3 + 1 + 1 + 12 + 1 + 2
        self.assertValues(
            {
                "sales.revenue": 1010,
                "sales.orders": 7,
                "sales.aov": 1010 / 7,
                "sales.items": 21,
                "margin.amount": 502,
                "margin.rate": 502 / 1010 * 100,
            },
            self.hardware,
        )
        # S1 of O2 and P3 of O3; the down payment on S1 is no sale
        self.assertValues(
            {
                "sales.revenue": 90,
                "sales.orders": 2,
                "sales.aov": 45,
                "sales.items": 1,
                "margin.amount": 90,
                "margin.rate": 100,
            },
            self.misc,
        )
        # the root counts each order once, not 7 + 2
        self.assertValues(
            {
                "sales.revenue": 1100,
                "sales.orders": 7,
                "sales.aov": 1100 / 7,
                "sales.items": 22,
                "margin.amount": 592,
                "margin.rate": 592 / 1100 * 100,
            },
            self.root,
        )

    def test_customers(self):
        # active(31/3): C1, C2, C3, C8, C9; active(28/2): C4, C8 (C2's first order is 1 March in Paris);
        # new C2, C9; reactivated C1, C3 (C8 was active: retained); churned C4
        self.assertValues(
            {
                "customers.active": 5,
                "customers.active_start": 2,
                "customers.new": 2,
                "customers.reactivated": 2,
                "customers.churned": 1,
                "customers.churn_rate": 50,
                "customers.retention_rate": 50,
                "customers.net_balance": 3,
                "customers.revenue_per_active": 1100 / 5,
                "customers.orders_per_active": 7 / 5,
                "customers.items_per_active": 22 / 5,
                # prospects C5, C6, C7 (archived); C6 ordered 58 days after its lead
                "customers.activation_rate": 100 / 3,
                # margin of the 365 days (592 + O10 40) / 5 active x lifetime 3 years:
                # of C1, C3, C4 active on 31 March 2025, C4 is lost a year later
                "customers.clv": 632 / 5 * 3,
            }
        )
        # team 1 (orders O1, O2, O4, O5, O11, O12): no active customer on 28 February, rates are empty, not 0;
        # prospects C5 and C7 (first leads of team 1), none activated; nobody lost in a year: 10 years
        self.assertValues(
            {
                "customers.active": 3,
                "customers.active_start": 0,
                "customers.new": 1,
                "customers.reactivated": 2,
                "customers.churned": 0,
                "customers.churn_rate": None,
                "customers.retention_rate": None,
                "customers.net_balance": 3,
                "customers.revenue_per_active": 960 / 3,
                "customers.orders_per_active": 4 / 3,
                "customers.items_per_active": 15 / 3,
                "customers.activation_rate": 0,
                "customers.clv": 476 / 3 * 10,
            },
            self.team1,
        )
        # team 2 (orders O3, O6, O7, O10, O13): active C2, C8; at start C4, C8; C4 lost, also over the year
        self.assertValues(
            {
                "customers.active": 2,
                "customers.active_start": 2,
                "customers.new": 1,
                "customers.reactivated": 0,
                "customers.churned": 1,
                "customers.churn_rate": 50,
                "customers.retention_rate": 50,
                "customers.net_balance": 0,
                "customers.revenue_per_active": 140 / 2,
                "customers.orders_per_active": 3 / 2,
                "customers.items_per_active": 7 / 2,
                "customers.activation_rate": 100,
                # margin of the 365 days 40 + 58 + 46 + 12 / 2 active x lifetime 1 year
                "customers.clv": 156 / 2 * 1,
            },
            self.team2,
        )

    def test_crm(self):
        # created in March L1..L5; won L3 (20 days) and L6 (104 days); lost L4, L5
        self.assertValues(
            {"crm.leads": 5, "crm.won": 2, "crm.lost": 2, "crm.win_rate": 50, "crm.cycle_days": (104 + 20) / 2}
        )
        self.assertValues(
            {"crm.leads": 4, "crm.won": 1, "crm.lost": 2, "crm.win_rate": 100 / 3, "crm.cycle_days": 104}, self.team1
        )
        self.assertValues(
            {"crm.leads": 1, "crm.won": 1, "crm.lost": 0, "crm.win_rate": 100, "crm.cycle_days": 20}, self.team2
        )
        # salesperson 1: L1, L2, L6; salesperson 2: L3, L4, L5 (the other company's lost lead is not theirs here)
        self.assertValues(
            {"crm.leads": 2, "crm.won": 1, "crm.lost": 0, "crm.win_rate": 100, "crm.cycle_days": 104}, self.seller1
        )
        self.assertValues(
            {"crm.leads": 3, "crm.won": 1, "crm.lost": 2, "crm.win_rate": 100 / 3, "crm.cycle_days": 20}, self.seller2
        )
        # source Fair: L3 won, L4 lost
        self.assertValues(
            {"crm.leads": 2, "crm.won": 1, "crm.lost": 1, "crm.win_rate": 50, "crm.cycle_days": 20}, self.source
        )

    def test_suppliers(self):
        # receipts 6 (on time) + 4 (3 days late) + 5 (on time) + 2 (due 1 April, on time) = 17
        self.assertValues(
            {
                "supplier.otd_rate": 13 / 17 * 100,
                "supplier.delay_days": 12 / 17,
                # 4 March - 20 Feb, 8 March - 20 Feb, 10 March - 1 March, 25 March - 1 March
                "supplier.lead_days": (12 + 16 + 9 + 24) / 4,
                "supplier.return_rate": 1 / 17 * 100,
                # lines due in March: A (6 of 12 on time, 10 received) and B (5 of 5)
                "supplier.otif_rate": 50,
                "supplier.fill_rate": 15 / 17 * 100,
                # the foreign order approved 1 March in Paris: (150 + 120) / 2
                "supplier.purchase_amount": 135,
            }
        )
        # the vendor is the commercial partner of the order's contact; its order was approved in February
        self.assertValues(
            {
                "supplier.otd_rate": 60,
                "supplier.otif_rate": 0,
                "supplier.fill_rate": 10 / 12 * 100,
                "supplier.return_rate": 0,
                "supplier.delay_days": 1.2,
                "supplier.lead_days": (12 + 16) / 2,
                "supplier.purchase_amount": 0,
            },
            self.v1,
        )
        self.assertValues(
            {
                "supplier.otd_rate": 100,
                "supplier.otif_rate": 100,
                "supplier.fill_rate": 100,
                "supplier.return_rate": 100 / 7,
                "supplier.delay_days": 0,
                "supplier.lead_days": (9 + 24) / 2,
                "supplier.purchase_amount": 135,
            },
            self.v2,
        )

    def test_deliveries(self):
        # 1 unit one day late (commitment 6 March), 3 units on time (order 1 March + 2 days),
        # 12 units (a dozen) two days late (order 18 March); the delivery of 1 April is not in March
        self.assertValues(
            {"delivery.otd_rate": 3 / 16 * 100, "delivery.delay_days": (1 + 12 * 2) / 16, "delivery.lead_days": 5 / 3}
        )
        self.assertValues(
            {"delivery.otd_rate": 0, "delivery.delay_days": 25 / 13, "delivery.lead_days": (2 + 2) / 2}, self.team1
        )
        self.assertValues({"delivery.otd_rate": 100, "delivery.delay_days": 0, "delivery.lead_days": 1}, self.team2)

    def test_finance(self):
        variable = (1100 - 592) + 20
        cm_ratio = (1100 - variable) / 1100 * 100
        break_even = 1000 / (cm_ratio / 100)
        self.assertValues(
            {
                "finance.fixed_costs": 1000,
                "finance.variable_costs": variable,
                "finance.cm_ratio": cm_ratio,
                "finance.break_even": break_even,
                "finance.safety_margin": (1100 - break_even) / 1100 * 100,
                # 300 of advertising for 2 new customers
                "marketing.cac": 150,
            }
        )
        self.assertAlmostEqual(cm_ratio, 52)

    def test_week(self):
        # ISO week 10, Monday 2 to Sunday 8 March: O2 only (O3 is on Sunday 1 March in Paris, week 9)
        self.assertValues(
            {"sales.revenue": 150, "sales.orders": 1, "sales.aov": 150, "sales.items": 1, "margin.amount": 90},
            period=WEEK_10,
        )
        # active(8/3): C1, C2, C4 (15 March 2025), C8; active(1/3): C2, C4, C8; C1 comes back; nobody lost
        self.assertValues(
            {
                "customers.active": 4,
                "customers.active_start": 3,
                "customers.new": 0,
                "customers.reactivated": 1,
                "customers.churned": 0,
                "customers.churn_rate": 0,
                "customers.retention_rate": 100,
                "customers.net_balance": 1,
                "customers.revenue_per_active": 150 / 4,
                "customers.activation_rate": 100 / 3,
                # margin of 9 March 2025 - 8 March 2026: 40 + 40 + 58 + 90 = 228, / 4 x lifetime 2 years
                # (of C1 and C3 active on 8 March 2025, C3 is lost a year later)
                "customers.clv": 228 / 4 * 2,
            },
            period=WEEK_10,
        )
        # created L1..L5, lost L4 (6 March), nothing won: the win rate is 0, the cycle empty
        self.assertValues(
            {"crm.leads": 5, "crm.won": 0, "crm.lost": 1, "crm.win_rate": 0, "crm.cycle_days": None}, period=WEEK_10
        )
        # receipts of 4 and 8 March; line A due 5 March, 10 of 12 received by Sunday
        self.assertValues(
            {
                "supplier.otd_rate": 60,
                "supplier.delay_days": 1.2,
                "supplier.lead_days": 14,
                "supplier.otif_rate": 0,
                "supplier.fill_rate": 10 / 12 * 100,
                "supplier.return_rate": 0,
                "supplier.purchase_amount": 0,
            },
            period=WEEK_10,
        )
        self.assertValues(
            {"delivery.otd_rate": 75, "delivery.delay_days": 0.25, "delivery.lead_days": 1.5}, period=WEEK_10
        )
        # no cost posted this week: the break-even is 0, the whole revenue is safety margin; no new customer
        self.assertValues(
            {
                "finance.fixed_costs": 0,
                "finance.variable_costs": 60,
                "finance.cm_ratio": 60,
                "finance.break_even": 0,
                "finance.safety_margin": 100,
                "marketing.cac": None,
            },
            period=WEEK_10,
        )

    def test_quarter(self):
        # nothing was sold in January and February: sales as in March
        self.assertValues({"sales.revenue": 1100, "sales.orders": 7, "margin.amount": 592}, period=Q1)
        # active(31/12/2025): C1 (10 January 2025), C4, C8; C3 comes back, C4 is lost
        self.assertValues(
            {
                "customers.active": 5,
                "customers.active_start": 3,
                "customers.new": 2,
                "customers.reactivated": 1,
                "customers.churned": 1,
                "customers.churn_rate": 100 / 3,
                "customers.retention_rate": 200 / 3,
                "customers.net_balance": 2,
                "customers.clv": 632 / 5 * 3,
            },
            period=Q1,
        )
        self.assertValues({"crm.leads": 5, "crm.won": 2, "crm.lost": 2}, period=Q1)
        self.assertValues({"finance.fixed_costs": 1000, "marketing.cac": 150}, period=Q1)

    def test_year(self):
        # March + O8 (1 April in Paris: 1000, margin 940) + O9 (May: 100, margin 40)
        self.assertValues(
            {
                "sales.revenue": 2200,
                "sales.orders": 9,
                "sales.aov": 2200 / 9,
                "sales.items": 24,
                "margin.amount": 1572,
            },
            period=YEAR,
        )
        # active(31/12/2026): C1, C2, C3, C6, C8, C9; at start C1, C4, C8; new C2, C6, C9; back C3; lost C4
        self.assertValues(
            {
                "customers.active": 6,
                "customers.active_start": 3,
                "customers.new": 3,
                "customers.reactivated": 1,
                "customers.churned": 1,
                "customers.net_balance": 3,
                "customers.clv": 1572 / 6 * 3,
            },
            period=YEAR,
        )
        # the delivery of 1 April (O5, ordered 20 March) is 12 days late
        self.assertValues(
            {
                "delivery.otd_rate": 3 / 17 * 100,
                "delivery.delay_days": (1 + 24 + 12) / 17,
                "delivery.lead_days": (2 + 1 + 2 + 12) / 4,
            },
            period=YEAR,
        )
        # rent of March and April; variable (2200 - 1572) + 20; 300 of advertising for 3 new customers
        self.assertValues(
            {"finance.fixed_costs": 1500, "finance.variable_costs": 648, "marketing.cac": 100}, period=YEAR
        )

    def test_other_company(self):
        """The other company's records make its own values, and none of the first company's (asserted above)."""
        self.assertValues(
            {
                "sales.revenue": 5700,
                "sales.orders": 2,
                "margin.amount": 4700,
                "customers.active": 2,
                "customers.new": 2,
                "customers.churned": 0,
                "crm.leads": 0,
                "crm.lost": 1,
                "crm.win_rate": 0,
                "supplier.otd_rate": 0,
                "supplier.fill_rate": 100,
                "supplier.return_rate": 20,
                "supplier.purchase_amount": 500,
                "delivery.otd_rate": 0,
                "delivery.delay_days": 1,
                "finance.fixed_costs": 777,
                "finance.variable_costs": 1000 + 55,
                "marketing.cac": 111 / 2,
            },
            company=self.other,
        )
        self.assertValues({"supplier.otd_rate": 0, "supplier.return_rate": 20}, self.v1, company=self.other)

    def test_empty_period(self):
        empty = Period("month", date(2020, 1, 1), date(2020, 1, 31))
        self.Value._refresh(self.company, [empty], refresh_records=False)
        self.assertValues(
            {
                "sales.revenue": 0,
                "sales.orders": 0,
                "sales.aov": None,
                "margin.rate": None,
                "customers.active": 0,
                "customers.churn_rate": None,
                "customers.activation_rate": None,
                "customers.clv": None,
                "crm.win_rate": None,
                "crm.cycle_days": None,
                "supplier.otd_rate": None,
                "supplier.otif_rate": None,
                "delivery.otd_rate": None,
                "finance.cm_ratio": None,
                "finance.break_even": None,
                "finance.safety_margin": None,
                "marketing.cac": None,
            },
            period=empty,
        )

    def test_rerun_replaces(self):
        count = self.Value.search_count([("company_id", "=", self.company.id)])
        self.Value._refresh(self.company, [MARCH], refresh_records=False)
        self.assertEqual(self.Value.search_count([("company_id", "=", self.company.id)]), count)
        self.env.cr.execute(
            """SELECT kpi_code, res_model, res_id FROM reseller_kpi_value
                GROUP BY kpi_code, period_type, date_start, company_id, res_model, res_id HAVING COUNT(*) > 1"""
        )
        self.assertFalse(self.env.cr.fetchall())

    def test_records(self):
        Collector = self.env["reseller.kpi.collector"]
        Collector._refresh_records(self.company, today=date(2026, 3, 31))
        partner = self.c1.with_company(self.company)
        self.assertEqual(partner.reseller_kpi_first_order_date, date(2025, 1, 10))
        self.assertEqual(partner.reseller_kpi_last_order_date, date(2026, 3, 5))
        self.assertEqual(partner.reseller_kpi_order_count, 2)
        self.assertEqual(partner.reseller_kpi_lifecycle_state, "active")
        self.assertAlmostEqual(partner.reseller_kpi_revenue_365, 150)
        self.assertEqual(self.c2.reseller_kpi_lifecycle_state, "new")
        self.assertEqual(self.c4.reseller_kpi_lifecycle_state, "churned")
        self.assertEqual(self.c5.reseller_kpi_lifecycle_state, "prospect")
        self.assertEqual(self.v1.reseller_kpi_supplier_grade, "D")
        self.assertAlmostEqual(self.v1.reseller_kpi_otd_rate, 60)
        self.assertEqual(self.v2.reseller_kpi_supplier_grade, "A")
        self.assertFalse(self.c1.reseller_kpi_supplier_grade)
        self.assertEqual(self.c9.with_company(self.company).reseller_kpi_order_count, 2)
        self.assertEqual(self.c8.reseller_kpi_lifecycle_state, "active")
        # March 1100 + O10 of June 2025 (100)
        self.assertAlmostEqual(self.root.reseller_kpi_revenue_12m, 1200)
        self.assertAlmostEqual(self.misc.reseller_kpi_margin_12m, 90)
        # stored where users filter and group
        self.assertIn(self.c4, self.env["res.partner"].search([("reseller_kpi_lifecycle_state", "=", "churned")]))

    def test_second_company_access(self):
        # a salesperson of the first company does not see the other's values
        user = new_test_user(self.env, "kpi_seller", groups="sales_team.group_sale_salesman_all_leads")
        values = self.Value.with_user(user).search([("kpi_code", "=", "sales.revenue")])
        self.assertEqual(values.company_id, self.company)
        other_value = self.Value.search([("company_id", "=", self.other.id)], limit=1)
        with self.assertRaises(AccessError):
            other_value.with_user(user).read(["value"])

    def test_failure_keeps_previous_values(self):
        other = self.env["res.company"].create({"name": "KPI Failing"})
        self.Value._refresh(other, [MARCH], refresh_records=False)
        before = self.Value.search_count([("company_id", "=", other.id)])
        Crm = type(self.env["reseller.kpi.family.crm"])
        original = Crm._aggregate

        def failing(family, scope, aggregates=None):
            if scope.company == other:
                raise ValueError("broken")
            return original(family, scope, aggregates)

        with (
            patch.object(Crm, "_aggregate", failing),
            self.assertLogs("odoo.addons.reseller_kpi.models.reseller_kpi_value", level="ERROR") as logs,
        ):
            failures = self.Value._refresh(other | self.company, [MARCH], refresh_records=False)
        self.assertIn("KPI Failing month 2026-03-01 failed", logs.output[0])
        self.assertEqual([(company, error) for company, _period, error in failures], [(other, "broken")])
        self.assertEqual(self.Value.search_count([("company_id", "=", other.id)]), before)
        self.assertEqual(self.value("sales.revenue"), 1100)

    def test_settings_validation(self):
        for field, bad in (
            ("reseller_kpi_inactivity_days", 0),
            ("reseller_kpi_activation_days", -1),
            ("reseller_kpi_ontime_tolerance_days", -1),
        ):
            with self.subTest(field=field), self.assertRaises(ValidationError):
                self.company.write({field: bad})

    def test_tolerance(self):
        # with 3 days of tolerance the late receipt is on time
        self.company.reseller_kpi_ontime_tolerance_days = 3
        self.Value._refresh(self.company, [MARCH], refresh_records=False)
        self.assertAlmostEqual(self.value("supplier.otd_rate"), 100)

    def test_targets(self):
        Target = self.env["reseller.kpi.target"]
        targets = Target.create(
            [
                {"kpi_code": "sales.revenue", "date_start": "2026-03-17", "target_value": value}
                for value in (1000, 1200, 1300)
            ]
        )
        self.assertEqual(targets.mapped("date_start"), [date(2026, 3, 1)] * 3)
        self.assertEqual(targets.mapped("status"), ["green", "amber", "red"])
        # churn 50 against 46: missed by 4, less than 10 % of 46
        lower = Target.create({"kpi_code": "customers.churn_rate", "date_start": "2026-03-01", "target_value": 46})
        self.assertFalse(lower.higher_is_better)
        self.assertEqual(lower.status, "amber")
        empty = Target.create(
            {
                "kpi_code": "customers.churn_rate",
                "date_start": "2026-03-01",
                "target_value": 5,
                "dimension_ref": f"crm.team,{self.team1.id}",
            }
        )
        self.assertFalse(empty.has_value)
        self.assertFalse(empty.status)

    def test_drill_down(self):
        record = self.Value.search(
            [
                ("kpi_code", "=", "sales.revenue"),
                ("company_id", "=", self.company.id),
                ("period_type", "=", "month"),
                ("date_start", "=", MARCH.date_start),
                ("res_model", "=", "product.category"),
                ("res_id", "=", self.root.id),
            ]
        )
        # the sale order lines (a sales channel add-on, the point of sale, lists its own lines beside them)
        action = record.action_open_records("sales:lines")
        lines = self.env[action["res_model"]].search(action["domain"])
        # 1100 in company currency, O7 is 100 foreign; no section, note or down payment
        self.assertAlmostEqual(sum(lines.mapped("price_subtotal")), 1150)
        self.assertEqual(len(lines), 9)
        self.assertEqual(len(lines.order_id), 7)

    def test_scheduled_actions(self):
        def months_stored(period_type="month"):
            return set(
                self.Value.search(
                    [("company_id", "=", self.company.id), ("period_type", "=", period_type), ("res_model", "=", False)]
                ).mapped("date_start")
            )

        with freeze_time("2026-04-15 12:00:00"):
            self.Value._cron_refresh()
            # current and previous month, quarter and year, and the customers' figures as of today
            self.assertTrue({date(2026, 3, 1), date(2026, 4, 1)} <= months_stored())
            self.assertTrue({date(2026, 1, 1), date(2026, 4, 1)} <= months_stored("quarter"))
            self.assertEqual(months_stored("year"), {date(2025, 1, 1), date(2026, 1, 1)})
            self.assertEqual(self.c2.reseller_kpi_lifecycle_state, "new")
        with freeze_time("2026-05-01 06:00:00"):
            self.Value._cron_close_month()
        self.assertEqual(self.value("sales.revenue", period=Period("month", date(2026, 4, 1), date(2026, 4, 30))), 1000)
        self.assertEqual(self.value("sales.revenue"), 1100)

    def test_nightly_run_corrects_a_period_touched_months_back(self):
        # the last run saw everything of the fixture
        self.company.reseller_kpi_refreshed_at = "2030-01-01 00:00:00"
        late = self.env["sale.order"].create(
            {
                "partner_id": self.c5.id,
                "company_id": self.company.id,
                "team_id": self.team1.id,
                "order_line": [Command.create({"product_id": self.p1.id, "product_uom_qty": 1, "price_unit": 77})],
            }
        )
        # confirmed today with the date of 10 March: four months back when the nightly run comes
        late.write({"state": "sale", "date_order": "2026-03-10 10:00:00"})
        self.env.flush_all()
        self.env.cr.execute("UPDATE sale_order SET write_date = '2030-01-02' WHERE id = %s", [late.id])
        with freeze_time("2026-07-15 12:00:00"):
            self.Value._cron_refresh()
        self.assertEqual(self.value("sales.revenue"), 1100 + 77)
        self.assertEqual(self.value("sales.revenue", period=Q1), 1100 + 77)
        self.assertEqual(self.value("customers.new"), 3, "C5 is a new customer of March")
        self.assertEqual(str(self.company.reseller_kpi_refreshed_at), "2026-07-15 12:00:00")
        # and a record written before the last run is not looked at again
        self.assertIsNone(self.env["reseller.kpi.collector"]._earliest_touched_day(self.company, "2030-01-03"))

    def test_nightly_run_recomputes_what_time_changes(self):
        """With nothing written since the last run: the periods in progress, and those in progress at
        the last run (their final values); a period over before the last run keeps its values."""
        self.env.flush_all()

        def nightly(since, today):
            periods = self.Value._nightly_periods(self.company, today, since)
            return {(period.period_type, str(period.date_start)) for period in periods}

        in_progress = {
            ("week", "2030-04-01"),
            ("month", "2030-04-01"),
            ("quarter", "2030-04-01"),
            ("year", "2030-01-01"),
        }
        # the last run was on Monday 1 April 2030 itself (noon UTC): only the periods in progress
        self.assertEqual(nightly(datetime(2030, 4, 1, 12), date(2030, 4, 2)), in_progress)
        # the last run was on Sunday 31 March: March, its quarter and its week get their final values too
        self.assertEqual(
            nightly(datetime(2030, 3, 31, 12), date(2030, 4, 1)),
            in_progress | {("week", "2030-03-25"), ("month", "2030-03-01"), ("quarter", "2030-01-01")},
        )
        # no run yet: the previous period of each type, as before
        self.assertEqual(
            nightly(None, date(2030, 4, 2)),
            in_progress
            | {("week", "2030-03-25"), ("month", "2030-03-01"), ("quarter", "2030-01-01"), ("year", "2029-01-01")},
        )
        # the scheduled action did not run from Friday 22 March to Tuesday 2 April: the week of 25 March,
        # over in between, is recomputed too
        self.assertEqual(
            nightly(datetime(2030, 3, 22, 12), date(2030, 4, 2)),
            in_progress
            | {("week", "2030-03-18"), ("week", "2030-03-25"), ("month", "2030-03-01"), ("quarter", "2030-01-01")},
        )
        # a record written since the last run adds the periods from its day on
        self.env.cr.execute("UPDATE sale_order SET write_date = '2030-04-01 13:00' WHERE id = %s", [self.o5.id])
        touched = nightly(datetime(2030, 4, 1, 12), date(2030, 4, 2))
        self.assertIn(("month", "2026-03-01"), touched)
        self.assertNotIn(("month", "2026-02-01"), touched)

    def test_periods_are_computed_in_chunks_by_type(self):
        months = periods_between(date(2024, 1, 1), date(2026, 6, 30), ("month",))
        quarters = periods_between(date(2024, 1, 1), date(2026, 6, 30), ("quarter",))
        self.assertEqual((len(months), len(quarters)), (30, 10))
        chunks = self.Value._period_chunks([*reversed(quarters), *reversed(months), months[3]])
        # each period once, by type then date, at most CHUNK (24) computed together
        self.assertEqual([len(chunk) for chunk in chunks], [24, 16])
        self.assertEqual(chunks[0], months[:24])
        self.assertEqual(chunks[1], months[24:] + quarters)

    def test_days_of_the_months_refreshed_together(self):
        """The daily rows of the months of one pass are written per run of consecutive months."""
        Day = self.env["reseller.kpi.day"]
        february, may = period_of(date(2026, 2, 1), "month"), period_of(date(2026, 5, 1), "month")

        def days(first, last):
            return Day.search([("company_id", "=", self.company.id), ("day", ">=", first), ("day", "<=", last)])

        Day.search([("company_id", "=", self.company.id)]).unlink()
        self.assertFalse(self.Value._refresh(self.company, [may, february, MARCH], refresh_records=False))
        self.assertEqual(len(days("2026-02-01", "2026-03-31")), 28 + 31)
        self.assertEqual(len(days("2026-05-01", "2026-05-31")), 31)
        self.assertFalse(days("2026-04-01", "2026-04-30"), "April was not refreshed: no day between the runs")
        for month in (february, MARCH, may):
            month_days = days(month.date_start, month.date_end)
            self.assertAlmostEqual(sum(month_days.mapped("revenue")), self.value("sales.revenue", period=month) or 0)
        self.assertEqual(days("2026-03-10", "2026-03-10").contribution, 26)

    def test_wizard(self):
        wizard = self.env["reseller.kpi.recompute"].create(
            {"date_from": "2026-02-01", "date_to": "2026-03-31", "do_quarter": False, "do_year": False}
        )
        action = wizard.action_recompute()
        self.assertEqual(action["params"]["type"], "info", "queued for the scheduled action")
        self.env["reseller.kpi.recompute.job"]._cron_run()
        self.assertEqual(self.value("sales.revenue"), 1100)
        self.assertEqual(self.value("sales.revenue", period=Period("month", date(2026, 2, 1), date(2026, 2, 28))), 0)
