from odoo import fields, models

from ..engine.satisfaction import SATISFACTION


class DigestDigest(models.Model):
    _inherit = "digest.digest"

    kpi_reseller_nps = fields.Boolean(SATISFACTION.kpi("survey.nps").label)
    kpi_reseller_nps_value = fields.Float(compute="_compute_kpi_reseller_nps_value")

    def _reseller_kpi_digest_codes(self):
        return {**super()._reseller_kpi_digest_codes(), "kpi_reseller_nps": "survey.nps"}

    def _compute_kpi_reseller_nps_value(self):
        self._reseller_kpi_compute_digest_value("kpi_reseller_nps")
