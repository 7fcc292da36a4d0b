from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reseller_kpi_inactivity_days = fields.Integer(related="company_id.reseller_kpi_inactivity_days", readonly=False)
    reseller_kpi_activation_days = fields.Integer(related="company_id.reseller_kpi_activation_days", readonly=False)
    reseller_kpi_ontime_tolerance_days = fields.Integer(
        related="company_id.reseller_kpi_ontime_tolerance_days", readonly=False
    )
    reseller_kpi_new_customer_days = fields.Integer(related="company_id.reseller_kpi_new_customer_days", readonly=False)
    reseller_kpi_fixed_cost_tag_ids = fields.Many2many(
        related="company_id.reseller_kpi_fixed_cost_tag_ids", readonly=False
    )
    reseller_kpi_variable_cost_tag_ids = fields.Many2many(
        related="company_id.reseller_kpi_variable_cost_tag_ids", readonly=False
    )
    reseller_kpi_marketing_tag_ids = fields.Many2many(
        related="company_id.reseller_kpi_marketing_tag_ids", readonly=False
    )
    reseller_kpi_report_user_ids = fields.Many2many(related="company_id.reseller_kpi_report_user_ids", readonly=False)
