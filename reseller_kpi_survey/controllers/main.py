from odoo import http
from odoo.http import request


class SatisfactionOptOut(http.Controller):
    """The customer's own way out of the satisfaction surveys, from the link in each invitation.

    The link carries the invitation's secret token. Opening it shows a confirmation; only the
    confirmation (a POST, which mail scanners that follow links do not send) opts the contact out.
    """

    @http.route("/reseller_kpi/survey/opt_out/<string:token>", type="http", auth="public", methods=["GET"])
    def opt_out_page(self, token, **kwargs):
        answer = request.env["survey.user_input"].sudo()._reseller_kpi_from_token(token)
        return request.render("reseller_kpi_survey.opt_out_page", {"answer": answer, "token": token, "done": False})

    # the secret token in the URL is what an attacker lacks: no session, so no CSRF token to check
    @http.route("/reseller_kpi/survey/opt_out/<string:token>", type="http", auth="public", methods=["POST"], csrf=False)
    def opt_out(self, token, **kwargs):
        answer = request.env["survey.user_input"].sudo()._reseller_kpi_from_token(token)
        if answer:
            answer._reseller_kpi_opt_out()
        return request.render("reseller_kpi_survey.opt_out_page", {"answer": answer, "token": token, "done": True})
