"""Recompute requests: queued by the wizard, run by the scheduled action, resumed, never twice at once."""

from datetime import date
from unittest.mock import patch

from odoo import sql_db
from odoo.tests import Form, tagged

from ..engine.periods import Period
from ..models.reseller_kpi_recompute_job import LOCK_NAMESPACE
from .common import KpiFixtureCase

APRIL = Period("month", date(2026, 4, 1), date(2026, 4, 30))


@tagged("post_install", "-at_install")
class TestRecomputeJob(KpiFixtureCase):
    def request(self, date_from="2026-04-01", date_to="2026-05-31", companies=None):
        wizard = Form(self.env["reseller.kpi.recompute"])
        wizard.date_from = date_from
        wizard.date_to = date_to
        wizard.do_quarter = False
        wizard.do_year = False
        record = wizard.save()
        if companies:
            record.company_ids = companies
        return record.action_recompute()

    def jobs(self):
        return self.env["reseller.kpi.recompute.job"].search([], order="id")

    def test_the_wizard_queues_and_the_cron_computes(self):
        action = self.request(companies=self.company)
        # April and May of one company, then its customer and vendor figures: 3 steps
        job = self.jobs()
        self.assertEqual((job.state, job.total, job.done), ("queued", 3, 0))
        self.assertIn("2 periods are being recomputed in the background", action["params"]["message"])
        self.assertEqual(action["params"]["next"]["res_model"], "reseller.kpi.recompute.job")
        self.assertFalse(self.stored("sales.revenue", period=APRIL), "nothing is computed in the click")
        trigger = self.env["ir.cron.trigger"].search(
            [("cron_id", "=", self.env.ref("reseller_kpi.ir_cron_reseller_kpi_recompute_jobs").id)]
        )
        self.assertTrue(trigger, "the scheduled action is triggered for the request")
        self.env["reseller.kpi.recompute.job"]._cron_run()
        self.assertEqual((job.state, job.done, job.progress), ("done", 3, 100))
        # April: o8 of 1 April in Paris, 1000
        self.assertEqual(self.value("sales.revenue", period=APRIL), 1000)
        message = job.message_ids.filtered(lambda m: self.env.user.partner_id in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn("were recomputed", message.body)

    def test_a_second_request_waits_for_the_first(self):
        self.request(companies=self.company)
        action = self.request(date_from="2026-01-01", date_to="2026-01-31", companies=self.company)
        self.assertIn("queued behind 1 request", action["params"]["message"])
        first, second = self.jobs()
        self.env["reseller.kpi.recompute.job"]._cron_run()
        self.assertEqual((first.state, second.state), ("done", "done"))
        self.assertLessEqual(first.finished_at, second.started_at, "oldest first")
        self.assertEqual(self.value("sales.revenue", period=Period("month", date(2026, 1, 1), date(2026, 1, 31))), 0)

    def test_a_request_held_by_another_process_is_left_to_it(self):
        self.request(companies=self.company)
        job = self.jobs()
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, job.id))
            self.env["reseller.kpi.recompute.job"]._cron_run()
            self.assertEqual((job.state, job.done), ("queued", 0), "never run twice at once")
        finally:
            other.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, job.id))
            other.close()
        self.env["reseller.kpi.recompute.job"]._cron_run()
        self.assertEqual(job.state, "done")

    def test_budget_and_resume(self):
        self.request(companies=self.company)
        job = self.jobs()
        # no time left: one step, then the cron is called again
        self.env["reseller.kpi.recompute.job"]._cron_run(budget=0)
        self.assertEqual((job.state, job.done), ("running", 1))
        self.assertEqual(self.value("sales.revenue", period=APRIL), 1000)
        self.assertFalse(self.stored("sales.revenue", period=APRIL.next()))
        # a process killed here leaves the request running at step 1: the next run resumes at May
        with patch.object(type(self.Value), "_compute_periods", wraps=self.Value._compute_periods) as compute:
            self.env["reseller.kpi.recompute.job"]._cron_run()
        self.assertEqual([call.args[1] for call in compute.call_args_list], [[APRIL.next()]])
        self.assertEqual((job.state, job.done), ("done", 3))

    def test_a_failing_company_is_reported_and_the_others_computed(self):
        self.request(date_from="2026-04-01", date_to="2026-04-30", companies=self.company | self.other)
        job = self.jobs()
        original = type(self.Value)._compute_periods

        def compute(value_model, company, periods):
            if company == self.other:
                raise ValueError("the other company's data is broken")
            return original(value_model, company, periods)

        with (
            patch.object(type(self.Value), "_compute_periods", compute),
            self.assertLogs("odoo.addons.reseller_kpi.models.reseller_kpi_value", "ERROR"),
        ):
            self.env["reseller.kpi.recompute.job"]._cron_run()
        self.assertEqual(job.state, "failed")
        self.assertIn("KPI Other month 2026-04-01: the other company's data is broken", job.failure_log)
        self.assertEqual(self.value("sales.revenue", period=APRIL), 1000)
        self.assertFalse(self.stored("sales.revenue", period=APRIL, company=self.other))
        # the other company keeps its March values
        self.assertEqual(self.value("sales.revenue", company=self.other), 5700)
        message = job.message_ids.filtered(lambda m: self.env.user.partner_id in m.partner_ids)
        self.assertIn("KPI Other month 2026-04-01: the other company's data is broken", message.body)
