"""Who sees which number, bad input refused, nothing of the user's dropped: each exploit as a test."""

from datetime import date

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import MARCH, KpiFixtureCase


@tagged("post_install", "-at_install")
class TestDataSafety(KpiFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(cls.env, "kpi_safety_seller", groups="sales_team.group_sale_salesman_all_leads")
        cls.buyer = new_test_user(
            cls.env,
            "kpi_safety_buyer",
            groups="sales_team.group_sale_salesman_all_leads,purchase.group_purchase_user",
        )
        cls.manager = new_test_user(cls.env, "kpi_safety_manager", groups="sales_team.group_sale_manager")
        cls.accountant = new_test_user(
            cls.env,
            "kpi_safety_accountant",
            groups="sales_team.group_sale_salesman_all_leads,account.group_account_readonly",
        )

    def visible(self, user, code):
        return self.Value.with_user(user).search_count(
            [("kpi_code", "=", code), ("date_start", "=", MARCH.date_start), ("period_type", "=", "month")]
        )

    # ------------------------------------------------------------------ who sees which number
    def test_finance_figures_need_a_manager_or_an_accounting_role(self):
        self.assertEqual(self.visible(self.seller, "finance.break_even"), 0)
        self.assertEqual(self.visible(self.seller, "marketing.cac"), 0)
        self.assertEqual(self.visible(self.manager, "finance.break_even"), 1)
        self.assertEqual(self.visible(self.accountant, "finance.break_even"), 1)
        # the same rule holds for targets
        target = self.env["reseller.kpi.target"].create(
            {"kpi_code": "finance.fixed_costs", "date_start": "2026-03-01", "target_value": 900}
        )
        self.assertFalse(self.env["reseller.kpi.target"].with_user(self.seller).search([("id", "=", target.id)]))
        self.assertTrue(self.env["reseller.kpi.target"].with_user(self.manager).search([("id", "=", target.id)]))

    def test_supplier_figures_need_purchase_rights(self):
        self.assertEqual(self.visible(self.seller, "supplier.otd_rate"), 0)
        # the company and both vendors
        self.assertEqual(self.visible(self.buyer, "supplier.otd_rate"), 3)
        # the other families stay visible to every salesperson on all documents
        # (the company, 2 teams, the source, 3 categories and the salesperson of the fixture's orders)
        self.assertEqual(self.visible(self.seller, "sales.revenue"), 1 + 2 + 1 + 3 + 1)

    def test_a_figure_whose_records_are_out_of_reach_says_so(self):
        manager = new_test_user(self.env, "kpi_safety_kpi_manager", groups="base.group_user,reseller_kpi.group_manager")
        fixed = self.Value.with_user(manager).search(
            [("kpi_code", "=", "finance.fixed_costs"), ("date_start", "=", MARCH.date_start), ("res_model", "=", False)]
        )
        self.assertEqual(fixed.value, 1000)
        # many groups read journal items: the sentence names none of them
        with self.assertRaisesRegex(UserError, r"^You can read this figure but not the .* access rights to them\.$"):
            fixed.action_open_records()

    def test_values_are_never_deleted_by_hand(self):
        value = self.Value.search([("company_id", "=", self.company.id)], limit=1)
        for user in (self.seller, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                value.with_user(user).unlink()

    def test_customer_figures_are_internal(self):
        portal = new_test_user(self.env, "kpi_safety_portal", groups="base.group_portal")
        partner = portal.partner_id.with_user(portal)
        for field in ("reseller_kpi_margin_365", "reseller_kpi_lifecycle_state", "reseller_kpi_supplier_grade"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                partner.read([field])
        with self.assertRaises(AccessError):
            self.hardware.with_user(portal).read(["reseller_kpi_margin_12m"])
        # an employee without the KPI group neither
        employee = new_test_user(self.env, "kpi_safety_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.c1.with_user(employee).read(["reseller_kpi_revenue_365"])
        self.assertTrue(self.c1.with_user(self.seller).read(["reseller_kpi_revenue_365"]))

    # ------------------------------------------------------------------ bad input
    def test_settings_have_upper_bounds(self):
        for field, bad in (
            ("reseller_kpi_inactivity_days", 10**6),
            ("reseller_kpi_activation_days", 3651),
            ("reseller_kpi_new_customer_days", 3651),
            ("reseller_kpi_ontime_tolerance_days", 366),
        ):
            # a new company each time: a refused value stays in the cache of the record it was written on
            with self.subTest(field=field), self.assertRaisesRegex(ValidationError, "can be at most"):
                self.env["res.company"].create({"name": f"Bounds {field}", field: bad})
        self.company.reseller_kpi_inactivity_days = 3650  # ten years is allowed
        self.assertEqual(self.company.reseller_kpi_inactivity_days, 3650)

    def test_unknown_time_zone_is_read_as_utc_and_stops_nobody(self):
        broken = self.env["res.company"].create({"name": "KPI on Mars"})
        self.env.flush_all()
        # only SQL can write a zone Odoo does not know
        self.env.cr.execute("UPDATE res_partner SET tz = 'Mars/Olympus' WHERE id = %s", [broken.partner_id.id])
        broken.partner_id.invalidate_recordset(["tz"])
        with self.assertLogs("odoo.addons.reseller_kpi.models.reseller_kpi_collector", level="WARNING") as logs:
            failures = self.Value._refresh(broken | self.other, [MARCH], refresh_records=False)
        self.assertEqual(failures, [])
        self.assertIn("unknown time zone 'Mars/Olympus'", logs.output[0])
        self.assertEqual(self.value("sales.revenue", company=self.other), 5700)
        self.assertEqual(self.value("sales.revenue", company=broken), 0)
        # and the nightly run goes through every company
        self.Value._cron_refresh(period_types=("month",))
        self.assertEqual(self.value("sales.revenue"), 1100)

    # ------------------------------------------------------------------ nothing of the user's is mixed or dropped
    def test_demo_generator_refuses_a_database_with_business_data(self):
        Generator = self.env["reseller.kpi.demo.generator"]
        # the fixture's orders, purchases, leads and journal items are business data
        with self.assertRaisesRegex(UserError, "already holds business data .*purchase orders"):
            Generator.generate(seed=1, scale=0.05, end_date=date(2026, 3, 31), history=False)

    def test_business_data_names_what_it_found(self):
        found = self.env["reseller.kpi.demo.generator"]._business_data()
        self.assertIn("3 purchase orders", found)
        self.assertTrue(any(item.endswith(" leads") for item in found))

        def partners():
            found = self.env["reseller.kpi.demo.generator"]._business_data()
            return int(next(item for item in found if item.endswith(" partners")).split()[0])

        before = partners()
        self.env["res.partner"].create({"name": "A partner of the user's"})
        self.assertEqual(partners(), before + 1)

    # ------------------------------------------------------------------ one value per key, whatever happens
    def test_unique_key_holds_without_nulls_not_distinct(self):
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'reseller_kpi_value' AND indexname = %s",
            ["reseller_kpi_value_key_idx"],
        )
        definition = self.env.cr.fetchone()[0]
        self.assertIn("UNIQUE", definition)
        self.assertNotIn("NULLS NOT DISTINCT", definition)
        # a second company-wide value of the same code and period is refused by PostgreSQL itself
        with self.assertRaises(psycopg2.errors.UniqueViolation), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env.cr.execute(
                """INSERT INTO reseller_kpi_value (kpi_code, kpi_family, period_type, date_start, date_end, company_id)
                   VALUES ('sales.revenue', 'sales', 'month', '2026-03-01', '2026-03-31', %s)""",
                [self.company.id],
            )

    def test_a_period_being_replaced_is_locked_for_the_others(self):
        key = self.Value._lock_period(self.company, MARCH)
        with self.registry.cursor() as other:
            other.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [self.company.id, key])
            self.assertFalse(other.fetchone()[0], "another transaction waits for this one")
            # a company this transaction never refreshed: its same period is free
            fresh = self.env["res.company"].create({"name": "KPI never refreshed"})
            other.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [fresh.id, key])
            self.assertTrue(other.fetchone()[0], "another company's same period is free")
