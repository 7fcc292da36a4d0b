"""The plain-Python engine: periods, formulas, status, grades, lifecycle, registry (no database)."""

import doctest
from datetime import date, datetime

from odoo.tests import tagged
from odoo.tests.common import BaseCase

from ..engine import aggregates as agg_types
from ..engine import alerts, charts, codes, comparison, display, formulas, periods
from ..engine.aggregates import (
    CrmAggregate,
    CustomerAggregate,
    FinanceAggregate,
    SalesAggregate,
)
from ..engine.codes import EXPLAINS, REGISTRY, UNITS
from ..engine.periods import Period, local_date, period_of, periods_between, rolling_year, utc_bounds


@tagged("post_install", "-at_install")
class TestEngine(BaseCase):
    def test_periods(self):
        day = date(2026, 2, 14)
        self.assertEqual(period_of(day, "month"), Period("month", date(2026, 2, 1), date(2026, 2, 28)))
        self.assertEqual(period_of(day, "quarter"), Period("quarter", date(2026, 1, 1), date(2026, 3, 31)))
        self.assertEqual(period_of(day, "year"), Period("year", date(2026, 1, 1), date(2026, 12, 31)))
        # ISO week: Monday 9 to Sunday 15 February 2026
        self.assertEqual(period_of(day, "week"), Period("week", date(2026, 2, 9), date(2026, 2, 15)))
        self.assertEqual(period_of(date(2028, 2, 10)).date_end, date(2028, 2, 29))
        self.assertEqual(period_of(day).previous(), Period("month", date(2026, 1, 1), date(2026, 1, 31)))
        self.assertEqual(period_of(date(2025, 12, 31), "quarter").next().date_start, date(2026, 1, 1))
        with self.assertRaises(ValueError):
            period_of(day, "fortnight")

    def test_periods_between(self):
        periods = periods_between(date(2024, 7, 1), date(2026, 6, 30), ["month"])
        self.assertEqual(len(periods), 24)
        self.assertEqual(periods[0].date_start, date(2024, 7, 1))
        self.assertEqual(periods[-1].date_end, date(2026, 6, 30))
        mixed = periods_between(date(2026, 1, 15), date(2026, 2, 2), ["month", "quarter", "year"])
        self.assertEqual([p.period_type for p in mixed], ["month", "quarter", "year", "month"])
        with self.assertRaises(ValueError):
            periods_between(date(2026, 2, 1), date(2026, 1, 1))

    def test_time_zone_bounds(self):
        # March 2026 in Paris: UTC+1 until 29 March, UTC+2 after
        self.assertEqual(
            utc_bounds(date(2026, 3, 1), date(2026, 3, 31), "Europe/Paris"),
            (datetime(2026, 2, 28, 23, 0), datetime(2026, 3, 31, 22, 0)),
        )
        self.assertEqual(
            utc_bounds(date(2026, 3, 1), date(2026, 3, 31), False),
            (datetime(2026, 3, 1), datetime(2026, 4, 1)),
        )
        self.assertEqual(local_date(datetime(2026, 2, 28, 23, 30), "Europe/Paris"), date(2026, 3, 1))
        self.assertEqual(local_date(datetime(2026, 3, 1, 3, 0), "America/New_York"), date(2026, 2, 28))
        self.assertEqual(rolling_year(date(2026, 3, 31)), (date(2025, 4, 1), date(2026, 3, 31)))

    def test_zero_denominators_are_empty(self):
        values = formulas.sales_values(SalesAggregate())
        self.assertIsNone(values["sales.aov"].value)
        self.assertIsNone(values["margin.rate"].value)
        self.assertEqual(values["sales.revenue"].value, 0)
        self.assertEqual(formulas.rate(0, 0), formulas.KpiValue(None, 0, 0))
        self.assertEqual(formulas.rate(0, 4).value, 0)
        crm = formulas.crm_values(CrmAggregate(leads=3))
        self.assertIsNone(crm["crm.win_rate"].value)
        self.assertIsNone(crm["crm.cycle_days"].value)

    def test_customer_formulas(self):
        agg = CustomerAggregate(
            active=3,
            active_start=1,
            new=1,
            reactivated=2,
            churned=1,
            prospects=3,
            activated=1,
            margin_year=334,
            active_year_before=3,
            churned_year=1,
        )
        values = formulas.customer_values(agg, SalesAggregate(revenue=470, orders=4, items=7))
        self.assertEqual(values["customers.churn_rate"], formulas.KpiValue(100.0, 1, 1))
        self.assertEqual(values["customers.retention_rate"].value, 0.0)
        self.assertEqual(values["customers.net_balance"].value, 2)
        self.assertAlmostEqual(values["customers.clv"].value, 334)
        self.assertAlmostEqual(values["customers.activation_rate"].value, 100 / 3)

    def test_lifetime(self):
        self.assertEqual(formulas.lifetime_years(1, 4), 4.0)
        # no or tiny churn: capped at 10 years
        self.assertEqual(formulas.lifetime_years(0, 50), 10.0)
        self.assertEqual(formulas.lifetime_years(1, 50), 10.0)
        # nobody active a year ago: no basis, empty
        self.assertIsNone(formulas.lifetime_years(0, 0))

    def test_finance(self):
        values = formulas.finance_values(
            FinanceAggregate(fixed=1000, variable=20, marketing=300), SalesAggregate(revenue=470, margin=334), 1
        )
        self.assertAlmostEqual(values["finance.variable_costs"].value, 156)
        self.assertAlmostEqual(values["finance.cm_ratio"].value, 314 / 470 * 100)
        self.assertAlmostEqual(values["finance.break_even"].value, 1000 / (314 / 470))
        self.assertLess(values["finance.safety_margin"].value, 0)
        self.assertEqual(values["marketing.cac"].value, 300)
        # selling at a loss: no break-even, no safety margin
        loss = formulas.finance_values(FinanceAggregate(fixed=10), SalesAggregate(revenue=100, margin=-5), 0)
        self.assertIsNone(loss["finance.break_even"].value)
        self.assertIsNone(loss["finance.safety_margin"].value)
        self.assertIsNone(loss["marketing.cac"].value)

    def test_status(self):
        self.assertEqual(formulas.status(100, 100), "green")
        self.assertEqual(formulas.status(90, 100), "amber")
        self.assertEqual(formulas.status(89.9, 100), "red")
        self.assertEqual(formulas.status(5, 4, higher_is_better=False), "red")
        self.assertEqual(formulas.status(4.4, 4, higher_is_better=False), "amber")
        self.assertEqual(formulas.status(3, 4, higher_is_better=False), "green")
        self.assertEqual(formulas.status(-105, -100), "amber")
        self.assertIsNone(formulas.status(None, 100))

    def test_grade(self):
        self.assertEqual(
            [formulas.grade(v) for v in (100, 95, 94.9, 85, 70, 69.9, 0)], ["A", "A", "B", "B", "C", "D", "D"]
        )
        self.assertIsNone(formulas.grade(None))

    def test_lifecycle(self):
        today = date(2026, 3, 31)

        def state(first, last, has_lead=False):
            return formulas.lifecycle_state(today, first, last, has_lead, 365, 90)

        self.assertEqual(state(None, None, True), "prospect")
        self.assertIsNone(state(None, None))
        self.assertEqual(state(date(2026, 1, 1), date(2026, 1, 1)), "new")
        self.assertEqual(state(date(2020, 1, 1), date(2026, 3, 1)), "active")
        # 300 days without order > 0.75 x 365
        self.assertEqual(state(date(2020, 1, 1), date(2025, 6, 4)), "at_risk")
        # last order 365 days ago: no longer active
        self.assertEqual(state(date(2020, 1, 1), date(2025, 3, 31)), "churned")
        self.assertEqual(state(date(2020, 1, 1), date(2025, 4, 1)), "at_risk")

    def test_registry(self):
        # the families of this add-on in computation order (customers read sales, finance both); other
        # add-ons add theirs through reseller.kpi.collector._kpi_registry
        self.assertEqual(
            list(REGISTRY.families), ["sales", "customers", "crm", "supplier", "delivery", "finance", "data"]
        )
        self.assertEqual(
            set(REGISTRY.codes()),
            {code for family in REGISTRY.families.values() for code in (kpi.code for kpi in family.kpis)},
        )
        self.assertIn("marketing.cac", REGISTRY.codes("finance"))
        # the dashboard's order: what was sold, to whom, delivered how, bought from whom...
        self.assertEqual(
            [family.name for family in REGISTRY.sections()],
            ["sales", "customers", "data", "delivery", "supplier", "crm", "finance"],
        )
        everyone = REGISTRY.readable(lambda group: False)
        self.assertEqual(everyone, ["sales", "customers", "crm", "delivery", "data"])
        self.assertIn("supplier", REGISTRY.readable(lambda group: group == "purchase.group_purchase_user"))
        self.assertIn("finance", REGISTRY.readable(lambda group: group == "account.group_account_readonly"))
        # a KPI that grows with the days of its period says so itself
        self.assertTrue(REGISTRY.kpi("sales.revenue").additive)
        self.assertTrue(REGISTRY.kpi("customers.churn_rate").to_date)
        self.assertFalse(REGISTRY.kpi("customers.churn_rate").additive)
        self.assertFalse(REGISTRY.kpi("supplier.otd_rate").to_date)
        self.assertTrue(all(kpi.to_date for kpi in REGISTRY.by_code.values() if kpi.additive))
        self.assertFalse(REGISTRY.kpi("customers.churn_rate").higher_is_better)
        self.assertEqual(REGISTRY.kpi("customers.clv").dimensions, ("crm.team", "res.users"))
        self.assertEqual(REGISTRY.kpi("finance.break_even").dimensions, ())
        self.assertEqual(REGISTRY.selection()[0], ("sales.revenue", "sales.revenue · Revenue"))

    def test_every_kpi_is_described(self):
        for kpi in REGISTRY.by_code.values():
            with self.subTest(code=kpi.code):
                self.assertIn(kpi.unit, UNITS)
                self.assertTrue(kpi.label and kpi.description)
                self.assertTrue(kpi.records, "a controller can open the records of every KPI")
                for record_set in kpi.records:
                    self.assertIn(record_set.explains, EXPLAINS)
                    self.assertIn(record_set.family, REGISTRY.families)

    def test_doctests(self):
        # the examples in the engine's docstrings are tests too
        for module in (agg_types, alerts, charts, codes, comparison, display, periods):
            with self.subTest(module=module.__name__):
                result = doctest.testmod(module)
                self.assertTrue(result.attempted)
                self.assertFalse(result.failed)
