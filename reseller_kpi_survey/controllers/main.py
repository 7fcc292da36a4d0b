from odoo import http
from odoo.http import request


class SatisfactionOptOut(http.Controller):
    """The customer's own way out of the satisfaction surveys, from the link in each invitation.

    The link carries a token bound to the contact and the company (a signature with the database
    secret), which opens nothing else. Opening it shows a confirmation; only the confirmation (a
    POST, which mail scanners that follow links do not send) opts the contact out.

    The pages are frontend pages (``website=True``, as Odoo's own survey pages): with a website
    installed its layout needs the website, without one the key is ignored.
    """

    def _render(self, partner_id, company_id, token, done):
        contact, company = (
            request.env["res.partner"].sudo()._reseller_kpi_from_opt_out_token(partner_id, company_id, token)
        )
        if done and contact:
            contact._reseller_kpi_opt_out()
        return request.render(
            "reseller_kpi_survey.opt_out_page",
            {
                "contact": contact,
                "company": company,
                "action": f"/reseller_kpi/survey/opt_out/{partner_id}/{company_id}/{token}",
                "done": done,
            },
        )

    @http.route(
        "/reseller_kpi/survey/opt_out/<int:partner_id>/<int:company_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def opt_out_page(self, partner_id, company_id, token, **kwargs):
        return self._render(partner_id, company_id, token, done=False)

    # the signed token in the URL is what an attacker lacks: no session, so no CSRF token to check
    @http.route(
        "/reseller_kpi/survey/opt_out/<int:partner_id>/<int:company_id>/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        website=True,
    )
    def opt_out(self, partner_id, company_id, token, **kwargs):
        return self._render(partner_id, company_id, token, done=True)

    # the links of invitations sent before version 18.0.1.3 carried the answer's access token: they open
    # nothing any more (they would let anyone holding one opt its contact out)
    @http.route(
        "/reseller_kpi/survey/opt_out/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        website=True,
    )
    def opt_out_expired(self, token, **kwargs):
        return request.render(
            "reseller_kpi_survey.opt_out_page",
            {"contact": request.env["res.partner"], "company": request.env["res.company"], "done": False},
        )
