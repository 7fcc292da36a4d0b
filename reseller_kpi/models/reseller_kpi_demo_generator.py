"""Materialise the demo reseller plan through the ORM, batch by batch.

The plan (``demo_generator/plan.py``) decides everything; this layer creates
records with the ORM in batches, confirms and validates them with Odoo's own
methods, then moves the dates the ORM stamps with "now" (confirmation,
validation, closing) back to the plan's dates with one parameterised UPDATE
per batch, which leaves the database as if the ORM had run on those days.
"""

import logging
from datetime import datetime, time

import pytz

from odoo import Command, api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, split_every

from ..demo_generator.dropship_plan import build_dropship_plan
from ..demo_generator.plan import SALESPEOPLE, SOURCES, TEAMS, VENDORS, build_plan
from ..engine.periods import periods_between

_logger = logging.getLogger(__name__)

BATCH = 200
DONE_PARAM = "reseller_kpi.demo_generated"
TZ = "Europe/Paris"


class ResellerKpiDemoGenerator(models.AbstractModel):
    _name = "reseller.kpi.demo.generator"
    _description = "Reseller KPI demo data generator"

    # ------------------------------------------------------------ entry point

    @api.model
    def generate(self, seed=42, scale=1.0, months=24, end_date=None, history=True):
        """Create the demo reseller in the current company; return a summary
        of counts and totals read back from the database.

        With `history`, the KPI history of every month, quarter and year of
        the plan is computed too, so the demo opens with it."""
        if not self.env.is_superuser() and not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only an administrator can generate the demo reseller."))
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(DONE_PARAM):
            raise UserError(
                self.env._(
                    "The demo reseller was already generated in this database (%s).", params.get_param(DONE_PARAM)
                )
            )
        found = self._business_data()
        if found:
            raise UserError(
                self.env._(
                    "This database already holds business data (%s): generate the demo reseller in an empty "
                    "database, so that none of your records is mixed with invented ones.",
                    ", ".join(found),
                )
            )
        plan = build_plan(seed=seed, scale=scale, months=months, end_date=end_date)
        self = self.sudo().with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            no_reset_password=True,
        )
        company = self._demo_company()
        self = self.with_company(company)
        refs = {"company": company}
        for step in self._demo_steps():
            _logger.info("demo reseller: %s", step.__name__)
            step(plan, refs)
            self.env.flush_all()
        params.set_param(DONE_PARAM, f"seed={seed} scale={scale} months={months} end={plan.end}")
        if history:
            _logger.info("demo reseller: KPI history")
            # the records above are not committed yet, so autovacuum has not measured the tables: without
            # statistics the planner takes them for nearly empty and joins a range's receipts to its purchase
            # lines by a nested loop (12 months of a scale-1 demo took 92 s instead of a few)
            self.env.cr.execute(SQL("ANALYZE"))
            failures = (
                self.env["reseller.kpi.value"]
                .with_context(reseller_kpi_no_commit=True)
                ._refresh(company, periods_between(plan.start, plan.end, ("month", "quarter", "year")))
            )
            if failures:
                raise UserError(self.env._("The KPI history of the demo could not be computed: %s", failures[0][2]))
        return self._demo_summary(refs)

    def _demo_steps(self):
        """The generation steps, in order; each takes (plan, refs). Add-ons append their own."""
        return [
            self._demo_currencies,
            self._demo_sales_organisation,
            self._demo_catalogue,
            self._demo_customers,
            self._demo_sale_orders,
            self._demo_deliveries,
            self._demo_purchases,
            self._demo_dropship,
            self._demo_leads,
            self._demo_expenses,
        ]

    # -------------------------------------------------------------- helpers

    def _utc(self, local):
        """Naive local datetime (company time zone) -> naive UTC datetime."""
        if local is None:
            return False
        if not isinstance(local, datetime):
            local = datetime.combine(local, time(12, 0))
        return pytz.timezone(TZ).localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _set_dates(self, table, column, values, key="id"):
        """UPDATE table SET column = v.value FROM (VALUES ...) v WHERE table.key = v.id,
        with every value passed as a query parameter."""
        for chunk in split_every(1000, values.items()):
            rows = SQL(", ").join(SQL("(%s, %s::timestamp)", rid, value) for rid, value in chunk)
            self.env.cr.execute(
                SQL(
                    "UPDATE %s AS t SET %s = v.value FROM (VALUES %s) AS v(rid, value) WHERE t.%s = v.rid",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    rows,
                    SQL.identifier(key),
                )
            )

    def _business_data(self):
        """What the database holds beyond Odoo's own records: ["3 sale orders", ...], empty when nothing."""
        env = self.sudo().with_context(active_test=False).env
        counts = [
            (env["sale.order"].search_count([]), self.env._("sale orders")),
            (env["purchase.order"].search_count([]), self.env._("purchase orders")),
            (env["crm.lead"].search_count([]), self.env._("leads")),
            (env["account.move.line"].search_count([]), self.env._("journal items")),
        ]
        # partners of Odoo's own: those of companies and users, and those created by a module's data
        env.cr.execute(
            SQL(
                """SELECT COUNT(*) FROM res_partner p
                    WHERE NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
                      AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
                      AND NOT EXISTS (SELECT 1 FROM ir_model_data d
                                       WHERE d.model = 'res.partner' AND d.res_id = p.id)"""
            )
        )
        counts.append((env.cr.fetchone()[0], self.env._("partners")))
        return [f"{count} {label}" for count, label in counts if count]

    # ---------------------------------------------------------------- steps

    def _demo_company(self):
        company = self.env.company
        if self.env["sale.order"].search_count([("company_id", "=", company.id)], limit=1):
            raise UserError(
                self.env._(
                    "The company %s already has sale orders: generate the demo reseller in an empty database.",
                    company.name,
                )
            )
        eur = self.env.ref("base.EUR")
        eur.active = True
        vals = {
            "name": "Comptoir Numérique SARL",
            "country_id": self.env.ref("base.fr").id,
            "city": "Lyon",
            "email": "contact@comptoir-numerique.example",
        }
        if company.currency_id != eur:
            vals["currency_id"] = eur.id
        if "stock_move_sms_validation" in company._fields:
            # Odoo's stock_sms would text every invented customer at each delivery through Odoo's SMS service
            vals["stock_move_sms_validation"] = False
        company.write(vals)
        company.partner_id.tz = TZ
        self.env.user.tz = TZ
        return company

    def _demo_currencies(self, plan, refs):
        usd = self.env.ref("base.USD")
        usd.active = True
        company = refs["company"]
        existing = self.env["res.currency.rate"].search([("currency_id", "=", usd.id), ("company_id", "=", company.id)])
        existing.unlink()
        self.env["res.currency.rate"].create(
            [
                {"currency_id": usd.id, "company_id": company.id, "name": month, "rate": rate}
                for month, rate in plan.usd_rates.items()
            ]
        )
        Pricelist = self.env["product.pricelist"]
        refs["pricelist_eur"] = Pricelist.create({"name": "Tarif public", "currency_id": company.currency_id.id})
        refs["pricelist_usd"] = Pricelist.create({"name": "Export (USD)", "currency_id": usd.id})

    def _demo_sales_organisation(self, plan, refs):
        company = refs["company"]
        salesman_group = self.env.ref("sales_team.group_sale_salesman")
        users = self.env["res.users"].create(
            [
                {
                    "name": name,
                    "login": name.lower().replace(" ", ".") + "@comptoir-numerique.example",
                    "email": name.lower().replace(" ", ".") + "@comptoir-numerique.example",
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set([self.env.ref("base.group_user").id, salesman_group.id])],
                    "tz": TZ,
                }
                for name, _team in SALESPEOPLE
            ]
        )
        refs["users"] = users
        teams = {}
        for name, code in TEAMS:
            members = [u.id for u, (_n, t) in zip(users, SALESPEOPLE) if t == code]
            teams[code] = self.env["crm.team"].create(
                {
                    "name": name,
                    "company_id": company.id,
                    "user_id": members[0],
                    "member_ids": [Command.set(members)],
                }
            )
        refs["teams"] = teams
        Source = self.env["utm.source"]
        refs["sources"] = {
            name: Source.search([("name", "=", name)], limit=1) or Source.create({"name": name}) for name in SOURCES
        }

    def _demo_catalogue(self, plan, refs):
        Category = self.env["product.category"]
        root = self.env.ref("product.product_category_all")
        categories = {}
        for product in plan.products:
            path = product.category or ()
            parent = root
            for depth in range(len(path)):
                key = path[: depth + 1]
                if key not in categories:
                    categories[key] = Category.create({"name": key[-1], "parent_id": parent.id})
                parent = categories[key]
        refs["categories"] = categories
        vendors = self.env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "supplier_rank": 1,
                    "country_id": self.env.ref("base.fr").id,
                    "email": f"commandes@{name.lower().split()[0].replace(chr(39), '')}.example",
                }
                for name, _behaviour, _lead in VENDORS
            ]
        )
        refs["vendors"] = vendors
        vals_list = []
        for product in plan.products:
            vals = {
                "name": product.name,
                "default_code": product.ref,
                "type": "service" if product.service else "consu",
                "categ_id": categories[product.category].id if product.category else root.id,
                "list_price": product.price,
                "standard_price": product.cost,
                "sale_delay": product.sale_delay,
                "invoice_policy": "order",
            }
            if not product.service:
                vals["seller_ids"] = [
                    Command.create(
                        {
                            "partner_id": vendors[product.vendor].id,
                            "price": product.cost,
                            "delay": VENDORS[product.vendor][2],
                        }
                    )
                ]
                vals["purchase_method"] = "receive"
            vals_list.append(vals)
        refs["products"] = self.env["product.product"].create(vals_list)

    def _demo_customers(self, plan, refs):
        fr, us = self.env.ref("base.fr"), self.env.ref("base.us")
        Partner = self.env["res.partner"]
        companies = Partner.browse()
        for chunk in split_every(BATCH, plan.customers):
            companies |= Partner.create(
                [
                    {
                        "name": customer.name,
                        "ref": customer.ref,
                        "is_company": True,
                        "customer_rank": 1,
                        "city": "New York" if customer.usd else customer.city,
                        "zip": ("10001" if customer.usd else customer.zip) if customer.zip else False,
                        "country_id": (us if customer.usd else fr).id,
                        "email": customer.email or False,
                        "phone": customer.phone or False,
                        "vat": customer.vat or False,
                        "user_id": refs["users"][customer.salesperson].id,
                        "property_product_pricelist": (
                            refs["pricelist_usd"] if customer.usd else refs["pricelist_eur"]
                        ).id,
                    }
                    for customer in chunk
                ]
            )
        contact_vals = []
        for customer, company in zip(plan.customers, companies):
            for position, name in enumerate(customer.contacts):
                contact_vals.append(
                    {
                        "name": name,
                        "parent_id": company.id,
                        "type": "contact",
                        "email": f"{name.split()[0].lower()}.{position}@{customer.ref.lower()}.example",
                    }
                )
        contacts = Partner.browse()
        for chunk in split_every(BATCH, contact_vals):
            contacts |= Partner.create(chunk)
        # data quality: a few blacklisted addresses and older duplicate records (same e-mail and VAT)
        for customer in plan.customers:
            if customer.blacklisted:
                self.env["mail.blacklist"].sudo()._add(customer.email, message="Demo: asked to receive no e-mail")
        twins = [(customer, company) for customer, company in zip(plan.customers, companies) if customer.twin]
        if twins:
            Partner.create(
                [
                    {
                        "name": customer.name.upper(),
                        "is_company": True,
                        "city": company.city,
                        "country_id": company.country_id.id,
                        "email": customer.email or False,
                        "vat": customer.vat or False,
                    }
                    for customer, company in twins
                ]
            )
        refs["customers"] = companies
        refs["contacts"] = {}
        for contact in contacts:
            refs["contacts"].setdefault(contact.parent_id.id, []).append(contact)

    def _demo_sale_orders(self, plan, refs):
        SaleOrder = self.env["sale.order"].with_context(reseller_kpi_keep_date_order=True)
        products, customers = refs["products"], refs["customers"]
        refs["orders"] = []
        for chunk in split_every(BATCH, plan.orders):
            vals_list = []
            for order in chunk:
                customer = plan.customers[order.customer]
                company_partner = customers[order.customer]
                contacts = refs["contacts"].get(company_partner.id, [])
                partner = contacts[order.contact] if 0 <= order.contact < len(contacts) else company_partner
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "date_order": self._utc(order.date_order),
                        "pricelist_id": (refs["pricelist_usd"] if order.usd else refs["pricelist_eur"]).id,
                        "team_id": refs["teams"][customer.team].id,
                        "user_id": refs["users"][customer.salesperson].id,
                        "source_id": refs["sources"][customer.source].id,
                        "commitment_date": self._utc(order.commitment_date),
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": products[line.product].id,
                                    "product_uom_qty": line.qty,
                                    "price_unit": line.price,
                                }
                            )
                            for line in order.lines
                        ],
                    }
                )
            records = SaleOrder.create(vals_list)
            states = {so.id: order.state for so, order in zip(records, chunk)}
            SaleOrder.browse([sid for sid, state in states.items() if state != "draft"]).action_confirm()
            to_cancel = SaleOrder.browse([sid for sid, state in states.items() if state == "cancel"])
            to_cancel.with_context(disable_cancel_warning=True).action_cancel()
            refs["orders"].extend(zip(records, chunk))
            self.env.flush_all()
            self.env.invalidate_all()

    def _demo_deliveries(self, plan, refs):
        """Validate the delivery of each delivered order, then date it."""
        todo = [(record, order) for record, order in refs["orders"] if order.delivery_date]
        for chunk in split_every(BATCH, todo):
            dates = {}
            pickings = self.env["stock.picking"]
            for record, order in chunk:
                for picking in record.picking_ids.filtered(lambda p: p.state not in ("done", "cancel")):
                    pickings |= picking
                    dates[picking.id] = self._utc(order.delivery_date)
            self._validate_pickings(pickings, dates)

    def _validate_pickings(self, pickings, dates, quantities=None):
        """Mark `pickings` done (with `quantities` {move id: qty}, else their demand)
        and move their dates to `dates` {picking id: utc datetime}."""
        if not pickings:
            return
        moves = pickings.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        for move in moves:
            qty = quantities.get(move.id, 0.0) if quantities is not None else move.product_uom_qty
            if move.quantity != qty:
                move.quantity = qty
        moves.picked = True
        pickings._action_done()
        self.env.flush_all()
        self._set_dates("stock_picking", "date_done", dates)
        self._set_dates("stock_move", "date", dates, key="picking_id")
        self._set_dates("stock_move_line", "date", dates, key="picking_id")
        self.env.invalidate_all()

    def _demo_purchases(self, plan, refs):
        products, vendors = refs["products"], refs["vendors"]
        PurchaseOrder = self.env["purchase.order"]
        records = []
        for chunk in split_every(BATCH, plan.purchases):
            created = PurchaseOrder.create(
                [
                    {
                        "partner_id": vendors[purchase.vendor].id,
                        "date_order": self._utc(purchase.date_approve),
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": products[line.product].id,
                                    "product_qty": line.qty,
                                    "price_unit": line.price,
                                    "date_planned": self._utc(line.date_planned),
                                }
                            )
                            for line in purchase.lines
                        ],
                    }
                    for purchase in chunk
                ]
            )
            created.button_confirm()
            self.env.flush_all()
            self._set_dates(
                "purchase_order", "date_approve", {po.id: self._utc(p.date_approve) for po, p in zip(created, chunk)}
            )
            self._set_dates(
                "purchase_order", "date_order", {po.id: self._utc(p.date_approve) for po, p in zip(created, chunk)}
            )
            records.extend(zip(created, chunk))
        self.env.invalidate_all()
        # receipts in rounds: every first receipt, then every backorder
        for round_index in (0, 1):
            todo = [(po, p) for po, p in records if len(p.receipts) > round_index]
            for chunk in split_every(BATCH, todo):
                pickings, dates, quantities = self.env["stock.picking"], {}, {}
                for po, purchase in chunk:
                    when, qties = purchase.receipts[round_index]
                    picking = po.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))[:1]
                    if not picking:
                        continue
                    pickings |= picking
                    dates[picking.id] = self._utc(when)
                    for move in picking.move_ids:
                        index = [line.id for line in po.order_line].index(move.purchase_line_id.id)
                        quantities[move.id] = qties.get(index, 0.0)
                # what is not received in the first round stays in a backorder
                self._validate_pickings(pickings, dates, quantities)
        # returns to the vendor
        for po, purchase in records:
            for when, qties in purchase.returns:
                receipt = po.picking_ids.filtered(lambda p: p.state == "done" and p.picking_type_code == "incoming")[:1]
                if not receipt:
                    continue
                wizard = (
                    self.env["stock.return.picking"]
                    .with_context(active_id=receipt.id, active_model="stock.picking")
                    .create({"picking_id": receipt.id})
                )
                lines = [line.id for line in po.order_line]
                for return_line in wizard.product_return_moves:
                    index = lines.index(return_line.move_id.purchase_line_id.id)
                    return_line.quantity = qties.get(index, 0.0)
                action = wizard.action_create_returns()
                returned = self.env["stock.picking"].browse(action["res_id"])
                self._validate_pickings(
                    returned, {returned.id: self._utc(when)}, {m.id: m.product_uom_qty for m in returned.move_ids}
                )

    def _demo_dropship(self, plan, refs):
        """Drop-shipped orders of two vendors, with Odoo's Drop Shipping (stock_dropshipping) only: each
        order's line takes the *Dropship* route, its confirmation asks the vendor for the goods in a
        purchase order of its own, whose drop-shipping transfer (vendor to customer) is validated on the
        day the vendor shipped."""
        refs["dropship_orders"] = []
        route = self.env.ref("stock_dropshipping.route_drop_shipping", raise_if_not_found=False)
        if not route:
            _logger.info("demo reseller: Drop Shipping (stock_dropshipping) is not installed, no drop-shipped order")
            return
        SaleOrder = self.env["sale.order"].with_context(reseller_kpi_keep_date_order=True)
        products, customers = refs["products"], refs["customers"]
        for chunk in split_every(BATCH, build_dropship_plan(plan)):
            records = SaleOrder.create(
                [
                    {
                        "partner_id": customers[order.customer].id,
                        "date_order": self._utc(order.date_order),
                        "pricelist_id": refs["pricelist_eur"].id,
                        "team_id": refs["teams"][plan.customers[order.customer].team].id,
                        "user_id": refs["users"][plan.customers[order.customer].salesperson].id,
                        "source_id": refs["sources"][plan.customers[order.customer].source].id,
                        "commitment_date": self._utc(order.promised),
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": products[order.product].id,
                                    "product_uom_qty": order.qty,
                                    "price_unit": plan.products[order.product].price,
                                    "route_id": route.id,
                                }
                            )
                        ],
                    }
                    for order in chunk
                ]
            )
            purchases, dates, shipped = {}, {}, {}
            # one order at a time: a vendor's purchase order still in draft would take the next order's line
            for record, order in zip(records, chunk):
                record.action_confirm()
                purchase = record._get_purchase_orders()
                purchase.order_line.date_planned = self._utc(order.promised)
                purchase.button_confirm()
                purchases[purchase.id] = self._utc(order.date_order)
                if order.shipped:
                    for picking in purchase.picking_ids:
                        dates[picking.id] = self._utc(order.shipped)
                        shipped[picking.id] = picking
            self.env.flush_all()
            self._set_dates("purchase_order", "date_approve", purchases)
            self._set_dates("purchase_order", "date_order", purchases)
            pickings = self.env["stock.picking"].browse(list(shipped))
            self._validate_pickings(pickings, dates)
            refs["dropship_orders"].extend(zip(records, chunk))
            self.env.invalidate_all()

    def _demo_leads(self, plan, refs):
        Lead = self.env["crm.lead"]
        customers = refs["customers"]
        created = []
        for chunk in split_every(BATCH, plan.leads):
            records = Lead.create(
                [
                    {
                        "name": lead.name,
                        "type": "opportunity",
                        "partner_id": customers[lead.customer].id if lead.customer >= 0 else False,
                        "contact_name": False if lead.customer >= 0 else "Visiteur du site",
                        "email_from": False if lead.customer >= 0 else f"visiteur{index}@mail.example",
                        "team_id": refs["teams"][lead.team].id,
                        "user_id": refs["users"][lead.salesperson].id,
                        "source_id": refs["sources"][lead.source].id,
                        "expected_revenue": 1000.0,
                    }
                    for index, lead in enumerate(chunk)
                ]
            )
            pairs = list(zip(records, chunk))
            won = Lead.browse([r.id for r, lead in pairs if lead.outcome == "won"])
            lost = Lead.browse([r.id for r, lead in pairs if lead.outcome == "lost"])
            won.action_set_won()
            lost.action_set_lost()
            self.env.flush_all()
            self._set_dates("crm_lead", "create_date", {r.id: self._utc(lead.create_date) for r, lead in pairs})
            self._set_dates("crm_lead", "date_open", {r.id: self._utc(lead.create_date) for r, lead in pairs})
            self._set_dates(
                "crm_lead", "date_closed", {r.id: self._utc(lead.date_closed) for r, lead in pairs if lead.date_closed}
            )
            created.extend(pairs)
            self.env.invalidate_all()
        refs["leads"] = created

    def _demo_expenses(self, plan, refs):
        company = refs["company"]
        Account = self.env["account.account"]
        tags = {
            "fixed": self.env.ref("reseller_kpi.account_tag_fixed_cost"),
            "variable": self.env.ref("reseller_kpi.account_tag_variable_cost"),
            "marketing": self.env.ref("reseller_kpi.account_tag_marketing"),
        }
        accounts = {
            kind: Account.create(
                {
                    "name": name,
                    "code": code,
                    "account_type": "expense",
                    "tag_ids": [Command.set(tags[kind].ids)],
                }
            )
            for kind, name, code in (
                ("fixed", "Charges fixes de structure", "613900"),
                ("variable", "Transports sur ventes", "624200"),
                ("marketing", "Publicité et salons", "623900"),
            )
        }
        suppliers = {
            kind: self.env["res.partner"].create({"name": name, "is_company": True, "supplier_rank": 1})
            for kind, name in (
                ("fixed", "Foncière et services du Rhône"),
                ("variable", "Transports Rapides Lyonnais"),
                ("marketing", "Agence Clic & Salon"),
            )
        }
        journal = self.env["account.journal"].search(
            [("type", "=", "purchase"), ("company_id", "=", company.id)], limit=1
        )
        if not journal:
            raise UserError(
                self.env._("The company %s has no purchase journal: install a chart of accounts first.", company.name)
            )
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "in_invoice",
                    "partner_id": suppliers[expense.kind].id,
                    "journal_id": journal.id,
                    "invoice_date": expense.day,
                    "date": expense.day,
                    "ref": f"{expense.label} {expense.day:%m/%Y}",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": expense.label,
                                "quantity": 1,
                                "price_unit": expense.amount,
                                "account_id": accounts[expense.kind].id,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for expense in plan.expenses
            ]
        )
        moves.action_post()
        refs["expense_moves"] = moves

    # ------------------------------------------------------------- summary

    def _demo_summary(self, refs):
        """Counts and totals read back from the database (same keys as Plan.summary())."""
        company = refs["company"]
        env = self.env
        env.invalidate_all()
        dom = [("company_id", "=", company.id)]
        # the plan's quotations and orders, read back; add-ons add documents of their own (the web
        # shop's carts left) and count them under keys of their own
        orders = env["sale.order"].browse([record.id for record, _order in refs["orders"]]).exists()
        confirmed = orders.filtered(lambda o: o.state == "sale")
        amounts = dict(
            (currency.name, total)
            for currency, total in env["sale.order.line"]._read_group(
                [("order_id", "in", confirmed.ids)], ["currency_id"], ["price_subtotal:sum"]
            )
        )
        eur = company.currency_id.name
        leads = env["crm.lead"].with_context(active_test=False).search(dom)
        lines_dom = [("move_id", "in", refs["expense_moves"].ids), ("display_type", "=", "product")]
        # the plan's purchase orders; the drop-shipped orders' own ones are counted with them
        dropshipped = (
            env["sale.order"].browse([record.id for record, _order in refs.get("dropship_orders", [])]).exists()
        )
        dropship_purchases = dropshipped._get_purchase_orders().ids
        return {
            "customers": len(refs["customers"]),
            "products": len(refs["products"]),
            "sale_orders": len(orders),
            "sale_orders_confirmed": len(confirmed),
            "sale_order_lines": env["sale.order.line"].search_count([("order_id", "in", orders.ids)]),
            "sale_amount_eur_orders": round(amounts.get(eur, 0.0), 2),
            "sale_amount_usd_orders": round(amounts.get("USD", 0.0), 2),
            "purchase_orders": env["purchase.order"].search_count([*dom, ("id", "not in", dropship_purchases)]),
            "purchase_lines": env["purchase.order.line"].search_count(
                [("company_id", "=", company.id), ("order_id", "not in", dropship_purchases)]
            ),
            "leads": len(leads),
            "leads_won": len(leads.filtered(lambda lead: lead.active and lead.probability == 100)),
            "leads_lost": len(leads.filtered(lambda lead: not lead.active and lead.probability == 0)),
            "expenses": len(refs["expense_moves"].filtered(lambda m: m.state == "posted")),
            "expense_amount": round(sum(env["account.move.line"].search(lines_dom).mapped("balance")), 2),
            "dropship_orders": len(dropshipped),
        }
