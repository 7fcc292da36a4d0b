from odoo import models

from odoo.addons.reseller_kpi.models.reseller_kpi_value import family_selection_fields

from ..engine.shop import SHOP


class ResellerKpiCoded(models.AbstractModel):
    """The web shop codes on every record of a code: values, targets, alerts and their firings."""

    _inherit = "reseller.kpi.coded"

    kpi_code, kpi_family = family_selection_fields(SHOP)
