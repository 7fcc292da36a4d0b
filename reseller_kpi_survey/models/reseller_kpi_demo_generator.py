from odoo import api, models
from odoo.tools import split_every

from odoo.addons.reseller_kpi.models.reseller_kpi_demo_generator import BATCH

from ..demo_generator.survey_plan import (
    DELAY_DAYS,
    QUIET_DAYS,
    build_survey_plan,
    opted_out,
    recent_detractors,
)


class ResellerKpiDemoGenerator(models.AbstractModel):
    _inherit = "reseller.kpi.demo.generator"

    def _demo_steps(self):
        return [*super()._demo_steps(), self._demo_surveys]

    def _demo_surveys(self, plan, refs):
        """Invitations and answers to the ready satisfaction survey over the plan's months."""
        company = refs["company"]
        survey = self.env.ref("reseller_kpi_survey.survey_customer_satisfaction")
        company.write(
            {
                "reseller_kpi_survey_id": survey.id,
                "reseller_kpi_survey_trigger": "delivered",
                "reseller_kpi_survey_delay_days": DELAY_DAYS,
                "reseller_kpi_survey_quiet_days": QUIET_DAYS,
            }
        )
        customers = refs["customers"]
        customers.browse(
            [customer.id for index, customer in enumerate(customers) if opted_out(index)]
        ).reseller_kpi_survey_opt_out = True
        questions = {q.reseller_kpi_score_type or q.question_type: q for q in survey.question_ids}
        invitations = build_survey_plan(plan, plan.seed)
        records = [refs["orders"][invitation.order][0] for invitation in invitations]
        answers = self.env["survey.user_input"]
        for chunk in split_every(BATCH, list(zip(invitations, records, strict=True))):
            vals_list = []
            for invitation, order in chunk:
                vals = {
                    "survey_id": survey.id,
                    "partner_id": order.partner_id.id,
                    "email": order.partner_id.email,
                    "nickname": order.partner_id.name,
                    "reseller_kpi_company_id": company.id,
                    "reseller_kpi_sale_order_id": order.id,
                    "reseller_kpi_team_id": order.team_id.id,
                    "reseller_kpi_user_id": order.user_id.id,
                    "reseller_kpi_invited_at": self._utc(invitation.invited_at),
                }
                if invitation.answered_at:
                    lines = [
                        (questions["nps"], invitation.nps),
                        (questions["ces"], invitation.ces),
                        (questions["csat"], invitation.csat),
                    ]
                    vals.update(
                        state="done",
                        start_datetime=self._utc(invitation.answered_at),
                        end_datetime=self._utc(invitation.answered_at),
                        user_input_line_ids=[
                            (0, 0, {"question_id": q.id, "answer_type": "scale", "value_scale": score})
                            for q, score in lines
                        ]
                        + (
                            [
                                (
                                    0,
                                    0,
                                    {
                                        "question_id": questions["text_box"].id,
                                        "answer_type": "text_box",
                                        "value_text_box": invitation.comment,
                                    },
                                )
                            ]
                            if invitation.comment
                            else []
                        ),
                    )
                vals_list.append(vals)
            created = self.env["survey.user_input"].create(vals_list)
            # invited and answered on the plan's days, not today
            self._set_dates(
                "survey_user_input",
                "create_date",
                {r.id: self._utc(inv.invited_at) for r, (inv, _o) in zip(created, chunk, strict=True)},
            )
            answers |= created
            self.env.flush_all()
        recent = {id(invitation) for invitation in recent_detractors(invitations, plan.end)}
        detractors = answers.browse(
            [answer.id for answer, invitation in zip(answers, invitations, strict=True) if id(invitation) in recent]
        )
        detractors._reseller_kpi_follow_up_detractors()
        refs["survey_invitations"] = invitations
        refs["survey_answers"] = answers

    @api.model
    def _demo_summary(self, refs):
        summary = super()._demo_summary(refs)
        answers = refs["survey_answers"]
        done = answers.filtered(lambda a: a.state == "done")
        summary.update(
            survey_invitations=len(answers.filtered("reseller_kpi_invited_at")),
            survey_responses=len(done),
            survey_promoters=len(done.filtered(lambda a: a.reseller_kpi_nps_category == "promoter")),
            survey_detractors=len(done.filtered(lambda a: a.reseller_kpi_nps_category == "detractor")),
        )
        return summary
