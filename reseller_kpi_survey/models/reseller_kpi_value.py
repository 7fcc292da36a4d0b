from odoo import api, fields, models

from odoo.addons.reseller_kpi.engine.codes import SATISFACTION_CODES

from ..engine.satisfaction import satisfaction_values


class ResellerKpiValue(models.Model):
    _inherit = "reseller.kpi.value"

    kpi_code = fields.Selection(
        selection_add=[(kpi.code, f"{kpi.code} · {kpi.label}") for kpi in SATISFACTION_CODES],
        ondelete={kpi.code: "cascade" for kpi in SATISFACTION_CODES},
    )

    @api.model
    def _compute_period(self, company, period):
        results = super()._compute_period(company, period)
        satisfaction = self.env["reseller.kpi.collector"]._satisfaction(company, period.date_start, period.date_end)
        for (model, res_id), agg in satisfaction.items():
            for code, kpi_value in satisfaction_values(agg).items():
                results[(code, model, res_id)] = kpi_value
        return results
