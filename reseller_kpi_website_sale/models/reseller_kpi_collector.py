from odoo import api, models
from odoo.tools import SQL

from ..engine.shop import SHOP


class ResellerKpiCollector(models.AbstractModel):
    _inherit = "reseller.kpi.collector"

    @api.model
    def _kpi_registry(self):
        return super()._kpi_registry().extended(SHOP)

    @api.model
    def _touched_dates(self, company, since):
        """A cart written since the last run changes the period it was created in; a page view and a
        sign-up the period they happened in. (Orders already bring their own dates back.)"""
        return [
            *super()._touched_dates(company, since),
            SQL(
                """SELECT MIN(create_date) FROM sale_order
                    WHERE company_id = %s AND website_id IS NOT NULL AND write_date >= %s""",
                company.id,
                since,
            ),
            SQL(
                """SELECT MIN(t.visit_datetime) FROM website_track t
                     JOIN website_visitor v ON v.id = t.visitor_id
                     JOIN website w ON w.id = v.website_id
                    WHERE w.company_id = %s AND t.visit_datetime >= %s""",
                company.id,
                since,
            ),
            SQL("SELECT MIN(create_date) FROM res_users WHERE share AND create_date >= %s", since),
        ]
