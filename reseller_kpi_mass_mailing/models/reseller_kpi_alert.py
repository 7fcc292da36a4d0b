from odoo import api, models


class ResellerKpiAlert(models.Model):
    _inherit = "reseller.kpi.alert"

    @api.model
    def _dimension_person(self, record):
        """A campaign's figures go to its responsible."""
        if record._name == "utm.campaign":
            return record.user_id
        return super()._dimension_person(record)
