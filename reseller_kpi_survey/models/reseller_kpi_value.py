from odoo import models

from odoo.addons.reseller_kpi.models.reseller_kpi_value import family_selection_fields

from ..engine.satisfaction import SATISFACTION


class ResellerKpiValue(models.Model):
    _inherit = "reseller.kpi.value"

    kpi_code, kpi_family = family_selection_fields(SATISFACTION)
