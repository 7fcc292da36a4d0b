from datetime import datetime, time, timedelta

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.reseller_kpi.engine.periods import period_of


@tagged("post_install", "-at_install")
class TestShopUi(HttpCase):
    def test_manager_opens_the_abandoned_carts(self):
        """Last month: three carts of the company's website, one confirmed, two left."""
        company = self.env.company
        new_test_user(
            self.env, "rk_tour_shop", groups="sales_team.group_sale_salesman_all_leads", name="Tour Shop Seller"
        )
        Value = self.env["reseller.kpi.value"]
        previous = period_of(Value._today(company), "month").previous()
        website = self.env["website"].create({"name": "Tour shop", "company_id": company.id})
        product = self.env["product.product"].create({"name": "Tour product", "type": "consu"})
        when = datetime.combine(previous.date_start + timedelta(days=9), time(9, 0))
        for name, state in (("Tour buyer", "sale"), ("Tour left one", "draft"), ("Tour left two", "draft")):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.env["res.partner"].create({"name": name}).id,
                    "website_id": website.id,
                    "order_line": [Command.create({"product_id": product.id, "price_unit": 10.0})],
                }
            )
            order.flush_recordset()
            self.env.cr.execute(
                SQL(
                    "UPDATE sale_order SET state = %s, create_date = %s, date_order = %s WHERE id = %s",
                    state,
                    when,
                    when,
                    order.id,
                )
            )
        self.env.invalidate_all()
        Value._refresh(company, [previous], refresh_records=False)
        self.start_tour("/odoo", "reseller_kpi_shop_tour", login="rk_tour_shop")
