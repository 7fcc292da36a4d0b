from odoo import api, fields, models


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    reseller_kpi_is_satisfaction = fields.Boolean(
        "Satisfaction survey",
        compute="_compute_reseller_kpi_is_satisfaction",
        store=True,
        help="At least one question measures NPS, CES or CSAT: its answers feed the satisfaction KPIs "
        "and KPI users may read them. The answers of other surveys stay private.",
    )

    @api.depends("question_and_page_ids.reseller_kpi_score_type")
    def _compute_reseller_kpi_is_satisfaction(self):
        for survey in self:
            survey.reseller_kpi_is_satisfaction = any(survey.question_and_page_ids.mapped("reseller_kpi_score_type"))
