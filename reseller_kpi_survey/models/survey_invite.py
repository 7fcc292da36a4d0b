from odoo import fields, models


class SurveyInvite(models.TransientModel):
    _inherit = "survey.invite"

    def _send_mail(self, answer):
        # invitations to a satisfaction survey shared by hand count in the response rate like the scheduled
        # ones (first sending only), for the company they are sent from; the invitations of other surveys
        # are none of the KPIs' business
        result = super()._send_mail(answer)
        if not answer.reseller_kpi_invited_at and answer.survey_id.sudo().reseller_kpi_is_satisfaction:
            answer.sudo().write(
                {
                    "reseller_kpi_invited_at": fields.Datetime.now(),
                    # an invitation of ours: the answer belongs to the company it was sent from
                    "reseller_kpi_company_id": answer.reseller_kpi_company_id.id or self.env.company.id,
                }
            )
        return result
