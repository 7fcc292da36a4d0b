from datetime import date
from itertools import pairwise

from odoo.tests import TransactionCase, tagged
from odoo.tests.common import BaseCase

from odoo.addons.reseller_kpi.demo_generator.plan import build_plan

from ..demo_generator.survey_plan import QUIET_DAYS, build_survey_plan, recent_detractors, survey_summary

END = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestSurveyDemoPlan(BaseCase):
    """The survey plan is plain Python: no database."""

    def test_plan_follows_the_rules(self):
        plan = build_plan(seed=5, scale=0.3, end_date=END)
        invitations = build_survey_plan(plan, plan.seed)
        self.assertEqual(
            [(i.order, i.nps) for i in invitations], [(i.order, i.nps) for i in build_survey_plan(plan, plan.seed)]
        )
        by_customer = {}
        for invitation in invitations:
            order = plan.orders[invitation.order]
            self.assertEqual(order.state, "sale")
            self.assertEqual((invitation.invited_at.date() - order.delivery_date.date()).days, 7)
            by_customer.setdefault(order.customer, []).append(invitation.invited_at)
        for days in by_customer.values():
            self.assertTrue(all((b - a).days >= QUIET_DAYS for a, b in pairwise(days)))
        summary = survey_summary(invitations)
        self.assertGreater(summary["survey_invitations"], summary["survey_responses"])
        self.assertTrue(summary["survey_detractors"] and summary["survey_promoters"])
        self.assertTrue(any(i.nps == 0 for i in invitations if i.answered_at))

    def test_default_demo_has_open_follow_ups(self):
        plan = build_plan(seed=42, scale=1, end_date=END)
        self.assertTrue(recent_detractors(build_survey_plan(plan, plan.seed), END))


@tagged("post_install", "-at_install")
class TestSurveyDemoGenerator(TransactionCase):
    """The demo reseller gets invitations and answers over its months, and satisfaction history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = build_plan(seed=3, scale=0.05, end_date=END)
        cls.summary = cls.env["reseller.kpi.demo.generator"].generate(seed=3, scale=0.05, end_date=END)
        cls.company = cls.env.company

    def test_answers_match_plan(self):
        expected = survey_summary(build_survey_plan(self.plan, self.plan.seed))
        self.assertEqual({key: self.summary[key] for key in expected}, expected)
        self.assertEqual(
            self.company.reseller_kpi_survey_id, self.env.ref("reseller_kpi_survey.survey_customer_satisfaction")
        )

    def test_history_has_scores(self):
        values = self.env["reseller.kpi.value"].search(
            [("kpi_code", "=", "survey.nps"), ("period_type", "=", "year"), ("res_model", "=", False)]
        )
        self.assertEqual(len(values), 3, "2024, 2025 and 2026")
        answers = self.env["survey.user_input"].search(
            [("reseller_kpi_company_id", "=", self.company.id), ("state", "=", "done")]
        )
        promoters = len(answers.filtered(lambda a: a.reseller_kpi_nps_category == "promoter"))
        detractors = len(answers.filtered(lambda a: a.reseller_kpi_nps_category == "detractor"))
        # the three years together hold every answer once
        self.assertEqual(sum(values.mapped("denominator")), len(answers))
        self.assertEqual(sum(values.mapped("numerator")), promoters - detractors)

    def test_recent_detractors_have_an_activity(self):
        activities = self.env["mail.activity"].search(
            [("activity_type_id", "=", self.env.ref("reseller_kpi_survey.mail_activity_type_detractor").id)]
        )
        expected = recent_detractors(build_survey_plan(self.plan, self.plan.seed), END)
        self.assertEqual(len(activities), len(expected))
        self.assertTrue(all(a.res_model == "sale.order" for a in activities))
