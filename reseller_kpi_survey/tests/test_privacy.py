"""Survey answers are private, scores out of scale are refused, customers can opt out themselves."""

from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.reseller_kpi.engine.periods import Period

from ..models.survey_user_input import SurveyUserInput
from .common import SatisfactionCase

MARCH = Period("month", date(2026, 3, 1), date(2026, 3, 31))


@tagged("post_install", "-at_install")
class TestSurveyPrivacy(SatisfactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Private customer", "email": "private@example.com"})
        product = cls.env["product.product"].create({"name": "Privacy service", "type": "service"})

        def order(user):
            return cls.env["sale.order"].create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": user.id,
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
                }
            )

        cls.mine = cls.answer(cls.customer, "2026-03-02 10:00", "2026-03-03 10:00", order=order(cls.u1), nps=9)
        cls.theirs = cls.answer(
            cls.customer, "2026-03-02 10:00", "2026-03-03 10:00", cls.team1, cls.u2, order=order(cls.u2), nps=3
        )
        # a recruitment interview: no satisfaction question
        cls.interview = cls.env["survey.survey"].create(
            {
                "title": "Interview",
                "access_mode": "token",
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": "Why us?",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                Command.create({"value": "Salary", "is_correct": True, "answer_score": 10}),
                                Command.create({"value": "Office"}),
                            ],
                        }
                    )
                ],
            }
        )
        cls.candidate = cls.env["survey.user_input"].create(
            {"survey_id": cls.interview.id, "partner_id": cls.customer.id, "state": "done"}
        )

    # ------------------------------------------------------------------ who reads which answer
    def test_interview_answers_are_nobody_elses(self):
        self.assertFalse(self.candidate.reseller_kpi_company_id, "no company: the answer is not a KPI's")
        self.assertFalse(self.interview.reseller_kpi_is_satisfaction)
        self.assertTrue(self.survey.reseller_kpi_is_satisfaction)
        all_documents = self.env.ref("sales_team.group_sale_salesman_all_leads")
        self.u2.groups_id = [Command.link(all_documents.id)]
        for user in (self.u1, self.u2):
            with self.subTest(user=user.login):
                UserInput = self.env["survey.user_input"].with_user(user)
                self.assertEqual(UserInput.search_count([("survey_id", "=", self.interview.id)]), 0)
                self.assertEqual(
                    self.env["survey.user_input.line"]
                    .with_user(user)
                    .search_count([("survey_id", "=", self.interview.id)]),
                    0,
                )
                with self.assertRaises(AccessError):
                    self.interview.with_user(user).read(["title"])
                # the answer keys (correct answers, scores) stay with the survey officers
                with self.assertRaises(AccessError):
                    self.interview.question_ids.suggested_answer_ids.with_user(user).read(["is_correct"])

    def test_salesperson_on_own_documents_reads_the_answers_of_own_orders(self):
        UserInput = self.env["survey.user_input"].with_user(self.u1)
        ids = (self.mine | self.theirs).ids
        self.assertEqual(UserInput.search([("id", "in", ids)]), self.mine)
        self.assertEqual(UserInput.search_count([("id", "=", self.theirs.id)]), 0)
        lines = self.env["survey.user_input.line"].with_user(self.u1).search([("user_input_id", "in", ids)])
        self.assertEqual(lines.user_input_id, self.mine)
        # on all documents: every satisfaction answer of the company
        self.u1.groups_id = [Command.link(self.env.ref("sales_team.group_sale_salesman_all_leads").id)]
        self.assertEqual(UserInput.search([("id", "in", ids)]), self.mine | self.theirs)

    def test_invitations_of_other_surveys_are_not_stamped(self):
        applicant = self.env["res.partner"].create({"name": "Applicant", "email": "applicant@example.com"})
        invite = self.env["survey.invite"].create(
            {"survey_id": self.interview.id, "partner_ids": [Command.set(applicant.ids)]}
        )
        invite.action_invite()
        answer = self.env["survey.user_input"].search(
            [("survey_id", "=", self.interview.id), ("partner_id", "=", applicant.id)]
        )
        self.assertEqual(len(answer), 1)
        self.assertFalse(answer.reseller_kpi_invited_at)
        self.assertFalse(answer.reseller_kpi_company_id)
        # the same wizard on the satisfaction survey stamps the invitation, which the response rate counts
        invite = self.env["survey.invite"].create(
            {"survey_id": self.survey.id, "partner_ids": [Command.set(applicant.ids)]}
        )
        invite.action_invite()
        answer = self.env["survey.user_input"].search(
            [("survey_id", "=", self.survey.id), ("partner_id", "=", applicant.id)]
        )
        self.assertTrue(answer.reseller_kpi_invited_at)
        self.assertEqual(answer.reseller_kpi_company_id, self.company)

    # ------------------------------------------------------------------ bad input
    def test_scores_out_of_scale_are_refused(self):
        for question, bad in ((self.q_nps, -5), (self.q_nps, 11), (self.q_ces, 0), (self.q_csat, 6)):
            with self.subTest(question=question.title, score=bad):
                self.assertTrue(question.validate_question(str(bad)), "refused on the survey page")
                scores = {"nps": 5, question.reseller_kpi_score_type: bad}
                with self.assertRaisesRegex(ValidationError, "outside its scale"):
                    self.answer(self.customer, "2026-03-02 10:00", "2026-03-04 10:00", **scores)
        self.assertEqual(self.q_nps.validate_question("0"), {})
        self.assertEqual(self.q_nps.validate_question("10"), {})

    def test_stored_scores_out_of_scale_are_ignored(self):
        self.env.flush_all()
        # written before the check existed, or by SQL
        self.env.cr.execute(
            "UPDATE survey_user_input_line SET value_scale = 11 WHERE user_input_id = %s", [self.theirs.id]
        )
        self.env["reseller.kpi.value"]._refresh(self.company, [MARCH], refresh_records=False)
        nps = self.env["reseller.kpi.value"].search(
            [
                ("kpi_code", "=", "survey.nps"),
                ("company_id", "=", self.company.id),
                ("period_type", "=", "month"),
                ("date_start", "=", MARCH.date_start),
                ("res_model", "=", False),
            ]
        )
        # only the 9 of the other answer: one promoter of one answer
        self.assertEqual((nps.value, nps.numerator, nps.denominator), (100.0, 1, 1))

    def test_an_error_in_the_follow_up_never_fails_the_customer(self):
        answer = self.answer(self.customer, "2026-03-05 10:00", None, self.team1, self.u1)
        answer._save_lines(self.q_nps, 2)

        def broken(answers):
            raise ValueError("follow-up broken")

        with (
            patch.object(SurveyUserInput, "_reseller_kpi_follow_up_detractors", broken),
            self.assertLogs("odoo.addons.reseller_kpi_survey.models.survey_user_input", level="ERROR") as logs,
        ):
            answer._mark_done()
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.reseller_kpi_nps, 2)
        self.assertIn("the answers are kept", logs.output[0])


@tagged("post_install", "-at_install")
class TestSurveyOptOut(HttpCase, SatisfactionCase):
    def test_customer_opts_out_from_the_link_and_is_not_invited_again(self):
        customer = self.env["res.partner"].create({"name": "Leaving customer", "email": "leaving@example.com"})
        answer = self.answer(customer, "2026-03-02 10:00", None, self.team1, self.u1)
        url = answer._reseller_kpi_opt_out_url()
        path = f"/reseller_kpi/survey/opt_out/{customer.id}/{self.company.id}/"
        self.assertIn(path, url)
        # the link carries a token of its own, never the answer's (which opens the survey in the customer's name)
        self.assertNotIn(answer.access_token, url)
        # the invitation's mail carries the link
        body = self.env["mail.render.mixin"]._render_template(
            self.env.ref("reseller_kpi_survey.mail_template_satisfaction_invitation").body_html,
            "survey.user_input",
            answer.ids,
            engine="qweb",
        )[answer.id]
        self.assertIn(path, str(body))
        path = url[url.index("/reseller_kpi/") :]
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Stop receiving satisfaction surveys?", page.text)
        self.assertFalse(customer.reseller_kpi_survey_opt_out, "opening the link (a mail scanner) changes nothing")
        done = self.url_open(path, data={"confirm": "1"})
        self.assertEqual(done.status_code, 200)
        self.assertIn("You will not receive our satisfaction surveys any more", done.text)
        customer.invalidate_recordset()
        self.assertTrue(customer.reseller_kpi_survey_opt_out)
        # a wrong token opts nobody out
        self.assertIn(
            "no longer valid", self.url_open("/reseller_kpi/survey/opt_out/not-a-token", data={"confirm": "1"}).text
        )

    def test_an_answer_token_opts_nobody_out(self):
        # before: POST /reseller_kpi/survey/opt_out/<answer token>, without login, opted the customer out
        customer = self.env["res.partner"].create({"name": "Staying customer", "email": "staying@example.com"})
        answer = self.answer(customer, "2026-03-02 10:00", None, self.team1, self.u1)
        page = self.url_open(f"/reseller_kpi/survey/opt_out/{answer.access_token}", data={"confirm": "1"})
        self.assertIn("no longer valid", page.text)
        customer.invalidate_recordset()
        self.assertFalse(customer.reseller_kpi_survey_opt_out)

    def test_a_link_opts_out_only_its_own_contact(self):
        leaving = self.env["res.partner"].create({"name": "Leaving", "email": "leaving2@example.com"})
        neighbour = self.env["res.partner"].create({"name": "Neighbour", "email": "neighbour@example.com"})
        token = leaving._reseller_kpi_opt_out_token(self.company)
        altered = token[:-1] + ("1" if token.endswith("0") else "0")  # its last digit changed, whatever it was
        for path in (
            # the token of another contact, of another company, or altered
            f"/reseller_kpi/survey/opt_out/{neighbour.id}/{self.company.id}/{token}",
            f"/reseller_kpi/survey/opt_out/{leaving.id}/{self.env.ref('base.main_company').id + 999}/{token}",
            f"/reseller_kpi/survey/opt_out/{leaving.id}/{self.company.id}/{altered}",
        ):
            with self.subTest(path=path):
                self.assertIn("no longer valid", self.url_open(path, data={"confirm": "1"}).text)
        (leaving | neighbour).invalidate_recordset()
        self.assertFalse(leaving.reseller_kpi_survey_opt_out or neighbour.reseller_kpi_survey_opt_out)
