from odoo import fields, models

from odoo.addons.reseller_kpi.engine.codes import SATISFACTION_CODES


class ResellerKpiTarget(models.Model):
    _inherit = "reseller.kpi.target"

    kpi_code = fields.Selection(
        selection_add=[(kpi.code, f"{kpi.code} · {kpi.label}") for kpi in SATISFACTION_CODES],
        ondelete={kpi.code: "cascade" for kpi in SATISFACTION_CODES},
    )
