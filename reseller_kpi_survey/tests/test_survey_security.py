"""Salespeople read their companies' answers and satisfaction KPIs; only managers change settings."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.reseller_kpi.engine.periods import Period

from .common import SatisfactionCase

MARCH = Period("month", date(2026, 3, 1), date(2026, 3, 31))


@tagged("post_install", "-at_install")
class TestSurveySecurity(SatisfactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.company"].create({"name": "Survey other company"})
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        cls.employee = Users.create(
            {
                "name": "Survey employee",
                "login": "rk_survey_employee",
                "groups_id": [Command.set([cls.env.ref("base.group_user").id])],
            }
        )
        customer = cls.env["res.partner"].create({"name": "Secure customer", "email": "secure@example.com"})
        cls.mine = cls.answer(customer, "2026-03-02 10:00", "2026-03-03 10:00", cls.team1, cls.u1, nps=9)
        cls.theirs = cls.answer(customer, "2026-03-02 10:00", "2026-03-03 10:00", nps=2, company=cls.other)
        cls.env["reseller.kpi.value"]._refresh(cls.company | cls.other, [MARCH], refresh_records=False)

    def test_salesperson_reads_own_company_answers_only(self):
        UserInput = self.env["survey.user_input"].with_user(self.u1)
        found = UserInput.search([("id", "in", (self.mine | self.theirs).ids)])
        self.assertEqual(found, self.mine)
        self.assertEqual(found.reseller_kpi_nps, 9)
        self.assertEqual(found.user_input_line_ids.value_scale, 9)
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.u1).read(["reseller_kpi_nps"])
        with self.assertRaises(AccessError):
            self.mine.with_user(self.u1).write({"reseller_kpi_nps": 0})

    def test_salesperson_reads_no_answer_token(self):
        # before: with the token, no login, /survey/start/<survey>?answer_token=<t> then /survey/submit
        # answered in the customer's name and counted in the salesperson's own NPS
        UserInput = self.env["survey.user_input"].with_user(self.u1)
        with self.assertRaises(AccessError):
            self.mine.with_user(self.u1).read(["access_token"])
        with self.assertRaises(AccessError):
            UserInput.search_read([("id", "=", self.mine.id)], ["access_token"])
        with self.assertRaises(AccessError):
            UserInput.search([("access_token", "=", self.mine.sudo().access_token)])
        # on all documents too, and a KPI manager who is no survey officer
        self.u1.groups_id = [Command.link(self.env.ref("sales_team.group_sale_salesman_all_leads").id)]
        with self.assertRaises(AccessError):
            self.mine.with_user(self.u1).read(["access_token"])
        # what they read without naming fields carries no token
        self.assertNotIn("access_token", self.mine.with_user(self.u1).read()[0])
        # a survey officer still reads it, to send a link by hand
        officer = self.env["res.users"].create(
            {
                "name": "Survey officer",
                "login": "rk_survey_officer",
                "groups_id": [Command.set([self.env.ref("survey.group_survey_user").id])],
            }
        )
        self.assertTrue(self.mine.with_user(officer).access_token)

    def test_an_answer_through_a_public_link_counts_for_nobody(self):
        # the survey switched to "Anyone with the link": an anonymous answer of 0 in March
        self.survey.access_mode = "public"
        public = self.env.ref("base.public_user")
        anonymous = self.survey.with_user(public).sudo()._create_answer(user=public)
        self.assertFalse(anonymous.reseller_kpi_company_id, "no invitation of ours: no company")
        anonymous._save_lines(self.q_nps, 0)
        anonymous.write({"state": "done", "start_datetime": "2026-03-04 10:00", "end_datetime": "2026-03-04 10:00"})
        self.env["reseller.kpi.value"]._refresh(self.company, [MARCH], refresh_records=False)
        nps = self.env["reseller.kpi.value"].search(
            [
                ("kpi_code", "=", "survey.nps"),
                ("company_id", "=", self.company.id),
                ("date_start", "=", MARCH.date_start),
                ("res_model", "=", False),
            ]
        )
        # still only the 9 of the invited answer
        self.assertEqual((nps.value, nps.numerator, nps.denominator), (100.0, 1, 1))
        self.assertNotIn(anonymous, self.env["survey.user_input"].with_user(self.u1).search([]))
        # an answer to an invitation sent by hand from the survey is ours: it belongs to the sender's company
        invited = self.survey._create_answer(partner=self.env["res.partner"].create({"name": "By hand"}))
        self.assertFalse(invited.reseller_kpi_company_id)
        self.env["survey.invite"].create({"survey_id": self.survey.id})._send_mail(invited)
        self.assertEqual(invited.reseller_kpi_company_id, self.company)
        self.assertTrue(invited.reseller_kpi_invited_at)

    def test_salesperson_follows_the_drill_down(self):
        # a salesperson on their own documents sees their own figures, and opens exactly their answers
        Value = self.env["reseller.kpi.value"].with_user(self.u1)
        values = Value.search([("kpi_code", "=", "survey.nps"), ("date_start", "=", MARCH.date_start)])
        self.assertEqual(values.mapped(lambda v: (v.res_model, v.res_id)), [("res.users", self.u1.id)])
        self.assertEqual(values.value, 100.0)
        action = values.action_open_records(record_set_ref="satisfaction:nps_answers")
        self.assertEqual(self.env["survey.user_input"].with_user(self.u1).search(action["domain"]), self.mine)
        # on all documents: the company's value (this company's only)
        self.u1.groups_id = [Command.link(self.env.ref("sales_team.group_sale_salesman_all_leads").id)]
        value = Value.search(
            [("kpi_code", "=", "survey.nps"), ("res_model", "=", False), ("date_start", "=", MARCH.date_start)]
        )
        self.assertEqual(len(value), 1, "the salesperson sees the current company's value only")
        self.assertEqual(value.value, 100.0)
        action = value.action_open_records(record_set_ref="satisfaction:nps_answers")
        self.assertEqual(self.env["survey.user_input"].with_user(self.u1).search(action["domain"]), self.mine)

    def test_settings_and_questions_for_managers(self):
        with self.assertRaises(AccessError):
            self.company.with_user(self.u1).write({"reseller_kpi_survey_quiet_days": 10})
        with self.assertRaises(AccessError):
            self.q_nps.with_user(self.u1).write({"reseller_kpi_score_type": False})
        # an administrator sets them in Settings > Reseller KPIs
        with Form(self.env["res.config.settings"]) as settings:
            settings.reseller_kpi_survey_id = self.survey
            settings.reseller_kpi_survey_quiet_days = 30
            settings.reseller_kpi_survey_trigger = "invoiced"
        settings.save().execute()
        self.assertEqual(self.company.reseller_kpi_survey_quiet_days, 30)
        self.assertEqual(self.company.reseller_kpi_survey_trigger, "invoiced")

    def test_employee_sees_no_answers(self):
        with self.assertRaises(AccessError):
            self.env["survey.user_input"].with_user(self.employee).search([])

    def test_menus(self):
        answers_menu = self.env.ref("reseller_kpi_survey.survey_user_input_menu_satisfaction")
        surveys_menu = self.env.ref("reseller_kpi_survey.survey_menu_satisfaction_surveys")
        visible = self.env["ir.ui.menu"].with_user(self.u1)._visible_menu_ids()
        self.assertIn(answers_menu.id, visible)
        self.assertNotIn(surveys_menu.id, visible, "surveys are managed by survey officers")
        self.assertNotIn(answers_menu.id, self.env["ir.ui.menu"].with_user(self.employee)._visible_menu_ids())

    def test_french_labels(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["reseller_kpi_survey"], ["fr_FR"], overwrite=True)
        selection = dict(
            self.env["reseller.kpi.value"]
            .with_context(lang="fr_FR")
            ._fields["kpi_code"]
            ._description_selection(self.env(context={"lang": "fr_FR"}))
        )
        self.assertEqual(selection["survey.ces"], "survey.ces · Score d'effort client")
        self.assertEqual(
            self.q_nps.with_context(lang="fr_FR").title,
            "Quelle est la probabilité que vous nous recommandiez à un ami ou un collègue ?",
        )
