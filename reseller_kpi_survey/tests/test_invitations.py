"""The scheduled invitations: delay, quiet period, opt-out, e-mail, trigger, follow-up of detractors."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import SatisfactionCase


@tagged("post_install", "-at_install")
class TestInvitations(SatisfactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "reseller_kpi_survey_id": cls.survey.id,
                "reseller_kpi_survey_trigger": "delivered",
                "reseller_kpi_survey_delay_days": 7,
                "reseller_kpi_survey_quiet_days": 90,
            }
        )
        cls.product = cls.env["product.product"].create({"name": "Survey goods", "type": "consu"})
        Partner = cls.env["res.partner"]
        cls.c1 = Partner.create({"name": "Invited Ltd", "is_company": True, "email": "office@invited.example.com"})
        cls.c1_anna = Partner.create({"name": "Anna", "parent_id": cls.c1.id, "email": "anna@invited.example.com"})
        cls.c1_bob = Partner.create({"name": "Bob", "parent_id": cls.c1.id, "email": "bob@invited.example.com"})
        cls.no_email = Partner.create({"name": "No e-mail Ltd", "is_company": True})
        cls.opted_out = Partner.create(
            {"name": "Opted out Ltd", "is_company": True, "reseller_kpi_survey_opt_out": True}
        )
        cls.opted_out_contact = Partner.create(
            {"name": "Olga", "parent_id": cls.opted_out.id, "email": "olga@optout.example.com"}
        )
        cls.blacklisted = Partner.create(
            {"name": "Blacklisted Ltd", "is_company": True, "email": "noreply@blacklisted.example.com"}
        )
        cls.env["mail.blacklist"].create({"email": "noreply@blacklisted.example.com"})
        cls.partial = Partner.create({"name": "Partial Ltd", "is_company": True, "email": "p@partial.example.com"})
        # invited in each exclusion test, next to the order that is not
        cls.control = Partner.create({"name": "Control Ltd", "is_company": True, "email": "c@control.example.com"})

    def order(self, partner, delivered=None, qty=2, delivered_qty=None, user=None, team=None):
        """A confirmed order whose delivery is validated at `delivered` (UTC), fully or `delivered_qty`."""
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": (user or self.u1).id,
                "team_id": (team or self.team1).id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": qty})],
            }
        )
        order.action_confirm()
        if delivered:
            picking = order.picking_ids
            picking.move_ids.write({"quantity": delivered_qty or qty, "picked": True})
            picking.with_context(cancel_backorder=False, skip_backorder=True)._action_done()
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "UPDATE stock_picking SET date_done = %s WHERE sale_id = %s AND state = 'done'", delivered, order.id
                )
            )
        return order

    def send(self, day):
        with freeze_time(f"{day} 09:00:00"):
            self.env["sale.order"]._cron_send_satisfaction_surveys()
        return self.env["survey.user_input"].search([("reseller_kpi_sale_order_id", "!=", False)])

    def test_delay_contact_and_link(self):
        order = self.order(self.c1_anna, "2026-03-02 10:00:00", user=self.u2, team=self.team2)
        self.assertFalse(self.send("2026-03-08"), "6 days after the delivery: too early")
        answer = self.send("2026-03-09")
        self.assertEqual(answer.reseller_kpi_sale_order_id, order)
        self.assertEqual(answer.partner_id, self.c1_anna, "the contact who ordered is invited")
        self.assertEqual((answer.reseller_kpi_team_id, answer.reseller_kpi_user_id), (self.team2, self.u2))
        self.assertEqual(answer.reseller_kpi_company_id, self.company)
        self.assertEqual(str(answer.reseller_kpi_invited_at), "2026-03-09 09:00:00")
        self.assertEqual(answer.survey_id, self.survey)
        mail = self.env["mail.mail"].search([("model", "=", "survey.user_input"), ("res_id", "=", answer.id)])
        self.assertEqual(mail.email_to, '"Anna" <anna@invited.example.com>')
        self.assertIn(order.name, mail.subject)
        self.assertIn(answer.access_token, mail.body_html)
        self.assertIn("Satisfaction survey sent to Invited Ltd, Anna", str(order.message_ids[0].body))
        self.assertEqual(order.reseller_kpi_survey_count, 1)
        # never twice for the same order
        self.assertEqual(self.send("2026-03-10"), answer)

    def test_quiet_period_per_customer(self):
        self.order(self.c1_anna, "2026-03-02 10:00:00")
        self.order(self.c1_bob, "2026-03-03 10:00:00")
        first = self.send("2026-03-10")
        self.assertEqual(len(first), 1, "two orders of one customer: one invitation")
        self.assertEqual(first.partner_id, self.c1_bob, "the most recent delivery")
        self.assertEqual(self.send("2026-03-11"), first, "the other order waits for the quiet period")
        # delivered 1 April, due 8 April: within 90 days of 10 March
        self.order(self.c1_anna, "2026-04-01 10:00:00")
        self.assertEqual(self.send("2026-04-08"), first)
        # delivered 10 June, due 17 June: 99 days after the first invitation
        later = self.order(self.c1_anna, "2026-06-10 10:00:00")
        invited = self.send("2026-06-17") - first
        self.assertEqual(invited.reseller_kpi_sale_order_id, later)

    def assertOnlyInvited(self, invited, excluded, day="2026-03-09"):
        """The run of `day` invites `invited` and not `excluded` (both orders)."""
        answers = self.send(day)
        self.assertEqual(answers.reseller_kpi_sale_order_id, invited)
        self.assertNotIn(excluded, answers.reseller_kpi_sale_order_id)

    def test_never_invited_without_email(self):
        excluded = self.order(self.no_email, "2026-03-02 10:00:00")
        self.assertOnlyInvited(self.order(self.control, "2026-03-02 10:00:00"), excluded)

    def test_never_invited_when_opted_out(self):
        # the contact has an address, its company said no
        excluded = self.order(self.opted_out_contact, "2026-03-02 10:00:00")
        self.assertOnlyInvited(self.order(self.control, "2026-03-02 10:00:00"), excluded)

    def test_never_invited_when_blacklisted(self):
        excluded = self.order(self.blacklisted, "2026-03-02 10:00:00")
        self.assertOnlyInvited(self.order(self.control, "2026-03-02 10:00:00"), excluded)

    def test_never_invited_before_fully_delivered(self):
        # one of two units delivered, the rest still to deliver: not delivered yet
        excluded = self.order(self.partial, "2026-03-02 10:00:00", qty=2, delivered_qty=1)
        self.assertOnlyInvited(self.order(self.control, "2026-03-02 10:00:00"), excluded)

    def test_never_invited_when_archived(self):
        archived = self.env["res.partner"].create(
            {"name": "Gone Ltd", "is_company": True, "email": "g@gone.example.com"}
        )
        excluded = self.order(archived, "2026-03-02 10:00:00")
        archived.active = False
        self.assertOnlyInvited(self.order(self.control, "2026-03-02 10:00:00"), excluded)

    def test_never_invited_past_the_catch_up_window(self):
        # delivered 60 days before: due 53 days ago, past the 30 days a missed run catches up
        excluded = self.order(self.c1_anna, "2026-01-08 10:00:00")
        self.assertOnlyInvited(self.order(self.control, "2026-03-02 10:00:00"), excluded)

    def test_invoiced_trigger(self):
        self.company.reseller_kpi_survey_trigger = "invoiced"
        order = self.order(self.c1_anna, "2026-03-02 10:00:00")
        self.assertFalse(self.send("2026-03-09"), "delivered but not invoiced")
        invoice = order._create_invoices()
        invoice.invoice_date = "2026-03-20"
        invoice.action_post()
        self.assertFalse(self.send("2026-03-26"))
        self.assertEqual(self.send("2026-03-27").reseller_kpi_sale_order_id, order)

    def test_no_survey_no_invitation(self):
        self.company.reseller_kpi_survey_id = False
        self.order(self.c1_anna, "2026-03-02 10:00:00")
        self.assertFalse(self.send("2026-03-09"))

    def test_failing_company_does_not_block_others(self):
        other = self.env["res.company"].create({"name": "Broken survey company"})
        broken = self.survey.copy({"title": "Broken copy"})
        other.reseller_kpi_survey_id = broken
        broken.active = False  # archived after being chosen: that company's run fails
        order = self.order(self.c1_anna, "2026-03-02 10:00:00")
        with self.assertLogs("odoo.addons.reseller_kpi_survey.models.sale_order", level="ERROR") as logs:
            answers = self.send("2026-03-09")
        self.assertEqual(len(logs.output), 1)
        self.assertIn("satisfaction survey invitations of Broken survey company failed", logs.output[0])
        self.assertEqual(answers.reseller_kpi_sale_order_id, order)
        self.assertEqual(answers.reseller_kpi_company_id, self.company)

    def test_settings_refused(self):
        with self.assertRaises(ValidationError):
            self.company.reseller_kpi_survey_delay_days = -1
        with self.assertRaises(ValidationError):
            self.company.reseller_kpi_survey_quiet_days = -5
        plain = self.env["survey.survey"].create({"title": "No score question"})
        with self.assertRaisesRegex(ValidationError, "no NPS, CES or CSAT question"):
            self.company.reseller_kpi_survey_id = plain

    def test_question_flag_checks_scale(self):
        with self.assertRaisesRegex(ValidationError, "from 0 to 10"):
            self.q_ces.reseller_kpi_score_type = "nps"
        with self.assertRaisesRegex(ValidationError, "scale question"):
            self.q_comment.reseller_kpi_score_type = "csat"
        with Form(self.env["survey.question"].with_context(default_survey_id=self.survey.id)) as form:
            form.title = "Effort"
            form.reseller_kpi_score_type = "ces"
            self.assertEqual((form.question_type, form.scale_min, form.scale_max), ("scale", 1, 7))

    def test_zero_is_an_answer_and_detractors_are_followed_up(self):
        order = self.order(self.c1_anna, "2026-03-02 10:00:00", user=self.u2)
        answer = self.send("2026-03-09")
        self.assertEqual(self.q_nps.validate_question(0), {}, "0 answers a mandatory NPS question")
        self.assertTrue(self.q_nps.validate_question(""), "no answer is refused")
        answer._save_lines(self.q_nps, 0)
        answer._save_lines(self.q_ces, 3)
        answer._save_lines(self.q_csat, 2)
        answer._save_lines(self.q_comment, "Parcel two weeks late.")
        with freeze_time("2026-03-12 10:00:00"):
            answer._mark_done()
        line = answer.user_input_line_ids.filtered(lambda ln: ln.question_id == self.q_nps)
        self.assertEqual((line.skipped, line.value_scale), (False, 0))
        self.assertEqual((answer.reseller_kpi_nps, answer.reseller_kpi_nps_category), (0, "detractor"))
        activity = order.activity_ids
        self.assertEqual(activity.user_id, self.u2)
        self.assertEqual(activity.activity_type_id, self.env.ref("reseller_kpi_survey.mail_activity_type_detractor"))
        self.assertEqual(activity.summary, "Unhappy customer: NPS 0")
        self.assertIn("Parcel two weeks late.", str(activity.note))
        # the customer's last NPS is known at once
        customer = self.c1.with_company(self.company)
        self.assertEqual((customer.reseller_kpi_last_nps, customer.reseller_kpi_nps_category), (0, "detractor"))

    def test_promoters_and_passives_make_no_activity(self):
        for score in (7, 10):
            order = self.order(self.c1_anna if score == 7 else self.c1_bob, "2026-03-02 10:00:00")
            answer = self.answer(self.c1_anna, "2026-03-09 10:00", None, self.team1, self.u1, order=order)
            answer._save_lines(self.q_nps, score)
            answer._mark_done()
            self.assertFalse(order.activity_ids)
