"""Every KPI code on a small fixture computed by hand (see the comments for the sums).

Company time zone Europe/Paris (UTC+1 in March 2026): records dated in UTC on
28 February late evening fall in March, records of 31 March late evening fall
in April. W = 365, A = 90, T = 0, new-customer age 90 days.

The fixture is built so that no assertion passes by coincidence: two new
customers (CAC divides), five active customers for a lifetime of three years
(CLV), a customer retained through the month (retention > 0), more orders than
active customers in the company and in each team (per-active figures differ
from the average basket), a line sold by the dozen, and section, note and
down-payment lines that must be ignored. A second company has its own orders,
leads, receipts, returns, deliveries and posted costs, each of which would
change a value of the first company if it leaked into it.
"""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user

from ..engine.periods import Period

MARCH = Period("month", date(2026, 3, 1), date(2026, 3, 31))
WEEK_10 = Period("week", date(2026, 3, 2), date(2026, 3, 8))  # ISO week 10 of 2026, Monday to Sunday
Q1 = Period("quarter", date(2026, 1, 1), date(2026, 3, 31))
YEAR = Period("year", date(2026, 1, 1), date(2026, 12, 31))


class KpiFixtureCase(TransactionCase):
    """The hand-computed fixture, refreshed for March, ISO week 10, Q1 and 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "Europe/Paris"
        cls.company.write(
            {
                "reseller_kpi_inactivity_days": 365,
                "reseller_kpi_activation_days": 90,
                "reseller_kpi_ontime_tolerance_days": 0,
                "reseller_kpi_new_customer_days": 90,
            }
        )
        cls.company._reseller_kpi_install_defaults()
        cls.other = cls.env["res.company"].create({"name": "KPI Other"})
        company_currency = cls.company.currency_id
        cls.foreign = cls.env.ref("base.EUR") if company_currency.name == "USD" else cls.env.ref("base.USD")
        cls.foreign.active = True
        # 1 unit of company currency = 2 units of the foreign currency
        cls.env["res.currency.rate"].create(
            {"currency_id": cls.foreign.id, "name": "2025-01-01", "rate": 2.0, "company_id": cls.company.id}
        )
        cls.foreign_pricelist = cls.env["product.pricelist"].create(
            {"name": "Foreign", "currency_id": cls.foreign.id, "company_id": cls.company.id}
        )
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        Category = cls.env["product.category"]
        cls.root = Category.create({"name": "KPI root"})
        cls.hardware = Category.create({"name": "Hardware", "parent_id": cls.root.id})
        cls.misc = Category.create({"name": "Misc", "parent_id": cls.root.id})

        def product(name, category, kind="consu"):
            return cls.env["product.product"].create({"name": name, "type": kind, "categ_id": category.id})

        cls.p1 = product("P1", cls.hardware)
        cls.p2 = product("P2", cls.hardware)
        cls.p3 = product("P3 without cost", cls.misc)
        cls.s1 = product("S1 service", cls.misc, "service")
        cls.team1 = cls.env["crm.team"].create({"name": "Team 1", "company_id": cls.company.id})
        cls.team2 = cls.env["crm.team"].create({"name": "Team 2", "company_id": cls.company.id})
        cls.other_team = cls.env["crm.team"].create({"name": "Other team", "company_id": cls.other.id})
        cls.source = cls.env["utm.source"].create({"name": "Fair"})
        cls.seller1 = new_test_user(
            cls.env,
            "kpi_fixture_seller1",
            groups="sales_team.group_sale_salesman",
            company_ids=[Command.set((cls.company | cls.other).ids)],
        )
        cls.seller2 = new_test_user(cls.env, "kpi_fixture_seller2", groups="sales_team.group_sale_salesman")
        Partner = cls.env["res.partner"]
        cls.c1 = Partner.create({"name": "C1", "is_company": True})
        cls.c1_contact = Partner.create({"name": "C1 buyer", "parent_id": cls.c1.id})
        cls.c2, cls.c3, cls.c4, cls.c5, cls.c6, cls.c8, cls.c9 = (
            Partner.create({"name": name, "is_company": True}) for name in ("C2", "C3", "C4", "C5", "C6", "C8", "C9")
        )
        cls.c7 = Partner.create({"name": "C7 archived", "is_company": True})

        # ---- sales (state written directly: no procurement needed for these KPIs)
        def order(partner, when, team, lines, foreign=False, state="sale", company=None, **extra):
            """`lines`: (product, qty, price, cost) tuples, or dicts of sale line values."""
            vals = {
                "partner_id": partner.id,
                "date_order": when,
                "team_id": team.id,
                "company_id": (company or cls.company).id,
                "order_line": [
                    Command.create(
                        line
                        if isinstance(line, dict)
                        else {
                            "product_id": line[0].id,
                            "product_uom_qty": line[1],
                            "price_unit": line[2],
                            "purchase_price": line[3],
                        }
                    )
                    for line in lines
                ],
                **extra,
            }
            if foreign:
                vals["pricelist_id"] = cls.foreign_pricelist.id
            so = cls.env["sale.order"].create(vals)
            so.write({"state": state, "date_order": when})
            return so

        cls.o1 = order(cls.c1_contact, "2025-01-10 10:00:00", cls.team1, [(cls.p1, 2, 100, 60)])
        # revenue 150, margin 40 + 50, items 1 (the service is no item)
        cls.o2 = order(
            cls.c1,
            "2026-03-05 10:00:00",
            cls.team1,
            [(cls.p1, 1, 100, 60), (cls.s1, 1, 50, 0)],
            source_id=cls.source.id,
            commitment_date="2026-03-06 10:00:00",
        )
        # 1 March 00:30 in Paris: revenue 30 + 40, margin 18 + 40 (P3 has no cost), items 4
        cls.o3 = order(cls.c2, "2026-02-28 23:30:00", cls.team2, [(cls.p2, 3, 10, 4), (cls.p3, 1, 40, 0)])
        cls.o4 = order(cls.c3, "2024-12-01 10:00:00", cls.team1, [(cls.p1, 1, 100, 60)])
        cls.o5 = order(cls.c3, "2026-03-20 10:00:00", cls.team1, [(cls.p1, 1, 200, 60)])
        cls.o6 = order(cls.c4, "2025-03-15 10:00:00", cls.team2, [(cls.p1, 1, 100, 60)])
        # foreign currency at rate 2: revenue 100 / 2 = 50, margin (100 - 8) / 2 = 46
        cls.o7 = order(cls.c2, "2026-03-10 10:00:00", cls.team2, [(cls.p2, 1, 100, 8)], foreign=True)
        # 1 April 01:30 in Paris: not in March (revenue 1000, margin 940)
        cls.o8 = order(cls.c1, "2026-03-31 23:30:00", cls.team1, [(cls.p1, 1, 1000, 60)])
        # C6's first order, 58 days after its lead (revenue 100, margin 40)
        cls.o9 = order(cls.c6, "2026-05-01 10:00:00", cls.team2, [(cls.p1, 1, 100, 60)])
        # C8 is active on 28 February (June 2025) and orders again in March: retained, not reactivated
        cls.o10 = order(cls.c8, "2025-06-10 10:00:00", cls.team2, [(cls.p1, 1, 100, 60)])
        # revenue 20, margin 12, items 2
        cls.o13 = order(cls.c8, "2026-03-12 10:00:00", cls.team2, [(cls.p2, 2, 10, 4)])
        # C9, new in March: one dozen of P1 (12 items, price and cost per dozen: revenue 600, margin 240);
        # the section, the note and the down payment of 500 are no sales
        cls.o11 = order(
            cls.c9,
            "2026-03-18 10:00:00",
            cls.team1,
            [
                {"display_type": "line_section", "name": "Workshop"},
                {
                    "product_id": cls.p1.id,
                    "product_uom": cls.dozen.id,
                    "product_uom_qty": 1,
                    "price_unit": 600,
                    "purchase_price": 360,
                    "customer_lead": 0,
                },
                {"display_type": "line_note", "name": "Deliver to the back door"},
                {
                    "product_id": cls.s1.id,
                    "product_uom_qty": 1,
                    "price_unit": 500,
                    "purchase_price": 0,
                    "is_downpayment": True,
                },
            ],
        )
        # C9's second order in March: revenue 10, margin 6, items 1
        cls.o12 = order(cls.c9, "2026-03-25 10:00:00", cls.team1, [(cls.p2, 1, 10, 4)])
        order(cls.c4, "2026-03-12 10:00:00", cls.team1, [(cls.p1, 1, 999, 0)], state="draft")
        order(cls.c4, "2026-03-13 10:00:00", cls.team1, [(cls.p1, 1, 999, 0)], state="cancel")
        # the other company: C4 ordering there would keep C4 active here, C5's order there would
        # make C5 no prospect here (revenue 5000 + 700, margin 4000 + 700)
        cls.other_o1 = order(
            cls.c4, "2026-03-10 10:00:00", cls.other_team, [(cls.p1, 1, 5000, 1000)], company=cls.other
        )
        order(cls.c5, "2026-03-01 10:00:00", cls.other_team, [(cls.p2, 1, 700, 0)], company=cls.other)

        # ---- CRM (create_date and date_closed written in SQL, as Odoo stamps them)
        Lead = cls.env["crm.lead"].with_context(active_test=False)

        def lead(name, partner, created, team, user, closed=None, probability=10, active=True, **extra):
            record = Lead.create(
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": partner.id if partner else False,
                    "team_id": team.id,
                    "user_id": user.id,
                    "company_id": team.company_id.id,
                    **extra,
                }
            )
            record.write({"probability": probability, "active": active})
            cls.env.flush_all()
            cls.env.cr.execute(
                "UPDATE crm_lead SET create_date = %s, date_closed = %s WHERE id = %s", (created, closed, record.id)
            )
            record.invalidate_recordset()
            return record

        lead("L1 customer with an order before", cls.c2, "2026-03-02 10:00:00", cls.team1, cls.seller1)
        lead("L2 prospect", cls.c5, "2026-03-03 10:00:00", cls.team1, cls.seller1)
        # won 20 days after creation, first order 58 days after the lead: activated
        lead(
            "L3 won",
            cls.c6,
            "2026-03-04 10:00:00",
            cls.team2,
            cls.seller2,
            "2026-03-24 10:00:00",
            100,
            source_id=cls.source.id,
        )
        lead(
            "L4 lost, no partner",
            None,
            "2026-03-05 10:00:00",
            cls.team1,
            cls.seller2,
            "2026-03-06 10:00:00",
            0,
            False,
            source_id=cls.source.id,
        )
        lead(
            "L5 lost, archived partner",
            cls.c7,
            "2026-03-06 10:00:00",
            cls.team1,
            cls.seller2,
            "2026-03-20 10:00:00",
            0,
            False,
        )
        # created in December, won in March: 104 days
        lead("L6 won", cls.c1, "2025-12-01 10:00:00", cls.team1, cls.seller1, "2026-03-15 10:00:00", 100)
        # the other company's lead for C6, lost in March: here it would be a lost lead and C6's first lead
        lead(
            "OL1 other company",
            cls.c6,
            "2026-02-10 10:00:00",
            cls.other_team,
            cls.seller1,
            "2026-03-09 10:00:00",
            0,
            False,
        )
        cls.c7.active = False

        # ---- purchases and receipts (done moves written directly)
        cls.v1 = Partner.create({"name": "V1", "is_company": True})
        cls.v1_contact = Partner.create({"name": "V1 sales", "parent_id": cls.v1.id})
        cls.v2 = Partner.create({"name": "V2", "is_company": True})
        supplier_loc = cls.env.ref("stock.stock_location_suppliers")
        customer_loc = cls.env.ref("stock.stock_location_customers")

        def purchase(partner, approved, lines, foreign=False, company=None):
            company = company or cls.company
            po = cls.env["purchase.order"].create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "currency_id": (cls.foreign if foreign else company.currency_id).id,
                    "date_order": approved,
                    "order_line": [
                        Command.create(
                            {"product_id": p.id, "product_qty": qty, "price_unit": price, "date_planned": planned}
                        )
                        for p, qty, price, planned in lines
                    ],
                }
            )
            po.write({"state": "purchase", "date_approve": approved})
            return po

        def move(product, qty, when, picking_type, src, dest, uom=None, **links):
            record = cls.env["stock.move"].create(
                {
                    "name": product.name,
                    "product_id": product.id,
                    "product_uom_qty": qty,
                    "product_uom": (uom or product.uom_id).id,
                    "picking_type_id": picking_type.id,
                    "location_id": src.id,
                    "location_dest_id": dest.id,
                    "company_id": picking_type.company_id.id,
                    **links,
                }
            )
            # done as Odoo leaves them, without running the stock rules of this fixture
            cls.env.flush_all()
            cls.env.cr.execute(
                "UPDATE stock_move SET state = 'done', quantity = %s, date = %s WHERE id = %s", (qty, when, record.id)
            )
            record.invalidate_recordset()
            return record

        def warehouse_of(company):
            return cls.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)

        po1 = purchase(cls.v1_contact, "2026-02-20 10:00:00", [(cls.p1, 12, 20, "2026-03-05 10:00:00")])
        # approved 1 March 00:30 in Paris; line C is due 1 April in Paris
        po2 = purchase(
            cls.v2,
            "2026-02-28 23:30:00",
            [(cls.p2, 5, 30, "2026-03-10 10:00:00"), (cls.p2, 4, 30, "2026-03-31 22:30:00")],
            foreign=True,
        )
        line_a, (line_b, line_c) = po1.order_line, po2.order_line
        warehouse = warehouse_of(cls.company)
        stock, incoming, outgoing = warehouse.lot_stock_id, warehouse.in_type_id, warehouse.out_type_id
        move(cls.p1, 6, "2026-03-04 10:00:00", incoming, supplier_loc, stock, purchase_line_id=line_a.id)
        move(cls.p1, 4, "2026-03-08 10:00:00", incoming, supplier_loc, stock, purchase_line_id=line_a.id)
        r3 = move(cls.p2, 5, "2026-03-10 10:00:00", incoming, supplier_loc, stock, purchase_line_id=line_b.id)
        move(cls.p2, 2, "2026-03-25 10:00:00", incoming, supplier_loc, stock, purchase_line_id=line_c.id)
        move(
            cls.p2,
            1,
            "2026-03-15 10:00:00",
            outgoing,
            stock,
            supplier_loc,
            purchase_line_id=line_b.id,
            origin_returned_move_id=r3.id,
        )
        # ---- deliveries to customers
        o2_p1 = cls.o2.order_line.filtered(lambda line: line.product_id == cls.p1)
        o3_p2 = cls.o3.order_line.filtered(lambda line: line.product_id == cls.p2)
        o11_p1 = cls.o11.order_line.filtered(lambda line: line.product_id == cls.p1)
        o3_p2.customer_lead = 2
        d1 = move(cls.p1, 1, "2026-03-07 10:00:00", outgoing, stock, customer_loc, sale_line_id=o2_p1.id)
        move(cls.p2, 3, "2026-03-02 10:00:00", outgoing, stock, customer_loc, sale_line_id=o3_p2.id)
        move(cls.p1, 1, "2026-03-31 22:30:00", outgoing, stock, customer_loc, sale_line_id=cls.o5.order_line.id)
        # one dozen (12 units) delivered on 20 March, promised on 18 March: 2 days late
        move(cls.p1, 1, "2026-03-20 10:00:00", outgoing, stock, customer_loc, uom=cls.dozen, sale_line_id=o11_p1.id)
        # a customer return is no delivery
        move(
            cls.p1,
            1,
            "2026-03-20 10:00:00",
            incoming,
            customer_loc,
            stock,
            sale_line_id=o2_p1.id,
            origin_returned_move_id=d1.id,
        )
        # the other company: V1 delivers 10 late (due 9 March, done 20 March), 2 go back; a late delivery
        other_po = purchase(cls.v1, "2026-03-03 10:00:00", [(cls.p1, 10, 50, "2026-03-09 10:00:00")], company=cls.other)
        other_wh = warehouse_of(cls.other)
        other_stock, other_in, other_out = other_wh.lot_stock_id, other_wh.in_type_id, other_wh.out_type_id
        other_r1 = move(
            cls.p1,
            10,
            "2026-03-20 10:00:00",
            other_in,
            supplier_loc,
            other_stock,
            purchase_line_id=other_po.order_line.id,
        )
        move(
            cls.p1,
            2,
            "2026-03-22 10:00:00",
            other_out,
            other_stock,
            supplier_loc,
            purchase_line_id=other_po.order_line.id,
            origin_returned_move_id=other_r1.id,
        )
        move(
            cls.p1,
            1,
            "2026-03-11 10:00:00",
            other_out,
            other_stock,
            customer_loc,
            sale_line_id=cls.other_o1.order_line.id,
        )

        # ---- posted costs on tagged accounts
        def account(name, code, tag_xmlid, account_type="expense", company=None):
            tags = [Command.set(cls.env.ref(tag_xmlid).ids)] if tag_xmlid else []
            return (
                cls.env["account.account"]
                .with_company(company or cls.company)
                .create({"name": name, "code": code, "account_type": account_type, "tag_ids": tags})
            )

        def entry(journal, when, expense_account, counterpart, amount, post=True):
            move = cls.env["account.move"].create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": when,
                    "line_ids": [
                        Command.create({"account_id": expense_account.id, "debit": amount}),
                        Command.create({"account_id": counterpart.id, "credit": amount}),
                    ],
                }
            )
            if post:
                move.action_post()

        rent = account("Rent", "613901", "reseller_kpi.account_tag_fixed_cost")
        shipping = account("Shipping", "624201", "reseller_kpi.account_tag_variable_cost")
        ads = account("Ads", "623901", "reseller_kpi.account_tag_marketing")
        bank = account("KPI counterpart", "512901", None, "asset_current")
        journal = cls.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", cls.company.id)], limit=1
        )
        entry(journal, "2026-03-10", rent, bank, 1000)
        entry(journal, "2026-03-10", shipping, bank, 20)
        entry(journal, "2026-03-15", ads, bank, 300)
        entry(journal, "2026-03-16", rent, bank, 999, post=False)
        entry(journal, "2026-04-02", rent, bank, 500)
        # the other company's rent 777, transport 55 and advertising 111 in March
        other_journal = cls.env["account.journal"].create(
            {"name": "KPI other misc", "code": "KOTH", "type": "general", "company_id": cls.other.id}
        )
        other_bank = account("Other counterpart", "512902", None, "asset_current", cls.other)
        for name, code, tag, amount in (
            ("Other rent", "613902", "reseller_kpi.account_tag_fixed_cost", 777),
            ("Other shipping", "624202", "reseller_kpi.account_tag_variable_cost", 55),
            ("Other ads", "623902", "reseller_kpi.account_tag_marketing", 111),
        ):
            entry(other_journal, "2026-03-10", account(name, code, tag, company=cls.other), other_bank, amount)

        cls.Value = cls.env["reseller.kpi.value"]
        cls.Value._refresh(cls.company | cls.other, [MARCH], refresh_records=False)
        cls.Value._refresh(cls.company, [WEEK_10, Q1, YEAR], refresh_records=False)

    # ------------------------------------------------------------------ helpers
    def stored(self, code, dimension=None, period=MARCH, company=None):
        """The stored value record of `code` for the company (or `dimension`) and `period`."""
        domain = [
            ("kpi_code", "=", code),
            ("company_id", "=", (company or self.company).id),
            ("period_type", "=", period.period_type),
            ("date_start", "=", period.date_start),
            ("res_model", "=", dimension._name if dimension else False),
        ]
        if dimension:
            domain.append(("res_id", "=", dimension.id))
        return self.Value.search(domain)

    def value(self, code, dimension=None, period=MARCH, company=None):
        """The number stored, None when empty."""
        record = self.stored(code, dimension, period, company)
        self.assertEqual(len(record), 1, f"one stored value for {code} {dimension}")
        return record.value if record.has_value else None

    def assertValues(self, expected, dimension=None, period=MARCH, company=None):
        for code, number in expected.items():
            with self.subTest(code=code, dimension=dimension, period=period.period_type):
                stored = self.value(code, dimension, period, company)
                if number is None:
                    self.assertIsNone(stored)
                else:
                    self.assertIsNotNone(stored)
                    self.assertAlmostEqual(stored, number, places=6)

    def new_user(self, login, *groups, company=None):
        """A user of `company` (the fixture's by default) only, in `groups` (xml ids)."""
        company = company or self.company
        return (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": login,
                    "login": login,
                    "company_id": company.id,
                    "company_ids": [Command.set([company.id])],
                    "groups_id": [Command.set([self.env.ref(group).id for group in groups])],
                }
            )
        )

    def assertReadByKpiManagersOnly(self, model, prefix):
        """KPI managers read the rows of `model` of their own companies; a salesperson, a plain employee
        and a portal user read none. Returns the fixture company's KPI manager."""
        manager = self.new_user(f"{prefix}_manager", "base.group_user", "reseller_kpi.group_manager")
        other_manager = self.new_user(
            f"{prefix}_other", "base.group_user", "reseller_kpi.group_manager", company=self.other
        )
        mine = self.env[model].search([("company_id", "=", self.company.id)])
        self.assertTrue(mine, model)
        self.assertEqual(self.env[model].with_user(manager).search([]), mine)
        others = self.env[model].with_user(other_manager).search([])
        self.assertTrue(others, model)
        self.assertEqual(others.company_id, self.other)
        for login, groups in (
            ("seller", ("base.group_user", "sales_team.group_sale_salesman_all_leads")),
            ("employee", ("base.group_user",)),
            ("portal", ("base.group_portal",)),
        ):
            with self.subTest(model=model, user=login), self.assertRaises(AccessError):
                self.env[model].with_user(self.new_user(f"{prefix}_{login}", *groups)).search([])
        return manager
