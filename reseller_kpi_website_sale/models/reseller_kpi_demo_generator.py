import uuid

from odoo import Command, api, models
from odoo.tools import SQL, split_every

from odoo.addons.reseller_kpi.models.reseller_kpi_demo_generator import BATCH

from ..demo_generator.shop_plan import build_shop_plan


class ResellerKpiDemoGenerator(models.AbstractModel):
    _inherit = "reseller.kpi.demo.generator"

    def _demo_steps(self):
        return [*super()._demo_steps(), self._demo_shop]

    def _demo_shop(self, plan, refs):
        """The demo's web shop: its website, the Web team's orders as its orders, the carts left,
        the visits with their page and product views, and the portal sign-ups."""
        company = refs["company"]
        shop_plan = build_shop_plan(plan, plan.seed)
        shop = {"name": "Comptoir Numérique — boutique", "cart_abandoned_delay": 24.0}
        website = self.env["website"].search([("company_id", "=", company.id)], limit=1)
        if website:
            website.write(shop)
        else:
            website = self.env["website"].create(dict(shop, company_id=company.id))
        orders = refs["orders"]
        web = {orders[index][0].id: self._utc(orders[index][1].date_order) for index in shop_plan.web_orders}
        self.env.cr.execute(SQL("UPDATE sale_order SET website_id = %s WHERE id = ANY(%s)", website.id, list(web)))
        self._set_dates("sale_order", "create_date", web)
        # the carts left: quotations of the shop, created on their day
        products, customers = refs["products"], refs["customers"]
        carts = self.env["sale.order"]
        for chunk in split_every(BATCH, shop_plan.abandoned):
            created = (
                self.env["sale.order"]
                .with_context(reseller_kpi_keep_date_order=True)
                .create(
                    [
                        {
                            "partner_id": customers[cart.customer].id,
                            "website_id": website.id,
                            "date_order": self._utc(cart.created_at),
                            "team_id": refs["teams"]["web"].id,
                            "order_line": [
                                Command.create({"product_id": products[product].id, "product_uom_qty": qty})
                                for product, qty in cart.lines
                            ],
                        }
                        for cart in chunk
                    ]
                )
            )
            self.env.flush_all()
            self._set_dates(
                "sale_order",
                "create_date",
                {order.id: self._utc(cart.created_at) for order, cart in zip(created, chunk, strict=True)},
            )
            carts |= created
        # visitors and their tracked pages, on their days
        Visitor, Track = self.env["website.visitor"], self.env["website.track"]
        for chunk in split_every(BATCH, shop_plan.visits):
            visitors = Visitor.create(
                [
                    {
                        "access_token": uuid.uuid4().hex,
                        "website_id": website.id,
                        "last_connection_datetime": self._utc(visit.pages[-1][0]),
                    }
                    for visit in chunk
                ]
            )
            Track.create(
                [
                    {
                        "visitor_id": visitor.id,
                        "visit_datetime": self._utc(moment),
                        "product_id": products[product].id if product is not None else False,
                        "url": f"/shop/{products[product].id}" if product is not None else "/shop",
                    }
                    for visitor, visit in zip(visitors, chunk, strict=True)
                    for moment, product in visit.pages
                ]
            )
            self.env.flush_all()
            self._set_dates(
                "website_visitor",
                "create_date",
                {visitor.id: self._utc(visit.pages[0][0]) for visitor, visit in zip(visitors, chunk, strict=True)},
            )
        # portal sign-ups, the day before the first web order
        portal = self.env.ref("base.group_portal")
        users = self.env["res.users"].with_context(no_reset_password=True)
        signups = {}
        for customer, moment in shop_plan.signups.items():
            partner = customers[customer]
            user = users.create(
                {
                    "name": partner.name,
                    "login": f"portail.{plan.customers[customer].ref.lower()}@example.com",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "website_id": website.id,
                    "groups_id": [Command.set(portal.ids)],
                }
            )
            signups[user.id] = self._utc(moment)
        self.env.flush_all()
        self._set_dates("res_users", "create_date", signups)
        refs["website"] = website
        refs["shop_plan"] = shop_plan
        refs["abandoned_carts"] = carts

    @api.model
    def _demo_summary(self, refs):
        summary = super()._demo_summary(refs)
        shop_plan = refs["shop_plan"]
        summary.update(
            web_orders=len(shop_plan.web_orders),
            carts_left=len(refs["abandoned_carts"]),
            visits=len(shop_plan.visits),
            signups=len(shop_plan.signups),
        )
        return summary
