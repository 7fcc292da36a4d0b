import doctest
from collections import Counter
from datetime import date

from odoo.tests import TransactionCase, tagged
from odoo.tests.common import BaseCase

from odoo.addons.reseller_kpi.demo_generator.plan import build_plan

from ..demo_generator import mailing_plan
from ..demo_generator.mailing_plan import NEWSLETTER, build_mailing_plan
from ..engine import mailing

END = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestMailingPlan(BaseCase):
    """The e-mail plan is plain Python: no database."""

    def test_doctests(self):
        for module in (mailing, mailing_plan):
            with self.subTest(module=module.__name__):
                result = doctest.testmod(module)
                self.assertTrue(result.attempted)
                self.assertFalse(result.failed)

    def test_plan_follows_the_rules(self):
        plan = build_plan(seed=5, scale=0.3, end_date=END)
        mailings = build_mailing_plan(plan, plan.seed)
        left = {}
        for opt_out in mailings.opt_outs:
            left.setdefault(opt_out.customer, opt_out)
        for sending in mailings.sendings:
            for trace in sending.traces:
                customer = plan.customers[trace.customer]
                # a customer with an address, not blacklisted, who has ordered before
                self.assertTrue(customer.email and not customer.blacklisted)
                self.assertLessEqual(min(customer.order_dates), sending.sent_at.date())
                # nobody gets an e-mail they asked not to get any more
                gone = left.get(trace.customer)
                if gone and gone.at < sending.sent_at:
                    self.assertFalse(gone.blacklist)
                    self.assertFalse(sending.newsletter)
        statuses = Counter(t.status for s in mailings.sendings for t in s.traces)
        self.assertGreater(statuses["sent"], statuses["open"])
        self.assertGreater(statuses["open"], statuses["bounce"])
        self.assertTrue(statuses["error"])


@tagged("post_install", "-at_install")
class TestMailingDemoGenerator(TransactionCase):
    """The demo reseller gets its newsletters, campaigns and e-mail history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = build_plan(seed=3, scale=0.05, end_date=END)
        cls.mailings = build_mailing_plan(cls.plan, cls.plan.seed)
        cls.summary = cls.env["reseller.kpi.demo.generator"].generate(seed=3, scale=0.05, end_date=END)
        cls.company = cls.env.company

    def test_traces_match_the_plan(self):
        traces = [t for s in self.mailings.sendings for t in s.traces]
        self.assertEqual(self.summary["mailing_traces"], len(traces))
        self.assertEqual(self.summary["mailings"], len(self.mailings.sendings))
        stored = self.env["mailing.trace"].search([("mass_mailing_id.user_id.company_id", "=", self.company.id)])
        self.assertEqual(Counter(stored.mapped("trace_status")), Counter(t.status for t in traces))
        self.assertEqual(
            set(stored.campaign_id.mapped("name")), {NEWSLETTER, *(s.campaign for s in self.mailings.sendings)}
        )

    def test_history_matches_the_plan(self):
        # e-mails sent each month of the plan: its traces sent that month (Paris time), but those in error
        month = date(2026, 5, 1)
        planned = sum(
            1
            for s in self.mailings.sendings
            for t in s.traces
            if t.status != "error" and (t.sent_at.year, t.sent_at.month) == (month.year, month.month)
        )
        value = self.env["reseller.kpi.value"].search(
            [
                ("kpi_code", "=", "mailing.sent"),
                ("company_id", "=", self.company.id),
                ("period_type", "=", "month"),
                ("date_start", "=", month),
                ("res_model", "=", False),
            ]
        )
        self.assertTrue(planned)
        self.assertEqual(value.value, planned)
        # the newsletter's source is on orders: some revenue comes from e-mails
        revenue = self.env["reseller.kpi.value"].search(
            [
                ("kpi_code", "=", "mailing.revenue"),
                ("company_id", "=", self.company.id),
                ("period_type", "=", "year"),
                ("res_model", "=", False),
            ]
        )
        self.assertTrue(any(revenue.mapped("value")))
