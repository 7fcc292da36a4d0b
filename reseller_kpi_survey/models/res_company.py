from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    reseller_kpi_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction survey",
        help="The survey sent to customers after their orders. Invitations are sent only when a survey is chosen.",
    )
    reseller_kpi_survey_trigger = fields.Selection(
        [("delivered", "Order delivered"), ("invoiced", "Order invoiced")],
        string="Invite when",
        default="delivered",
        required=True,
        help="Delivered: every delivery of the order is done (orders of services only are never delivered). "
        "Invoiced: the order is fully invoiced, counted from its last posted invoice.",
    )
    reseller_kpi_survey_delay_days = fields.Integer(
        string="Invitation delay (days)",
        default=7,
        help="Days between the delivery (or invoice) and the invitation.",
    )
    reseller_kpi_survey_quiet_days = fields.Integer(
        string="Quiet period (days)",
        default=90,
        help="A customer receives at most one invitation within this many days, whatever its number of orders.",
    )

    @api.constrains("reseller_kpi_survey_delay_days", "reseller_kpi_survey_quiet_days", "reseller_kpi_survey_id")
    def _check_reseller_kpi_survey(self):
        for company in self:
            if company.reseller_kpi_survey_delay_days < 0:
                raise ValidationError(self.env._("The invitation delay cannot be negative (company %s).", company.name))
            if company.reseller_kpi_survey_quiet_days < 0:
                raise ValidationError(self.env._("The quiet period cannot be negative (company %s).", company.name))
            if company.reseller_kpi_survey_delay_days > 365 or company.reseller_kpi_survey_quiet_days > 3650:
                raise ValidationError(
                    self.env._(
                        "The invitation delay can be at most 365 days and the quiet period 3650 days (company %s).",
                        company.name,
                    )
                )
            survey = company.reseller_kpi_survey_id
            if survey and not survey.sudo().question_ids.filtered("reseller_kpi_score_type"):
                raise ValidationError(
                    self.env._(
                        'The survey "%(survey)s" has no NPS, CES or CSAT question: flag at least one question '
                        "with a satisfaction score before sending it to customers (company %(company)s).",
                        survey=survey.title,
                        company=company.name,
                    )
                )
