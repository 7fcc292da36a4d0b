from odoo import fields, models


class SurveyInvite(models.TransientModel):
    _inherit = "survey.invite"

    def _send_mail(self, answer):
        # invitations shared by hand count in the response rate like the scheduled ones (first sending only)
        result = super()._send_mail(answer)
        if not answer.reseller_kpi_invited_at:
            answer.sudo().reseller_kpi_invited_at = fields.Datetime.now()
        return result
