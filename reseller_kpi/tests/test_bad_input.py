"""Security and robustness, second round: each case is the exploit or the bad call that failed before.

- any internal user listed a cohort's customers through ``action_open_cohort``;
- a bad recompute request stopped the queue, and a request could name a company of somebody else;
- bad arguments of the RPC-callable methods answered with a traceback;
- the finance rule on ``reseller.kpi.day`` was no domain.
"""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from ..engine.periods import Period
from .common import MARCH, KpiFixtureCase

APRIL = Period("month", date(2026, 4, 1), date(2026, 4, 30))


class BadInputMixin:
    def assertOneSentence(self, error, exception_class=UserError):
        """A user error of exactly this class, in one sentence: what the web client shows, no traceback."""
        self.assertIs(type(error.exception), exception_class)
        message = str(error.exception)
        self.assertTrue(message.endswith("."), message)
        self.assertNotIn("\n", message)
        self.assertNotIn("Traceback", message)


@tagged("post_install", "-at_install")
class TestBadInput(BadInputMixin, KpiFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(cls.env, "rk_bad_employee", groups="base.group_user")
        cls.finance_less = new_test_user(
            cls.env,
            "rk_bad_all_docs",
            groups="sales_team.group_sale_salesman_all_leads",
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.manager_a = new_test_user(
            cls.env,
            "rk_bad_manager_a",
            groups="base.group_user,reseller_kpi.group_manager",
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.Dashboard = cls.env["reseller.kpi.dashboard"]

    # ------------------------------------------------------------------ rights before reading
    def test_plain_employee_cannot_list_a_cohort(self):
        # before: the ids of the cohort's customers, then their names and e-mails
        with self.assertRaises(AccessError) as error:
            self.Dashboard.with_user(self.employee).action_open_cohort(self.company.id, "2025-01-01", 0)
        self.assertOneSentence(error, AccessError)

    def test_plain_employee_and_portal_call_no_dashboard_method(self):
        portal = new_test_user(self.env, "rk_bad_portal", groups="base.group_portal")
        for user in (self.employee, portal):
            dashboard = self.Dashboard.with_user(user)
            for name, call in (
                ("screen", lambda dashboard=dashboard: dashboard.get_dashboard("month", "2026-03-01")),
                ("print", lambda dashboard=dashboard: dashboard.action_print_report("month", "2026-03-01")),
                ("refresh", lambda dashboard=dashboard: dashboard.action_refresh()),
                ("cohort", lambda dashboard=dashboard: dashboard.action_open_cohort(self.company.id, "2025-01-01", 0)),
            ):
                with self.subTest(user=user.login, call=name), self.assertRaises(AccessError):
                    call()

    def test_all_documents_lists_a_cohort(self):
        # C1 (January 2025) is the cohort of January 2025; it orders again in March 2026 (offset 14 is no cell)
        action = self.Dashboard.with_user(self.finance_less).action_open_cohort(self.company.id, "2025-01-01", 0)
        self.assertEqual(
            self.env["res.partner"].search(action["domain"]), self.c1, "offset 0: the customers first ordering then"
        )

    # ------------------------------------------------------------------ bad arguments
    def test_bad_dashboard_arguments(self):
        other_team = self.other_team  # a team of the other company
        for kwargs in (
            {"day": "garbage"},
            {"day": "0001-01-15"},
            {"day": 12345},
            {"team_id": "abc"},
            {"team_id": 999999},
            {"team_id": other_team.id},
            {"team_id": True},
            {"company_id": True},
            {"company_id": "abc"},
            {"compare": "bogus"},
            {"period_type": "bogus"},
        ):
            kwargs = {"period_type": "month", **kwargs}
            with self.subTest(**kwargs), self.assertRaises(UserError) as error:
                self.Dashboard.get_dashboard(**kwargs)
            self.assertOneSentence(error)
        # a company that does not exist, or is not one of the user's, is refused alike
        for company_id in (999999, self.other.id):
            with self.subTest(company_id=company_id), self.assertRaises(AccessError) as error:
                self.Dashboard.with_user(self.manager_a).get_dashboard("month", company_id=company_id)
            self.assertOneSentence(error, AccessError)

    def test_good_arguments_still_work(self):
        data = self.Dashboard.get_dashboard("month", "2026-03-31", "last_year", self.company.id, self.team1.id)
        self.assertEqual(data["team_id"], self.team1.id)
        self.assertEqual(data["period"]["start"], "2026-03-01")

    def test_bad_action_arguments(self):
        calls = {
            "refresh period": lambda: self.Dashboard.action_refresh(period_type="bogus"),
            "refresh day": lambda: self.Dashboard.action_refresh(day="garbage"),
            "cohort company": lambda: self.Dashboard.action_open_cohort("garbage", "2025-01-01", 1),
            "cohort month": lambda: self.Dashboard.action_open_cohort(self.company.id, "garbage", 1),
            "cohort offset": lambda: self.Dashboard.action_open_cohort(self.company.id, "2025-01-01", "x"),
            "cohort offset range": lambda: self.Dashboard.action_open_cohort(self.company.id, "2025-01-01", 99),
            "print day": lambda: self.Dashboard.action_print_report("month", "garbage"),
            "print team": lambda: self.Dashboard.action_print_report("month", team_id="abc"),
            "records": lambda: self.stored("sales.revenue").action_open_records(record_set_ref="bogus"),
        }
        for name, call in calls.items():
            with self.subTest(name), self.assertRaises(UserError) as error:
                call()
            self.assertOneSentence(error)

    def test_bad_report_options(self):
        Report = self.env["ir.actions.report"]
        for report, data in (
            ("reseller_kpi.management_report", {"day": "garbage"}),
            ("reseller_kpi.management_report", {"period_type": "bogus"}),
            ("reseller_kpi.management_report", {"team_id": "abc"}),
            ("reseller_kpi.report_category_margin", {"month": "garbage"}),
        ):
            with self.subTest(report=report, data=data), self.assertRaises(UserError) as error:
                Report._render_qweb_html(report, self.company.ids, data=data)
            self.assertOneSentence(error)

    # ------------------------------------------------------------------ the finance rule is a domain
    def test_day_rows_search_for_a_non_finance_user(self):
        Day = self.env["reseller.kpi.day"]
        self.assertTrue(Day.search([("company_id", "=", self.company.id)]), "the fixture stores March's days")
        # before: AttributeError in the rule; now simply nothing
        self.assertFalse(Day.with_user(self.finance_less).search([]))
        self.assertEqual(Day.with_user(self.finance_less).search_count([("company_id", "=", self.company.id)]), 0)
        self.assertTrue(Day.with_user(self.manager_a).search([("company_id", "=", self.company.id)]))


@tagged("post_install", "-at_install")
class TestRecomputeRequests(BadInputMixin, KpiFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_a = new_test_user(
            cls.env,
            "rk_job_manager_a",
            groups="base.group_user,reseller_kpi.group_manager",
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.Job = cls.env["reseller.kpi.recompute.job"]

    def job(self, date_from="2026-04-01", date_to="2026-04-30", period_types="month", companies=None, user=None):
        Job = self.Job.with_user(user) if user else self.Job
        return Job.create(
            {
                "company_ids": [Command.set((companies or self.company).ids)],
                "date_from": date_from,
                "date_to": date_to,
                "period_types": period_types,
            }
        )

    def test_constraints(self):
        for kwargs in (
            {"date_from": "2026-04-30", "date_to": "2026-04-01"},
            {"period_types": "bogus"},
            {"period_types": "month,bogus"},
            {"date_from": "2000-01-01", "date_to": "2026-12-31", "period_types": "week"},
        ):
            with self.subTest(**kwargs), self.assertRaises(ValidationError) as error:
                self.job(**kwargs)
            self.assertOneSentence(error, ValidationError)
        self.assertEqual(self.job(date_from="2016-04-01", date_to="2026-04-01").total, 1 + 121)

    def test_a_request_names_only_the_requesters_companies(self):
        with self.assertRaises(AccessError) as error:
            self.job(companies=self.company | self.other, user=self.manager_a)
        self.assertOneSentence(error, AccessError)
        self.assertTrue(self.job(user=self.manager_a))

    def test_a_bad_request_fails_alone_and_the_next_is_computed(self):
        bad = self.job()
        good = self.job()
        # a request written before the constraints (or in SQL): its steps cannot even be listed
        self.env.flush_all()
        self.env.cr.execute("UPDATE reseller_kpi_recompute_job SET period_types = 'bogus' WHERE id = %s", [bad.id])
        bad.invalidate_recordset()
        with self.assertLogs("odoo.addons.reseller_kpi.models.reseller_kpi_recompute_job", level="ERROR"):
            self.Job._cron_run()
        self.assertEqual(bad.state, "failed")
        self.assertIn("bogus", bad.failure_log)
        self.assertEqual(good.state, "done")
        # April: O8 of 1 April in Paris, 1000
        self.assertEqual(self.value("sales.revenue", period=APRIL), 1000)
        self.assertEqual(self.value("sales.revenue", period=MARCH), 1100, "March is left as it was")


@tagged("post_install", "-at_install")
class TestBadReportOptionsOverHttp(HttpCase):
    def test_report_route_answers_bad_options_without_traceback(self):
        # a KPI manager, not an administrator: with a website installed, Odoo's error page shows its
        # editors (administrators) the traceback on purpose, and everybody else only the message
        new_test_user(
            self.env,
            login="kpi_manager_http",
            password="kpi_manager_http",
            groups="base.group_user,reseller_kpi.group_manager",
        )
        self.authenticate("kpi_manager_http", "kpi_manager_http")
        company = self.env.company
        for url in (
            f'/report/html/reseller_kpi.management_report/{company.id}?options={{"day":"garbage"}}',
            f'/report/html/reseller_kpi.report_category_margin/{company.id}?options={{"month":"garbage"}}',
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 400)
                self.assertNotIn("Traceback", response.text)
                self.assertIn("is not a date", response.text)
