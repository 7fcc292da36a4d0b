from odoo import api, fields, models

from ..engine.codes import REGISTRY

# the key is the contract's code; the label adds its name, translated like any selection
KPI_CODE_SELECTION = REGISTRY.selection()
KPI_FAMILY_SELECTION = [(family.name, family.label) for family in REGISTRY.families.values()]


class ResellerKpiCoded(models.AbstractModel):
    """A record about one KPI code: stored values, targets, alerts and their firings.

    The code selection is the registry's; an add-on declaring a family extends this mixin once
    (``kpi_code, kpi_family = family_selection_fields(FAMILY)``) and every model of a code knows
    its codes, with its values, targets and alerts dropped when it is uninstalled."""

    _name = "reseller.kpi.coded"
    _description = "Reseller KPI code"

    kpi_code = fields.Selection(KPI_CODE_SELECTION, string="KPI code", required=True, index=True)
    kpi_family = fields.Selection(
        KPI_FAMILY_SELECTION, string="KPI family", compute="_compute_kpi_family", store=True, index=True
    )

    @api.depends("kpi_code")
    def _compute_kpi_family(self):
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        for record in self:
            record.kpi_family = registry.family_of(record.kpi_code) if record.kpi_code else False
