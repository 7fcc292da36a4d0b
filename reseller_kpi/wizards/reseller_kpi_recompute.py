from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class ResellerKpiRecompute(models.TransientModel):
    _name = "reseller.kpi.recompute"
    _description = "Recompute reseller KPI history"

    def _default_date_from(self):
        return fields.Date.context_today(self) + relativedelta(months=-23, day=1)

    date_from = fields.Date("From", required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date("To", required=True, default=fields.Date.context_today)
    do_week = fields.Boolean("Weeks")
    do_month = fields.Boolean("Months", default=True)
    do_quarter = fields.Boolean("Quarters", default=True)
    do_year = fields.Boolean("Years", default=True)
    company_ids = fields.Many2many(
        "res.company", string="Companies", required=True, default=lambda self: self.env.companies
    )

    @api.model
    def _period_types(self, record):
        return [name for name in ("week", "month", "quarter", "year") if record[f"do_{name}"]]

    def action_recompute(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The end date comes before the start date."))
        period_types = self._period_types(self)
        if not period_types:
            raise UserError(self.env._("Choose at least one kind of period to recompute."))
        job, ahead = self.env["reseller.kpi.recompute.job"]._request(
            self.company_ids, self.date_from, self.date_to, period_types
        )
        if ahead:
            message = self.env._(
                "%(periods)s periods queued behind %(ahead)s request(s) still running: you will get a message "
                "when they are recomputed.",
                periods=job.total - len(self.company_ids),
                ahead=ahead,
            )
        else:
            message = self.env._(
                "%(periods)s periods are being recomputed in the background: you will get a message when they are "
                "done. The previous values stay until each period is replaced.",
                periods=job.total - len(self.company_ids),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Reseller KPIs"),
                "message": message,
                "type": "info",
                "sticky": False,
                "next": self.env["ir.actions.actions"]._for_xml_id("reseller_kpi.reseller_kpi_recompute_job_action"),
            },
        }
