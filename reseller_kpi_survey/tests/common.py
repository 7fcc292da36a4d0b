from odoo import Command
from odoo.tests import TransactionCase


class SatisfactionCase(TransactionCase):
    """The ready survey, two teams, two salespeople and a helper that records an answer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "Europe/Paris"
        cls.survey = cls.env.ref("reseller_kpi_survey.survey_customer_satisfaction")
        cls.q_nps = cls.env.ref("reseller_kpi_survey.survey_question_nps")
        cls.q_ces = cls.env.ref("reseller_kpi_survey.survey_question_ces")
        cls.q_csat = cls.env.ref("reseller_kpi_survey.survey_question_csat")
        cls.q_comment = cls.env.ref("reseller_kpi_survey.survey_question_comment")
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        salesman = cls.env.ref("sales_team.group_sale_salesman")
        cls.u1, cls.u2 = (
            Users.create(
                {
                    "name": f"Seller {n}",
                    "login": f"rk_survey_seller{n}",
                    "email": f"seller{n}@example.com",
                    "groups_id": [Command.set([salesman.id])],
                }
            )
            for n in (1, 2)
        )
        cls.team1 = cls.env["crm.team"].create({"name": "Survey team 1", "company_id": cls.company.id})
        cls.team2 = cls.env["crm.team"].create({"name": "Survey team 2", "company_id": cls.company.id})

    @classmethod
    def answer(
        cls,
        partner,
        invited=None,
        done=None,
        team=None,
        user=None,
        nps=None,
        ces=None,
        csat=None,
        skipped=(),
        comment=None,
        company=None,
        order=None,
        test_entry=False,
    ):
        """A response to the ready survey; `done` (UTC) completes it with the given scores."""
        lines = [
            {"question_id": question.id, "answer_type": "scale", "value_scale": score}
            for question, score in ((cls.q_nps, nps), (cls.q_ces, ces), (cls.q_csat, csat))
            if score is not None
        ]
        lines += [{"question_id": question.id, "skipped": True, "answer_type": False} for question in skipped]
        if comment:
            lines.append({"question_id": cls.q_comment.id, "answer_type": "text_box", "value_text_box": comment})
        vals = {
            "survey_id": cls.survey.id,
            "partner_id": partner.id,
            "email": partner.email,
            "test_entry": test_entry,
            "reseller_kpi_company_id": (company or cls.company).id,
            "reseller_kpi_team_id": team.id if team else False,
            "reseller_kpi_user_id": user.id if user else False,
            "reseller_kpi_sale_order_id": order.id if order else False,
            "reseller_kpi_invited_at": invited or False,
            "user_input_line_ids": [Command.create(line) for line in lines],
        }
        if done:
            vals.update(state="done", start_datetime=done, end_datetime=done)
        return cls.env["survey.user_input"].create(vals)
