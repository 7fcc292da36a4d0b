from odoo import fields, models

from ..models.reseller_kpi_value import PERIOD_TYPE_SELECTION


class ResellerKpiReportWizard(models.TransientModel):
    _name = "reseller.kpi.report.wizard"
    _description = "Print the management report"

    period_type = fields.Selection(PERIOD_TYPE_SELECTION, string="Period", required=True, default="month")
    day = fields.Date(
        "Period of", required=True, default=fields.Date.context_today, help="Any day of the period to print."
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales team",
        domain="[('company_id', 'in', [company_id, False])]",
        help="Empty: the whole company. Figures without a team (suppliers, finance) stay the company's.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Empty: every salesperson. A salesperson limited to their own documents always gets their own "
        "figures. Figures without a salesperson (suppliers, finance) stay the company's.",
    )

    def _dashboard_filters(self):
        self.ensure_one()
        return (
            self.period_type,
            fields.Date.to_string(self.day),
            "previous",
            self.company_id.id,
            self.team_id.id,
            self.user_id.id,
        )

    def action_print(self):
        return self.env["reseller.kpi.dashboard"].action_print_report(*self._dashboard_filters())

    def action_export_xlsx(self):
        return self.env["reseller.kpi.dashboard"].action_export_xlsx(*self._dashboard_filters())
