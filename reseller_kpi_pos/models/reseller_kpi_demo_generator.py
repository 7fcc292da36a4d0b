from odoo import Command, api, models
from odoo.tools import SQL, split_every

from odoo.addons.reseller_kpi.models.reseller_kpi_demo_generator import BATCH

from ..demo_generator.pos_plan import build_pos_plan


class ResellerKpiDemoGenerator(models.AbstractModel):
    _inherit = "reseller.kpi.demo.generator"

    def _demo_steps(self):
        return [*super()._demo_steps(), self._demo_till]

    def _demo_till(self, plan, refs):
        """The shop's till: a closed session a week, its tickets (posted, as after the session's
        closing) with their cost, and one refund."""
        company = refs["company"]
        till_plan = build_pos_plan(plan, plan.seed)
        method = self.env["pos.payment.method"].create({"name": "Compte client", "company_id": company.id})
        config = self.env["pos.config"].create(
            {
                "name": "Caisse boutique",
                "company_id": company.id,
                "crm_team_id": refs["teams"]["shop"].id,
                "payment_method_ids": [Command.set(method.ids)],
            }
        )
        Session = self.env["pos.session"]
        sessions = []
        for opened in till_plan.sessions:
            session = Session.create({"config_id": config.id, "user_id": self.env.uid})
            # closed without its accounting entries: the KPIs read the tickets, not the session's journal items
            session.write({"state": "closed", "start_at": self._utc(opened), "stop_at": self._utc(opened)})
            sessions.append(session)
        products, customers, users = refs["products"], refs["customers"], refs["users"]
        # who sells at the till uses the Point of Sale, and so opens the ticket lines behind their figures
        sellers = self.env["res.users"].browse({users[ticket.salesperson].id for ticket in till_plan.tickets})
        sellers.groups_id = [Command.link(self.env.ref("point_of_sale.group_pos_user").id)]
        tickets = []
        for chunk in split_every(BATCH, till_plan.tickets):
            vals_list = []
            for ticket in chunk:
                total = sum(qty * price for _product, qty, price in ticket.lines)
                vals_list.append(
                    {
                        "session_id": sessions[ticket.session].id,
                        "company_id": company.id,
                        "partner_id": customers[ticket.customer].id if ticket.customer >= 0 else False,
                        "user_id": users[ticket.salesperson].id,
                        "amount_total": total,
                        "amount_tax": 0.0,
                        "amount_paid": total,
                        "amount_return": 0.0,
                        "lines": [
                            Command.create(
                                {
                                    "product_id": products[product].id,
                                    "qty": qty,
                                    "price_unit": price,
                                    "price_subtotal": qty * price,
                                    "price_subtotal_incl": qty * price,
                                    "total_cost": qty * plan.products[product].cost,
                                    "is_total_cost_computed": True,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                            for product, qty, price in ticket.lines
                        ],
                    }
                )
            created = self.env["pos.order"].create(vals_list)
            self.env.flush_all()
            self.env.cr.execute(SQL("UPDATE pos_order SET state = 'done' WHERE id = ANY(%s)", created.ids))
            self._set_dates(
                "pos_order",
                "date_order",
                {order.id: self._utc(ticket.date_order) for order, ticket in zip(created, chunk, strict=True)},
            )
            tickets.extend(created)
        for order, ticket in zip(tickets, till_plan.tickets, strict=True):
            if ticket.refund_of is not None:
                refunded = tickets[ticket.refund_of]
                for line, original in zip(order.lines, refunded.lines, strict=True):
                    line.refunded_orderline_id = original
        self.env.invalidate_all()
        refs["till"] = config
        refs["till_plan"] = till_plan

    @api.model
    def _demo_summary(self, refs):
        summary = super()._demo_summary(refs)
        till_plan = refs["till_plan"]
        summary.update(
            till_sessions=len(till_plan.sessions),
            till_tickets=self.env["pos.order"].search_count(
                [("config_id", "=", refs["till"].id), ("state", "=", "done")]
            ),
            till_anonymous=sum(1 for ticket in till_plan.tickets if ticket.customer < 0),
        )
        return summary
