from werkzeug.exceptions import BadRequest, Forbidden

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _id(value):
    """An id from the query string: digits become an int; anything else is left for the checks to refuse."""
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else value or None


class ResellerKpiController(http.Controller):
    @http.route("/reseller_kpi/management_report.xlsx", type="http", auth="user", methods=["GET"], readonly=True)
    def management_report_xlsx(self, period_type="month", day=None, company_id=None, team_id=None, user_id=None):
        """The management report of the dashboard's filters as an Excel workbook, for the logged-in user
        (their rights apply, as in the PDF); a bad argument gets the dashboard's one-sentence answer."""
        user = request.env.user
        company_id = _id(company_id)
        # the companies the user works in, the one asked for (or their current one) first
        first = company_id if company_id in user.company_ids.ids else user.company_id.id
        env = request.env(context=dict(request.env.context, allowed_company_ids=[first, *(user.company_ids.ids)]))
        try:
            content, filename = env["reseller.kpi.dashboard"]._management_report_xlsx(
                period_type, day or None, company_id, _id(team_id), _id(user_id)
            )
        except AccessError as error:
            raise Forbidden(str(error)) from error
        except UserError as error:
            raise BadRequest(str(error)) from error
        return request.make_response(
            content,
            headers=[("Content-Type", XLSX_MIMETYPE), ("Content-Disposition", content_disposition(filename))],
        )
