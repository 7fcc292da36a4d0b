from odoo import api, models


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    def _eval_context(self):
        context = super()._eval_context()
        # the KPI families the user may read, from the registry: each family says which groups read it,
        # so the rules on values, targets and days name no family (an add-on's family needs no rule)
        context["reseller_kpi_families"] = self.env["reseller.kpi.collector"]._readable_families()
        return context
