from odoo import fields, models

from ..engine.satisfaction import SATISFACTION_KPIS


class ResellerKpiValue(models.Model):
    _inherit = "reseller.kpi.value"

    kpi_code = fields.Selection(
        selection_add=[(kpi.code, f"{kpi.code} · {kpi.label}") for kpi in SATISFACTION_KPIS],
        ondelete={kpi.code: "cascade" for kpi in SATISFACTION_KPIS},
    )
