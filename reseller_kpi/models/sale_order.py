from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _prepare_confirmation_values(self):
        values = super()._prepare_confirmation_values()
        # the demo generator confirms orders of the past: keep their order date
        # (and so their currency rate) instead of stamping "now"
        if self.env.context.get("reseller_kpi_keep_date_order"):
            values.pop("date_order", None)
        return values
