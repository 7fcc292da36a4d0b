from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reseller_kpi_survey_id = fields.Many2one(related="company_id.reseller_kpi_survey_id", readonly=False)
    reseller_kpi_survey_trigger = fields.Selection(related="company_id.reseller_kpi_survey_trigger", readonly=False)
    reseller_kpi_survey_delay_days = fields.Integer(related="company_id.reseller_kpi_survey_delay_days", readonly=False)
    reseller_kpi_survey_quiet_days = fields.Integer(related="company_id.reseller_kpi_survey_quiet_days", readonly=False)
