from odoo import api, models
from odoo.tools import SQL

from .reseller_kpi_family_sales import POS_STATES

# the till's record sets beside the sale orders' for each sales code (contract, "Every sales channel
# counts"): the records of both channels add up to each number
POS_RECORDS = {
    "sales.revenue": [("sales:pos_lines", "part", "revenue")],
    "sales.orders": [("sales:pos_orders", "part")],
    "sales.aov": [("sales:pos_lines", "numerator", "revenue"), ("sales:pos_orders", "denominator")],
    "sales.items": [("sales:pos_goods_lines", "part", "items")],
    "margin.amount": [("sales:pos_lines", "part", "margin")],
    "margin.rate": [("sales:pos_lines", "numerator", "margin"), ("sales:pos_lines", "denominator", "revenue")],
    "customers.revenue_per_active": [("sales:pos_lines", "numerator", "revenue")],
    "customers.orders_per_active": [("sales:pos_orders", "numerator")],
    "customers.items_per_active": [("sales:pos_goods_lines", "numerator", "items")],
    "customers.clv": [("sales:pos_lines_365", "numerator", "margin")],
    "finance.variable_costs": [("sales:pos_lines", "part", "cost")],
    "finance.cm_ratio": [("sales:pos_lines", "denominator", "revenue")],
    "finance.safety_margin": [("sales:pos_lines", "denominator", "revenue")],
}


class ResellerKpiCollector(models.AbstractModel):
    _inherit = "reseller.kpi.collector"

    @api.model
    def _kpi_registry(self):
        registry = super()._kpi_registry().widened("sales", ("pos.config",), POS_RECORDS)
        for family in {registry.family_of(code) for code in POS_RECORDS} - {"sales"}:
            registry = registry.widened(family, (), POS_RECORDS)
        return registry

    @api.model
    def _customer_orders(self, company, stop=None):
        """The sale orders and the tickets of a known customer."""
        return SQL(
            """%s
               UNION ALL
               SELECT 'pos'::varchar, po.id, p.commercial_partner_id, till.crm_team_id, po.user_id, po.date_order
                 FROM pos_order po
                 JOIN pos_config till ON till.id = po.config_id
                 JOIN res_partner p ON p.id = po.partner_id
                WHERE po.state IN %s AND po.company_id = %s%s""",
            super()._customer_orders(company, stop),
            POS_STATES,
            company.id,
            SQL(" AND po.date_order < %s", stop) if stop else SQL(),
        )

    @api.model
    def _touched_dates(self, company, since):
        """A ticket written since the last run changes the periods of its date."""
        return [
            *super()._touched_dates(company, since),
            SQL(
                "SELECT MIN(date_order) FROM pos_order WHERE company_id = %s AND write_date >= %s",
                company.id,
                since,
            ),
        ]
