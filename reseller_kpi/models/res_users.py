from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    reseller_kpi_report_xlsx = fields.Boolean(
        "Management report also in Excel",
        help="The monthly management report mail also carries the report as an Excel workbook.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "reseller_kpi_report_xlsx"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        # each recipient chooses in their own preferences
        return [*super().SELF_WRITEABLE_FIELDS, "reseller_kpi_report_xlsx"]
