"""KPI alerts on hand-made stored values, and on the fixture for the records a firing opens.

The clock is frozen on Wednesday 2 December 2026 (the last closed month is November) unless a test
says otherwise; every value below is stored by hand, so each figure of a firing is known exactly.
"""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..engine.formulas import KpiValue
from ..engine.periods import Period, period_of
from .common import MARCH, KpiFixtureCase

NOVEMBER = Period("month", date(2026, 11, 1), date(2026, 11, 30))
DECEMBER = Period("month", date(2026, 12, 1), date(2026, 12, 31))
TODAY = "2026-12-02 09:00:00"


def months_before(period, count):
    periods = [period]
    for _index in range(count):
        periods.append(periods[-1].previous())
    return periods[1:]


@tagged("post_install", "-at_install")
class TestAlertConditions(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "UTC"
        cls.other = cls.env["res.company"].create({"name": "Alert Other"})
        cls.Value = cls.env["reseller.kpi.value"].sudo()
        cls.Alert = cls.env["reseller.kpi.alert"]
        cls.Event = cls.env["reseller.kpi.alert.event"].sudo()
        cls.manager = new_test_user(
            cls.env,
            "alert_manager",
            groups="reseller_kpi.group_manager,purchase.group_purchase_user",
            company_ids=[Command.set(cls.company.ids)],
        )
        # the company's KPI managers: the administrator and the test's manager
        cls.managers = cls.env.ref("base.user_admin") | cls.manager
        cls.seller = new_test_user(
            cls.env, "alert_seller", groups="sales_team.group_sale_salesman", company_ids=[Command.set(cls.company.ids)]
        )
        cls.leader = new_test_user(
            cls.env,
            "alert_leader",
            groups="sales_team.group_sale_salesman_all_leads",
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.buyer = new_test_user(
            cls.env,
            "alert_buyer",
            groups="purchase.group_purchase_user,reseller_kpi.group_user",
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.team = cls.env["crm.team"].create({"name": "Alert team", "user_id": cls.leader.id})
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Alert vendor", "is_company": True, "buyer_id": cls.buyer.id}
        )
        cls.vendor_without_buyer = cls.env["res.partner"].create({"name": "Vendor without buyer", "is_company": True})

    def store(self, code, period, value, dimension=None, company=None):
        return self.Value.create(
            {
                "kpi_code": code,
                "period_type": period.period_type,
                "date_start": period.date_start,
                "date_end": period.date_end,
                "company_id": (company or self.company).id,
                "res_model": dimension._name if dimension else False,
                "res_id": dimension.id if dimension else False,
                "dimension_name": dimension.display_name if dimension else False,
                "value": value or 0.0,
                "has_value": value is not None,
            }
        )

    def rule(self, code, condition, **values):
        return self.Alert.create(
            {"name": f"{code} {condition}", "kpi_code": code, "condition": condition, "company_id": self.company.id}
            | values
        )

    def evaluate(self, day=TODAY):
        with freeze_time(day):
            today = self.env["reseller.kpi.value"]._today(self.company)
            return self.Alert._evaluate_company(self.company, today)

    # ------------------------------------------------------------------ conditions
    def test_threshold_fires_once_per_period(self):
        self.store("customers.churn_rate", NOVEMBER, 12.0)
        below = self.rule("customers.churn_rate", "below", threshold=15.0)
        above = self.rule("customers.churn_rate", "above", threshold=10.0)
        not_above = self.rule("customers.churn_rate", "above", threshold=12.0)  # 12 is not above 12
        events = self.evaluate()
        self.assertEqual(events.alert_id, below | above)
        event = events.filtered(lambda e: e.alert_id == above)
        self.assertEqual((event.value, event.reference, event.date_start), (12.0, 10.0, NOVEMBER.date_start))
        self.assertEqual(event.message, "Churn rate of November 2026: 12.0\xa0%, above 10.0\xa0%.")
        # the next night: nothing new for the same rule, value and period
        self.assertFalse(self.evaluate("2026-12-03 09:00:00"))
        self.assertEqual(self.Event.search_count([("alert_id", "in", (below | above | not_above).ids)]), 2)

    def test_empty_value_and_other_company_never_fire(self):
        self.store("customers.churn_rate", NOVEMBER, None)
        self.store("sales.revenue", NOVEMBER, 10.0, company=self.other)
        self.rule("customers.churn_rate", "below", threshold=100.0)
        self.rule("sales.revenue", "below", threshold=100.0)
        self.assertFalse(self.evaluate())

    def test_change_in_points_and_percent(self):
        self.store("customers.churn_rate", NOVEMBER.previous(), 5.0)
        self.store("customers.churn_rate", NOVEMBER, 12.0)
        self.store("sales.revenue", NOVEMBER.previous(), 1000.0)
        self.store("sales.revenue", NOVEMBER, 850.0)
        rise = self.rule("customers.churn_rate", "change_points", threshold=5.0)  # +7 pts
        self.rule("customers.churn_rate", "change_points", threshold=5.0, direction="down")
        self.rule("customers.churn_rate", "change_points", threshold=7.0)  # 7 is not beyond 7
        fall = self.rule("sales.revenue", "change_percent", threshold=10.0, direction="down")  # −15 %
        self.rule("sales.revenue", "change_percent", threshold=20.0)
        events = self.evaluate()
        self.assertEqual(events.alert_id, rise | fall)
        self.assertEqual(events.filtered(lambda e: e.alert_id == fall).reference, 1000.0)

    def test_band_of_the_last_twelve_periods(self):
        # 100 six times and 120 six times: mean 110, sample deviation √(12 × 10² / 11) = 10.4447;
        # with k = 2 the band is 110 ± 20.889
        for index, period in enumerate(months_before(NOVEMBER, 12)):
            self.store("sales.revenue", period, 100.0 if index % 2 else 120.0)
        self.store("sales.revenue", period_of(date(2025, 10, 1), "month"), 1.0e6)  # 13 months back: not counted
        self.store("sales.revenue", NOVEMBER, 131.0)
        inside = self.rule("sales.revenue", "band", band_k=2.5)  # 110 ± 26.11
        outside = self.rule("sales.revenue", "band", band_k=2.0)
        events = self.evaluate()
        self.assertEqual(events.alert_id, outside)
        self.assertAlmostEqual(events.reference, 110 + 2 * (1200 / 11) ** 0.5, places=6)
        self.assertNotIn(inside, events.alert_id)

    def test_target_missed_uses_the_stored_status(self):
        self.store("customers.churn_rate", NOVEMBER, 10.8)
        target = self.env["reseller.kpi.target"].create(
            {"kpi_code": "customers.churn_rate", "date_start": NOVEMBER.date_start, "target_value": 10.0}
        )
        # lower is better: 10.8 is within 10 % of 10, amber; stored, so a filter finds it
        self.assertEqual(target.status, "amber")
        self.assertEqual(self.env["reseller.kpi.target"].search([("status", "=", "amber")]), target)
        red = self.rule("customers.churn_rate", "target_red")
        amber = self.rule("customers.churn_rate", "target_amber")
        events = self.evaluate()
        self.assertEqual(events.alert_id, amber)
        self.assertEqual(events.reference, 10.0)
        self.assertNotIn(red, events.alert_id)

    def test_target_status_follows_a_refresh(self):
        target = self.env["reseller.kpi.target"].create(
            {"kpi_code": "sales.revenue", "date_start": NOVEMBER.date_start, "target_value": 100.0}
        )
        self.assertFalse(target.status)
        self.env["reseller.kpi.value"]._replace_period(
            self.company, NOVEMBER, {("sales.revenue", None, None): KpiValue(80.0)}
        )
        self.env.cr.execute("SELECT value, status FROM reseller_kpi_target WHERE id = %s", [target.id])
        self.assertEqual(self.env.cr.fetchone(), (80.0, "red"))

    def test_period_in_progress_from_its_day(self):
        # no fixed cost reached yet: the safety margin is negative in December
        self.store("finance.safety_margin", DECEMBER, -5.0)
        rule = self.rule("finance.safety_margin", "below", threshold=0.0, from_day=20)
        self.assertFalse(self.evaluate("2026-12-19 09:00:00"))
        events = self.evaluate("2026-12-20 09:00:00")
        self.assertEqual((events.alert_id, events.date_start), (rule, DECEMBER.date_start))

    def test_rules_that_cannot_judge_or_tell(self):
        with self.assertRaises(ValidationError):
            self.rule("sales.revenue", "below", recipient_mode="users")  # nobody chosen
        with self.assertRaises(ValidationError):
            # half a month's revenue against the month's target
            self.rule("sales.revenue", "target_red", from_day=20)
        self.assertTrue(self.rule("customers.active", "target_red", from_day=20))

    def test_rules_that_cannot_judge(self):
        with self.assertRaises(ValidationError):
            self.rule("sales.revenue", "band", from_day=20)  # a band compares whole periods
        with self.assertRaises(ValidationError):
            self.rule("supplier.otd_rate", "below", dimension_scope="each", dimension_model="crm.team")
        with self.assertRaises(ValidationError):
            self.rule("sales.revenue", "below", dimension_scope="each")  # which dimension?
        self.assertTrue(self.rule("sales.revenue", "below", dimension_scope="each", dimension_model="product.category"))

    # ------------------------------------------------------------------ recipients and activities
    def test_recipients_of_each_dimension(self):
        self.store("sales.revenue", NOVEMBER, 50.0, self.seller)
        self.store("sales.revenue", NOVEMBER, 60.0, self.team)
        self.store("supplier.otd_rate", NOVEMBER, 70.0, self.vendor)
        self.store("finance.safety_margin", NOVEMBER, -3.0)
        self.rule("sales.revenue", "below", threshold=100.0, dimension_scope="each", dimension_model="res.users")
        self.rule("sales.revenue", "below", threshold=100.0, dimension_scope="each", dimension_model="crm.team")
        self.rule(
            "supplier.otd_rate",
            "below",
            threshold=85.0,
            dimension_scope="one",
            dimension_ref=f"res.partner,{self.vendor.id}",
        )
        self.rule("finance.safety_margin", "below", threshold=0.0)
        events = self.evaluate()
        told = {(event.res_model or "company"): event.recipient_ids for event in events}
        self.assertEqual(
            told,
            {"res.users": self.seller, "crm.team": self.leader, "res.partner": self.buyer, "company": self.managers},
        )
        # one activity of our type per recipient, due the next working day (Thursday 3 December)
        for event in events:
            activities = event.activity_ids
            self.assertEqual(activities.user_id, event.recipient_ids)
            self.assertEqual(len(activities), len(event.recipient_ids))
            for activity in activities:
                self.assertEqual(activity.activity_type_id, self.env.ref("reseller_kpi.mail_activity_type_kpi_alert"))
                self.assertEqual(activity.date_deadline, date(2026, 12, 3))
                self.assertIn(f"/odoo/{event.id}/kpi-alert-records", activity.note)
            # and the firing in the rule's chatter, which every KPI user of the company reads: no figure
            chatter = str(event.alert_id.message_ids[0].body)
            self.assertIn("Fired for November 2026", chatter)
            self.assertNotIn("below", chatter)

    def test_a_changed_rule_may_fire_again(self):
        self.store("sales.revenue", NOVEMBER, 50.0)
        rule = self.rule("sales.revenue", "below", threshold=100.0)
        self.assertEqual(len(self.evaluate()), 1)
        rule.name = "Revenue too low"  # not what it judges: no new firing
        self.assertFalse(self.evaluate())
        rule.threshold = 60.0
        again = self.evaluate()
        self.assertEqual((again.reference, again.rule_version), (60.0, 2))
        self.assertEqual(rule.event_count, 2)

    def test_deadline_skips_the_weekend(self):
        self.store("sales.revenue", NOVEMBER, 50.0)
        self.rule("sales.revenue", "below", threshold=100.0)
        events = self.evaluate("2026-12-04 09:00:00")  # a Friday
        self.assertEqual(set(events.activity_ids.mapped("date_deadline")), {date(2026, 12, 7)})

    def test_who_may_not_read_is_not_told(self):
        self.store("supplier.otd_rate", NOVEMBER, 50.0)
        # the salespeople may not read the supplier family; the own-documents one not the company's value
        self.rule(
            "supplier.otd_rate",
            "below",
            threshold=85.0,
            recipient_mode="users",
            user_ids=[Command.set((self.seller | self.leader | self.manager).ids)],
        )
        event = self.evaluate()
        self.assertEqual(event.recipient_ids, self.manager)
        self.assertEqual(len(event.activity_ids), 1)
        self.assertEqual(event.not_told_ids, self.seller | self.leader)
        self.assertEqual(event.activity_ids.user_id, self.manager)
        self.assertIn("alert_seller", event.alert_id.message_ids[0].body)

    def test_a_vendor_without_buyer_tells_the_kpi_managers(self):
        self.store("supplier.otd_rate", NOVEMBER, 50.0, self.vendor_without_buyer)
        self.rule("supplier.otd_rate", "below", threshold=85.0, dimension_scope="each", dimension_model="res.partner")
        self.assertEqual(self.evaluate().recipient_ids, self.managers)

    def test_recipient_reads_and_closes_the_activity(self):
        self.store("sales.revenue", NOVEMBER, 50.0, self.seller)
        self.rule("sales.revenue", "below", threshold=100.0, dimension_scope="each", dimension_model="res.users")
        event = self.evaluate()
        as_seller = event.with_user(self.seller)
        self.assertEqual(as_seller.message, event.message)
        as_seller.activity_ids.action_feedback(feedback="Called them")
        self.assertFalse(event.activity_ids)
        # another salesperson does not see it
        other = new_test_user(self.env, "alert_other_seller", groups="sales_team.group_sale_salesman")
        self.assertFalse(self.env["reseller.kpi.alert.event"].with_user(other).search([("id", "=", event.id)]))

    def test_one_failing_rule_does_not_stop_the_others(self):
        self.store("sales.revenue", NOVEMBER, 50.0)
        broken = self.rule("sales.revenue", "below", threshold=100.0)
        working = self.rule("sales.revenue", "above", threshold=10.0)
        self.env.cr.execute("UPDATE reseller_kpi_alert SET condition = 'nonsense' WHERE id = %s", [broken.id])
        broken.invalidate_recordset()
        with self.assertLogs("odoo.addons.reseller_kpi.models.reseller_kpi_alert", "ERROR"):
            events = self.evaluate()
        self.assertEqual(events.alert_id, working)

    def test_shipped_rules_are_inactive(self):
        shipped = (
            self.env.ref("reseller_kpi.reseller_kpi_alert_churn_target")
            | self.env.ref("reseller_kpi.reseller_kpi_alert_vendor_otd")
            | self.env.ref("reseller_kpi.reseller_kpi_alert_break_even_day_20")
        )
        self.assertEqual(shipped.mapped("active"), [False, False, False])

    def test_access(self):
        portal = new_test_user(self.env, "alert_portal", groups="base.group_portal")
        employee = new_test_user(self.env, "alert_employee", groups="base.group_user")
        for user in (portal, employee, self.seller, self.buyer):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["reseller.kpi.alert"].with_user(user).create(
                        {"name": "x", "kpi_code": "sales.revenue", "condition": "below"}
                    )
        mine = (
            self.env["reseller.kpi.alert"]
            .with_user(self.manager)
            .create({"name": "mine", "kpi_code": "sales.revenue", "condition": "below"})
        )
        self.assertEqual(mine.company_id, self.company)
        # a KPI manager of another company sees neither the rule nor its firings
        self.store("sales.revenue", NOVEMBER, 50.0)
        mine.threshold = 100.0
        event = self.evaluate()
        stranger = new_test_user(
            self.env,
            "alert_other_manager",
            groups="reseller_kpi.group_manager",
            company_id=self.other.id,
            company_ids=[Command.set(self.other.ids)],
        )
        self.assertFalse(self.env["reseller.kpi.alert"].with_user(stranger).search([("id", "=", mine.id)]))
        self.assertFalse(self.env["reseller.kpi.alert.event"].with_user(stranger).search([("id", "=", event.id)]))
        self.assertNotIn(stranger, event.recipient_ids)


@tagged("post_install", "-at_install")
class TestAlertRecords(KpiFixtureCase):
    """The fixture's March: V1 delivered 60 % on time, V2 100 %."""

    def test_vendor_rule_opens_the_records_of_its_value(self):
        buyer = new_test_user(
            self.env, "alert_fixture_buyer", groups="purchase.group_purchase_user,reseller_kpi.group_user"
        )
        self.v1.buyer_id = buyer
        rule = self.env["reseller.kpi.alert"].create(
            {
                "name": "Vendor on time",
                "kpi_code": "supplier.otd_rate",
                "dimension_scope": "each",
                "dimension_model": "res.partner",
                "condition": "below",
                "threshold": 85.0,
            }
        )
        with freeze_time("2026-04-02 09:00:00"):
            events = self.env["reseller.kpi.alert"]._evaluate_company(self.company, date(2026, 4, 2))
        self.assertEqual((events.alert_id, events.res_id, events.value), (rule, self.v1.id, 60.0))
        self.assertEqual(events.recipient_ids, buyer)
        stored = self.stored("supplier.otd_rate", self.v1, MARCH)

        def opened(action):
            # on time / receipts: the drill-down offers both record sets of this very value
            self.assertEqual(action["res_model"], "reseller.kpi.drilldown")
            return self.env["reseller.kpi.drilldown"].with_user(buyer).browse(action["res_id"]).value_id

        # the activity's link: the server action of its path, run as the buyer on the firing
        server_action = self.env.ref("reseller_kpi.reseller_kpi_alert_event_action_open_records")
        self.assertEqual(server_action.path, "kpi-alert-records")
        # what the web client sends for /odoo/<id>/kpi-alert-records: the id, no model
        link = server_action.with_user(buyer).with_context(active_id=events.id, active_ids=events.ids)
        self.assertEqual(opened(link.run()), stored)
        self.assertEqual(opened(events.with_user(buyer).action_open_records()), stored)
        # a refresh replaces the stored rows: the link opens the figure stored now
        self.Value._refresh(self.company, [MARCH], refresh_records=False)
        restored = self.stored("supplier.otd_rate", self.v1, MARCH)
        self.assertNotEqual(restored.id, stored.id)
        self.assertEqual(opened(link.run()), restored)
        # someone the firing did not tell cannot follow it
        stranger = new_test_user(self.env, "alert_fixture_stranger", groups="sales_team.group_sale_salesman")
        with self.assertRaises(AccessError):
            events.with_user(stranger).action_open_records()
        for wrong in (events.id, 0, "x", None):
            with self.subTest(wrong=wrong), self.assertRaises(UserError):
                link.with_user(stranger).with_context(active_id=wrong).run()
