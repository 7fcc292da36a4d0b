from odoo import fields, models

NPS_CATEGORIES = [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")]


class ResPartner(models.Model):
    _inherit = "res.partner"

    reseller_kpi_survey_opt_out = fields.Boolean(
        "No satisfaction surveys",
        help="Never send satisfaction survey invitations to this contact (or, on a company, to any of its contacts).",
    )
    # per company, written set-wise by the KPI refresh and when an answer is completed
    reseller_kpi_last_nps = fields.Integer(
        "Last NPS answer", company_dependent=True, groups="reseller_kpi.group_user", readonly=True
    )
    reseller_kpi_last_nps_date = fields.Date(
        "Last NPS answer on", company_dependent=True, groups="reseller_kpi.group_user", readonly=True
    )
    reseller_kpi_nps_category = fields.Selection(
        NPS_CATEGORIES,
        "NPS category",
        company_dependent=True,
        groups="reseller_kpi.group_user",
        readonly=True,
        help="Of the customer's last answer to an NPS question: promoter 9-10, passive 7-8, detractor 0-6.",
    )
