from odoo import api, fields, models
from odoo.tools import consteq
from odoo.tools.misc import hmac

OPT_OUT_SCOPE = "reseller_kpi_survey.opt_out"

NPS_CATEGORIES = [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")]


class ResPartner(models.Model):
    _inherit = "res.partner"

    reseller_kpi_survey_opt_out = fields.Boolean(
        "No satisfaction surveys",
        help="Never send satisfaction survey invitations to this contact (or, on a company, to any of its contacts).",
    )
    # per company, written set-wise by the KPI refresh and when an answer is completed
    reseller_kpi_last_nps = fields.Integer(
        "Last NPS answer", company_dependent=True, groups="reseller_kpi.group_user", readonly=True
    )
    reseller_kpi_last_nps_date = fields.Date(
        "Last NPS answer on", company_dependent=True, groups="reseller_kpi.group_user", readonly=True
    )
    reseller_kpi_nps_category = fields.Selection(
        NPS_CATEGORIES,
        "NPS category",
        company_dependent=True,
        groups="reseller_kpi.group_user",
        readonly=True,
        help="Of the customer's last answer to an NPS question: promoter 9-10, passive 7-8, detractor 0-6.",
    )

    # ------------------------------------------------------------------ opting out
    def _reseller_kpi_opt_out_token(self, company):
        """A signature of (contact, company) with the database secret: the opt-out link's only key."""
        self.ensure_one()
        return hmac(self.env(su=True), OPT_OUT_SCOPE, f"{self.id}:{company.id}")

    def _reseller_kpi_opt_out_path(self, company):
        self.ensure_one()
        return f"/reseller_kpi/survey/opt_out/{self.id}/{company.id}/{self._reseller_kpi_opt_out_token(company)}"

    @api.model
    def _reseller_kpi_from_opt_out_token(self, partner_id, company_id, token):
        """(contact, company) of an opt-out link, or two empty recordsets when the token does not match."""
        partner = self.browse(partner_id).exists()
        company = self.env["res.company"].browse(company_id).exists()
        if not (partner and company and token and consteq(partner._reseller_kpi_opt_out_token(company), token)):
            return self.browse(), self.env["res.company"]
        return partner, company

    def _reseller_kpi_opt_out(self):
        """These contacts receive no satisfaction survey any more (noted on their chatter)."""
        partners = self.filtered(lambda p: not p.reseller_kpi_survey_opt_out)
        partners.reseller_kpi_survey_opt_out = True
        for partner in partners:
            partner.message_post(body=self.env._("Asked for no more satisfaction surveys (link in an invitation)."))
