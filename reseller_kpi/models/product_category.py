from odoo import fields, models


class ProductCategory(models.Model):
    """Revenue and margin of the last 365 days, this category and its descendants, per company."""

    _inherit = "product.category"

    reseller_kpi_revenue_12m = fields.Float(
        "Revenue (365 days)",
        company_dependent=True,
        groups="reseller_kpi.group_company_figures",
        readonly=True,
        digits="Account",
    )
    reseller_kpi_margin_12m = fields.Float(
        "Margin (365 days)",
        company_dependent=True,
        groups="reseller_kpi.group_company_figures",
        readonly=True,
        digits="Account",
    )
    reseller_kpi_margin_rate_12m = fields.Float(
        "Margin rate (%)",
        company_dependent=True,
        groups="reseller_kpi.group_company_figures",
        readonly=True,
        digits=(16, 1),
    )
