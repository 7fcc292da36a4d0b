"""The nightly run sums the quarters and years of the families that add up over days from their months.

Sales, deliveries and CRM count what happened on each day whatever the period:
a quarter or a year is the sum of its months. The nightly run reads the months
over from their stored values, when their stamps say they were computed after
they were over and with today's basis, and computes the month in progress and
those after it; what it stores is what reading every record gives.
"""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..engine.periods import Period, periods_between
from .common import Q1, YEAR, KpiFixtureCase

TODAY = "2026-05-12 12:00:00"  # 12 May 2026: January to April are over, May is in progress
Q2 = Period("quarter", date(2026, 4, 1), date(2026, 6, 30))
JANUARY_TO_APRIL = periods_between(date(2026, 1, 1), date(2026, 4, 30))
MAY_TO_DECEMBER = periods_between(date(2026, 5, 1), date(2026, 12, 31))
ADDITIVE = ("sales", "delivery", "crm")


@tagged("post_install", "-at_install")
class TestMonthsSummed(KpiFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Collector = cls.env["reseller.kpi.collector"]
        cls.Stamp = cls.env["reseller.kpi.month.stamp"]

    def setUp(self):
        super().setUp()
        self.frozen = freeze_time(TODAY)
        self.frozen.start()
        self.addCleanup(self.frozen.stop)

    def read_from_records(self):
        """{family: [periods]} that each family adding up over days reads from its records from now on."""
        seen = {family: [] for family in ADDITIVE}

        def recorder(original, periods):
            def recording(model, scopes, aggregates=None):
                periods.extend(scope.period for scope in scopes if scope.company == self.company)
                return original(model, scopes, aggregates)

            return recording

        for family, periods in seen.items():
            cls = type(self.env[f"reseller.kpi.family.{family}"])
            self.startPatcher(patch.object(cls, "_aggregate_periods", recorder(cls._aggregate_periods, periods)))
        return seen

    def assertSameValues(self, summed, computed):
        for period, values in computed.items():
            self.assertEqual(set(summed[period]), set(values), period)
            for key, kpi_value in values.items():
                with self.subTest(period=period.period_type, key=key):
                    for number, expected in zip(summed[period][key], kpi_value, strict=True):
                        if expected is None:
                            self.assertIsNone(number)
                        else:
                            self.assertAlmostEqual(number, expected, places=6)

    def compute(self, periods, summed):
        collector = self.Collector.with_context(reseller_kpi_sum_months=summed)
        return collector._compute_periods(self.company, periods)

    def test_quarters_and_years_are_the_sums_of_their_months(self):
        self.assertFalse(self.Value._refresh(self.company, JANUARY_TO_APRIL, refresh_records=False))
        stamps = self.Stamp.search([("company_id", "=", self.company.id), ("date_start", ">=", "2026-01-01")])
        self.assertEqual(len(stamps), 4 * len(ADDITIVE))
        self.assertEqual(set(stamps.mapped("family")), set(ADDITIVE))
        self.assertTrue(all(stamps.mapped("final")))
        computed = self.compute([Q1, Q2, YEAR], summed=False)
        seen = self.read_from_records()
        summed = self.compute([Q1, Q2, YEAR], summed=True)
        # Q1 comes from January to March as stored, Q2 from April as stored and May and June from their
        # records, the year from January to April as stored and May to December from their records
        for family in ADDITIVE:
            self.assertEqual(seen[family], MAY_TO_DECEMBER, family)
        # every value of every family and dimension is what the records give (customers read the sales)
        self.assertSameValues(summed, computed)
        # by hand: Q1 revenue 150 + 70 + 50 + 20 + 600 + 10 + 200, margin 90 + 58 + 46 + 12 + 240 + 6 + 140;
        # Q2: O8 (1 April in Paris, 1000, margin 940) and O9 (1 May, 100, margin 40)
        for period, revenue, orders, margin in ((Q1, 1100, 7, 592), (Q2, 1100, 2, 980), (YEAR, 2200, 9, 1572)):
            with self.subTest(period=period.period_type):
                self.assertAlmostEqual(summed[period][("sales.revenue", None, None)].value, revenue)
                self.assertEqual(summed[period][("sales.orders", None, None)].value, orders)
                self.assertAlmostEqual(summed[period][("margin.amount", None, None)].value, margin)
                self.assertAlmostEqual(summed[period][("sales.aov", None, None)].value, revenue / orders)
        self.assertAlmostEqual(summed[Q1][("sales.revenue", "crm.team", self.team1.id)].value, 150 + 600 + 10 + 200)
        self.assertAlmostEqual(summed[Q1][("sales.revenue", "crm.team", self.team2.id)].value, 70 + 50 + 20)

    def test_a_month_that_cannot_be_summed_is_read_from_its_records(self):
        self.Value._refresh(self.company, JANUARY_TO_APRIL, refresh_records=False)
        february = self.Stamp.search(
            [("company_id", "=", self.company.id), ("date_start", "=", "2026-02-01"), ("family", "=", "sales")]
        )
        # February computed while it was in progress: Q1 and the year are read from their records
        february.sudo().final = False
        computed = self.compute([Q1, Q2, YEAR], summed=False)
        seen = self.read_from_records()
        summed = self.compute([Q1, Q2, YEAR], summed=True)
        self.assertEqual(seen["sales"], [Q1, YEAR, *MAY_TO_DECEMBER[:2]])
        self.assertEqual(seen["crm"], MAY_TO_DECEMBER, "CRM's February is final")
        self.assertSameValues(summed, computed)
        # a month never stamped (stored before this version, or failed): the same
        february.sudo().unlink()
        seen["sales"].clear()
        self.assertSameValues(self.compute([Q1, Q2, YEAR], summed=True), computed)
        self.assertEqual(seen["sales"], [Q1, YEAR, *MAY_TO_DECEMBER[:2]])

    def test_months_of_another_basis_are_not_summed(self):
        self.Value._refresh(self.company, JANUARY_TO_APRIL, refresh_records=False)
        # a new time zone moves the orders of midnight to other months (O3, O8): the months stored in
        # Paris time are not summed any more, every period is read from its records in the new one
        self.company.partner_id.tz = "America/New_York"
        computed = self.compute([Q1, Q2, YEAR], summed=False)
        seen = self.read_from_records()
        summed = self.compute([Q1, Q2, YEAR], summed=True)
        for family in ADDITIVE:
            self.assertEqual(seen[family], [Q1, Q2, YEAR], family)
        self.assertSameValues(summed, computed)
        # O8 (31 March 23:30 UTC) is of 31 March in New York: Q1 has it, Q2 not
        self.assertAlmostEqual(summed[Q1][("sales.revenue", None, None)].value, 1100 + 1000)
        self.assertAlmostEqual(summed[Q2][("sales.revenue", None, None)].value, 100)

    def test_the_nightly_run_sums_a_backdated_month(self):
        self.Value._refresh(self.company, JANUARY_TO_APRIL, refresh_records=False)
        # the last run saw everything of the fixture; an order of 10 February is confirmed since
        self.company.reseller_kpi_refreshed_at = "2030-01-01 00:00:00"
        late = self.env["sale.order"].create(
            {
                "partner_id": self.c5.id,
                "company_id": self.company.id,
                "team_id": self.team1.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.p1.id, "product_uom_qty": 1, "price_unit": 77, "purchase_price": 7}
                    )
                ],
            }
        )
        late.write({"state": "sale", "date_order": "2026-02-10 10:00:00"})
        self.env.flush_all()
        self.env.cr.execute("UPDATE sale_order SET write_date = '2030-01-02' WHERE id = %s", [late.id])
        seen = self.read_from_records()
        self.Value._cron_refresh()
        # February to May are recomputed in the pass; Q1 adds January as stored, the year adds January
        # as stored and June to December from their records; last year's months carry no stamp
        self.assertFalse({Q1, Q2, YEAR} & set(seen["sales"]))
        self.assertIn(Period("year", date(2025, 1, 1), date(2025, 12, 31)), seen["sales"])
        february = Period("month", date(2026, 2, 1), date(2026, 2, 28))
        self.assertEqual(self.value("sales.revenue", period=february), 77)
        self.assertEqual(self.value("sales.revenue", period=Q1), 1100 + 77)
        self.assertEqual(self.value("sales.orders", period=Q1), 8)
        self.assertEqual(self.value("margin.amount", period=Q1), 592 + 70)
        self.assertEqual(self.value("sales.revenue", period=Q2), 1100)
        self.assertEqual(self.value("sales.revenue", period=YEAR), 2200 + 77)
        self.assertEqual(self.value("sales.revenue", self.team1, period=YEAR), 150 + 600 + 10 + 200 + 1000 + 77)
        # the customer family counts C5 among Q1's new customers (C2 and C9 in March, C5 in February)
        self.assertEqual(self.value("customers.new", period=Q1), 3)

    def test_who_reads_the_stamps(self):
        """KPI managers read their companies' stamps; a salesperson, a plain employee and a portal user
        read none."""
        manager = self.assertReadByKpiManagersOnly("reseller.kpi.month.stamp", "rk_stamp")
        with self.assertRaises(AccessError):
            self.Stamp.search([("company_id", "=", self.company.id)]).with_user(manager).write({"final": False})
