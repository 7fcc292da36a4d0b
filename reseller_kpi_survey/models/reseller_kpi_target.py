from odoo import fields, models

from ..engine.satisfaction import SATISFACTION_KPIS


class ResellerKpiTarget(models.Model):
    _inherit = "reseller.kpi.target"

    kpi_code = fields.Selection(
        selection_add=[(kpi.code, f"{kpi.code} · {kpi.label}") for kpi in SATISFACTION_KPIS],
        ondelete={kpi.code: "cascade" for kpi in SATISFACTION_KPIS},
    )
