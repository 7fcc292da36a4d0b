"""Every KPI code on a small fixture computed by hand (see the comments for the sums).

Company time zone Europe/Paris (UTC+1 in March 2026): records dated in UTC on
28 February late evening fall in March, records of 31 March late evening fall
in April. W = 365, A = 90, T = 0, new-customer age 90 days.
"""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..engine.periods import Period
from ..models.reseller_kpi_collector import ResellerKpiCollector

MARCH = Period("month", date(2026, 3, 1), date(2026, 3, 31))


@tagged("post_install", "-at_install")
class TestKpiValues(TransactionCase):
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
        cls.source = cls.env["utm.source"].create({"name": "Fair"})
        Partner = cls.env["res.partner"]
        cls.c1 = Partner.create({"name": "C1", "is_company": True})
        cls.c1_contact = Partner.create({"name": "C1 buyer", "parent_id": cls.c1.id})
        cls.c2, cls.c3, cls.c4, cls.c5, cls.c6 = (
            Partner.create({"name": name, "is_company": True}) for name in ("C2", "C3", "C4", "C5", "C6")
        )
        cls.c7 = Partner.create({"name": "C7 archived", "is_company": True})

        # ---- sales (state written directly: no procurement needed for these KPIs)
        def order(partner, when, team, lines, foreign=False, state="sale", **extra):
            vals = {
                "partner_id": partner.id,
                "date_order": when,
                "team_id": team.id,
                "company_id": cls.company.id,
                "order_line": [
                    Command.create(
                        {"product_id": p.id, "product_uom_qty": qty, "price_unit": price, "purchase_price": cost}
                    )
                    for p, qty, price, cost in lines
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
        # 1 April 01:30 in Paris: not in March
        cls.o8 = order(cls.c1, "2026-03-31 23:30:00", cls.team1, [(cls.p1, 1, 1000, 60)])
        cls.o9 = order(cls.c6, "2026-05-01 10:00:00", cls.team2, [(cls.p1, 1, 100, 60)])
        order(cls.c4, "2026-03-12 10:00:00", cls.team1, [(cls.p1, 1, 999, 0)], state="draft")
        order(cls.c4, "2026-03-13 10:00:00", cls.team1, [(cls.p1, 1, 999, 0)], state="cancel")

        # ---- CRM (create_date and date_closed written in SQL, as Odoo stamps them)
        Lead = cls.env["crm.lead"].with_context(active_test=False)

        def lead(name, partner, created, team, closed=None, probability=10, active=True):
            record = Lead.create(
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": partner.id if partner else False,
                    "team_id": team.id,
                    "company_id": cls.company.id,
                }
            )
            record.write({"probability": probability, "active": active})
            cls.env.flush_all()
            cls.env.cr.execute(
                "UPDATE crm_lead SET create_date = %s, date_closed = %s WHERE id = %s", (created, closed, record.id)
            )
            record.invalidate_recordset()
            return record

        lead("L1 customer with an order before", cls.c2, "2026-03-02 10:00:00", cls.team1)
        lead("L2 prospect", cls.c5, "2026-03-03 10:00:00", cls.team1)
        # won 20 days after creation, first order 58 days after the lead: activated
        lead("L3 won", cls.c6, "2026-03-04 10:00:00", cls.team2, "2026-03-24 10:00:00", 100)
        lead("L4 lost, no partner", None, "2026-03-05 10:00:00", cls.team1, "2026-03-06 10:00:00", 0, False)
        lead("L5 lost, archived partner", cls.c7, "2026-03-06 10:00:00", cls.team1, "2026-03-20 10:00:00", 0, False)
        # created in December, won in March: 104 days
        lead("L6 won", cls.c1, "2025-12-01 10:00:00", cls.team1, "2026-03-15 10:00:00", 100)
        cls.c7.active = False

        # ---- purchases and receipts (done moves written directly)
        cls.v1 = Partner.create({"name": "V1", "is_company": True})
        cls.v1_contact = Partner.create({"name": "V1 sales", "parent_id": cls.v1.id})
        cls.v2 = Partner.create({"name": "V2", "is_company": True})
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        supplier_loc = cls.env.ref("stock.stock_location_suppliers")
        customer_loc = cls.env.ref("stock.stock_location_customers")

        def purchase(partner, approved, lines, foreign=False):
            po = cls.env["purchase.order"].create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                    "currency_id": (cls.foreign if foreign else cls.company.currency_id).id,
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

        def move(product, qty, when, picking_type, src, dest, **links):
            record = cls.env["stock.move"].create(
                {
                    "name": product.name,
                    "product_id": product.id,
                    "product_uom_qty": qty,
                    "product_uom": product.uom_id.id,
                    "picking_type_id": picking_type.id,
                    "location_id": src.id,
                    "location_dest_id": dest.id,
                    "company_id": cls.company.id,
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

        po1 = purchase(cls.v1_contact, "2026-02-20 10:00:00", [(cls.p1, 12, 20, "2026-03-05 10:00:00")])
        # approved 1 March 00:30 in Paris; line C is due 1 April in Paris
        po2 = purchase(
            cls.v2,
            "2026-02-28 23:30:00",
            [(cls.p2, 5, 30, "2026-03-10 10:00:00"), (cls.p2, 4, 30, "2026-03-31 22:30:00")],
            foreign=True,
        )
        line_a, (line_b, line_c) = po1.order_line, po2.order_line
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
        o3_p2.customer_lead = 2
        d1 = move(cls.p1, 1, "2026-03-07 10:00:00", outgoing, stock, customer_loc, sale_line_id=o2_p1.id)
        move(cls.p2, 3, "2026-03-02 10:00:00", outgoing, stock, customer_loc, sale_line_id=o3_p2.id)
        move(cls.p1, 1, "2026-03-31 22:30:00", outgoing, stock, customer_loc, sale_line_id=cls.o5.order_line.id)
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

        # ---- posted costs on tagged accounts
        def account(name, code, tag_xmlid, account_type="expense"):
            tags = [Command.set(cls.env.ref(tag_xmlid).ids)] if tag_xmlid else []
            return cls.env["account.account"].create(
                {"name": name, "code": code, "account_type": account_type, "tag_ids": tags}
            )

        rent = account("Rent", "613901", "reseller_kpi.account_tag_fixed_cost")
        shipping = account("Shipping", "624201", "reseller_kpi.account_tag_variable_cost")
        ads = account("Ads", "623901", "reseller_kpi.account_tag_marketing")
        bank = account("KPI counterpart", "512901", None, "asset_current")
        journal = cls.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", cls.company.id)], limit=1
        )

        def entry(when, expense_account, amount, post=True):
            move = cls.env["account.move"].create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": when,
                    "line_ids": [
                        Command.create({"account_id": expense_account.id, "debit": amount}),
                        Command.create({"account_id": bank.id, "credit": amount}),
                    ],
                }
            )
            if post:
                move.action_post()

        entry("2026-03-10", rent, 1000)
        entry("2026-03-10", shipping, 20)
        entry("2026-03-15", ads, 300)
        entry("2026-03-16", rent, 999, post=False)
        entry("2026-04-02", rent, 500)

        cls.Value = cls.env["reseller.kpi.value"]
        cls.Value._refresh(cls.company, [MARCH], refresh_records=False)

    # ------------------------------------------------------------------ helpers
    def value(self, code, dimension=None, period=MARCH, company=None):
        domain = [
            ("kpi_code", "=", code),
            ("company_id", "=", (company or self.company).id),
            ("period_type", "=", period.period_type),
            ("date_start", "=", period.date_start),
            ("res_model", "=", dimension._name if dimension else False),
        ]
        if dimension:
            domain.append(("res_id", "=", dimension.id))
        record = self.Value.search(domain)
        self.assertEqual(len(record), 1, f"one stored value for {code} {dimension}")
        return record.value if record.has_value else None

    def assertValues(self, expected, dimension=None, period=MARCH):
        for code, number in expected.items():
            with self.subTest(code=code, dimension=dimension):
                if number is None:
                    self.assertIsNone(self.value(code, dimension, period))
                else:
                    self.assertAlmostEqual(self.value(code, dimension, period), number, places=6)

    # ------------------------------------------------------------------ tests
    def test_sales(self):
        # O2 150 + O3 70 + O5 200 + O7 50; O8 is in April in Paris, drafts and cancels never count
        self.assertValues(
            {
                "sales.revenue": 470,
                "sales.orders": 4,
                "sales.aov": 117.5,
                "sales.items": 7,
                "margin.amount": 334,
                "margin.rate": 334 / 470 * 100,
            }
        )
        self.assertValues({"sales.revenue": 350, "sales.orders": 2, "margin.amount": 230, "sales.items": 2}, self.team1)
        self.assertValues({"sales.revenue": 120, "sales.orders": 2, "margin.amount": 104, "sales.items": 5}, self.team2)
        self.assertValues({"sales.revenue": 150, "margin.amount": 90}, self.source)

    def test_category_roll_up(self):
        self.assertValues(
            {"sales.revenue": 380, "sales.orders": 4, "margin.amount": 244, "sales.items": 6}, self.hardware
        )
        self.assertValues({"sales.revenue": 90, "sales.orders": 2, "margin.amount": 90, "sales.items": 1}, self.misc)
        # the root counts each order once, not 4 + 2
        self.assertValues(
            {"sales.revenue": 470, "sales.orders": 4, "margin.amount": 334, "margin.rate": 334 / 470 * 100},
            self.root,
        )

    def test_customers(self):
        # active(31/3): C1, C2, C3; active(28/2): C4 only (C2's first order is 1 March in Paris)
        self.assertValues(
            {
                "customers.active": 3,
                "customers.active_start": 1,
                "customers.new": 1,
                "customers.reactivated": 2,
                "customers.churned": 1,
                "customers.churn_rate": 100,
                "customers.retention_rate": 0,
                "customers.net_balance": 2,
                "customers.revenue_per_active": 470 / 3,
                "customers.orders_per_active": 4 / 3,
                "customers.items_per_active": 7 / 3,
                # prospects C5, C6, C7 (archived); C6 ordered 58 days after its lead
                "customers.activation_rate": 100 / 3,
                # margin of the year 334 / 3 active x lifetime 3 years (1 of 3 customers lost in a year)
                "customers.clv": 334,
            }
        )
        # team 1 had no active customer on 28 February: rates are empty, not 0
        self.assertValues(
            {
                "customers.active": 2,
                "customers.active_start": 0,
                "customers.reactivated": 2,
                "customers.churn_rate": None,
                "customers.retention_rate": None,
            },
            self.team1,
        )
        self.assertValues({"customers.active": 1, "customers.new": 1, "customers.churn_rate": 100}, self.team2)

    def test_crm(self):
        self.assertValues(
            {"crm.leads": 5, "crm.won": 2, "crm.lost": 2, "crm.win_rate": 50, "crm.cycle_days": (104 + 20) / 2}
        )
        self.assertValues({"crm.won": 1, "crm.cycle_days": 20, "crm.lost": 0, "crm.win_rate": 100}, self.team2)

    def test_suppliers(self):
        # receipts 6 (on time) + 4 (3 days late) + 5 (on time) + 2 (due 1 April, on time) = 17
        self.assertValues(
            {
                "supplier.otd_rate": 13 / 17 * 100,
                "supplier.delay_days": 12 / 17,
                "supplier.lead_days": (12 + 16 + 9 + 24) / 4,
                "supplier.return_rate": 1 / 17 * 100,
                # lines due in March: A (6 of 12 on time) and B (5 of 5)
                "supplier.otif_rate": 50,
                "supplier.fill_rate": 15 / 17 * 100,
                # the foreign order approved 1 March in Paris: (150 + 120) / 2
                "supplier.purchase_amount": 135,
            }
        )
        # the vendor is the commercial partner of the order's contact
        self.assertValues(
            {"supplier.otd_rate": 60, "supplier.otif_rate": 0, "supplier.return_rate": 0, "supplier.delay_days": 1.2},
            self.v1,
        )
        self.assertValues({"supplier.otd_rate": 100, "supplier.return_rate": 100 / 7}, self.v2)

    def test_deliveries(self):
        # 1 unit one day late (commitment 6 March), 3 units on time (order 1 March + 2 days)
        self.assertValues({"delivery.otd_rate": 75, "delivery.delay_days": 0.25, "delivery.lead_days": 1.5})
        self.assertValues({"delivery.otd_rate": 0, "delivery.delay_days": 1}, self.team1)

    def test_finance(self):
        variable = (470 - 334) + 20
        cm_ratio = (470 - variable) / 470 * 100
        break_even = 1000 / (cm_ratio / 100)
        self.assertValues(
            {
                "finance.fixed_costs": 1000,
                "finance.variable_costs": variable,
                "finance.cm_ratio": cm_ratio,
                "finance.break_even": break_even,
                "finance.safety_margin": (470 - break_even) / 470 * 100,
                "marketing.cac": 300,
            }
        )

    def test_empty_period(self):
        empty = Period("month", date(2020, 1, 1), date(2020, 1, 31))
        self.Value._refresh(self.company, [empty], refresh_records=False)
        self.assertValues(
            {
                "sales.revenue": 0,
                "sales.orders": 0,
                "sales.aov": None,
                "margin.rate": None,
                "customers.active": 0,
                "customers.churn_rate": None,
                "customers.activation_rate": None,
                "customers.clv": None,
                "crm.win_rate": None,
                "crm.cycle_days": None,
                "supplier.otd_rate": None,
                "supplier.otif_rate": None,
                "delivery.otd_rate": None,
                "finance.cm_ratio": None,
                "finance.break_even": None,
                "finance.safety_margin": None,
                "marketing.cac": None,
            },
            period=empty,
        )

    def test_rerun_replaces(self):
        count = self.Value.search_count([("company_id", "=", self.company.id)])
        self.Value._refresh(self.company, [MARCH], refresh_records=False)
        self.assertEqual(self.Value.search_count([("company_id", "=", self.company.id)]), count)
        self.env.cr.execute(
            """SELECT kpi_code, res_model, res_id FROM reseller_kpi_value
                GROUP BY kpi_code, period_type, date_start, company_id, res_model, res_id HAVING COUNT(*) > 1"""
        )
        self.assertFalse(self.env.cr.fetchall())

    def test_records(self):
        Collector = self.env["reseller.kpi.collector"]
        Collector._refresh_records(self.company, today=date(2026, 3, 31))
        partner = self.c1.with_company(self.company)
        self.assertEqual(partner.reseller_kpi_first_order_date, date(2025, 1, 10))
        self.assertEqual(partner.reseller_kpi_last_order_date, date(2026, 3, 5))
        self.assertEqual(partner.reseller_kpi_order_count, 2)
        self.assertEqual(partner.reseller_kpi_lifecycle_state, "active")
        self.assertAlmostEqual(partner.reseller_kpi_revenue_365, 150)
        self.assertEqual(self.c2.reseller_kpi_lifecycle_state, "new")
        self.assertEqual(self.c4.reseller_kpi_lifecycle_state, "churned")
        self.assertEqual(self.c5.reseller_kpi_lifecycle_state, "prospect")
        self.assertEqual(self.v1.reseller_kpi_supplier_grade, "D")
        self.assertAlmostEqual(self.v1.reseller_kpi_otd_rate, 60)
        self.assertEqual(self.v2.reseller_kpi_supplier_grade, "A")
        self.assertFalse(self.c1.reseller_kpi_supplier_grade)
        self.assertAlmostEqual(self.root.reseller_kpi_revenue_12m, 470)
        self.assertAlmostEqual(self.misc.reseller_kpi_margin_12m, 90)
        # stored where users filter and group
        self.assertIn(self.c4, self.env["res.partner"].search([("reseller_kpi_lifecycle_state", "=", "churned")]))

    def test_second_company(self):
        other = self.env["res.company"].create({"name": "KPI Other"})
        customer = self.env["res.partner"].create({"name": "Other customer", "is_company": True})
        so = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "company_id": other.id,
                "order_line": [Command.create({"product_id": self.p1.id, "product_uom_qty": 1, "price_unit": 9999})],
            }
        )
        so.write({"state": "sale", "date_order": "2026-03-10 10:00:00"})
        self.Value._refresh(self.company | other, [MARCH], refresh_records=False)
        self.assertEqual(self.value("sales.revenue"), 470)
        self.assertEqual(self.value("sales.revenue", company=other), 9999)
        # a salesperson of the first company does not see the other's values
        user = new_test_user(self.env, "kpi_seller", groups="sales_team.group_sale_salesman")
        values = self.Value.with_user(user).search([("kpi_code", "=", "sales.revenue")])
        self.assertEqual(values.company_id, self.company)
        other_value = self.Value.search([("company_id", "=", other.id)], limit=1)
        with self.assertRaises(AccessError):
            other_value.with_user(user).read(["value"])

    def test_failure_keeps_previous_values(self):
        other = self.env["res.company"].create({"name": "KPI Failing"})
        self.Value._refresh(other, [MARCH], refresh_records=False)
        before = self.Value.search_count([("company_id", "=", other.id)])
        original = ResellerKpiCollector._crm

        def failing(collector, company, first_day, last_day):
            if company == other:
                raise ValueError("broken")
            return original(collector, company, first_day, last_day)

        with (
            patch.object(ResellerKpiCollector, "_crm", failing),
            self.assertLogs("odoo.addons.reseller_kpi.models.reseller_kpi_value", level="ERROR") as logs,
        ):
            failures = self.Value._refresh(other | self.company, [MARCH], refresh_records=False)
        self.assertIn("KPI Failing month 2026-03-01 failed", logs.output[0])
        self.assertEqual([(company, error) for company, _period, error in failures], [(other, "broken")])
        self.assertEqual(self.Value.search_count([("company_id", "=", other.id)]), before)
        self.assertEqual(self.value("sales.revenue"), 470)

    def test_settings_validation(self):
        for field, bad in (
            ("reseller_kpi_inactivity_days", 0),
            ("reseller_kpi_activation_days", -1),
            ("reseller_kpi_ontime_tolerance_days", -1),
        ):
            with self.subTest(field=field), self.assertRaises(ValidationError):
                self.company.write({field: bad})

    def test_tolerance(self):
        # with 3 days of tolerance the late receipt is on time
        self.company.reseller_kpi_ontime_tolerance_days = 3
        self.Value._refresh(self.company, [MARCH], refresh_records=False)
        self.assertAlmostEqual(self.value("supplier.otd_rate"), 100)

    def test_targets(self):
        Target = self.env["reseller.kpi.target"]
        targets = Target.create(
            [
                {"kpi_code": "sales.revenue", "date_start": "2026-03-17", "target_value": value}
                for value in (400, 500, 600)
            ]
        )
        self.assertEqual(targets.mapped("date_start"), [date(2026, 3, 1)] * 3)
        self.assertEqual(targets.mapped("status"), ["green", "amber", "red"])
        lower = Target.create({"kpi_code": "customers.churn_rate", "date_start": "2026-03-01", "target_value": 95})
        self.assertFalse(lower.higher_is_better)
        self.assertEqual(lower.status, "amber")
        empty = Target.create(
            {
                "kpi_code": "customers.churn_rate",
                "date_start": "2026-03-01",
                "target_value": 5,
                "dimension_ref": f"crm.team,{self.team1.id}",
            }
        )
        self.assertFalse(empty.has_value)
        self.assertFalse(empty.status)

    def test_drill_down(self):
        record = self.Value.search(
            [("kpi_code", "=", "sales.revenue"), ("res_model", "=", "product.category"), ("res_id", "=", self.root.id)]
        )
        action = record.action_open_records()
        lines = self.env[action["res_model"]].search(action["domain"])
        self.assertAlmostEqual(sum(lines.mapped("price_subtotal")), 520)  # 470 in company currency, O7 is 100 foreign
        self.assertEqual(len(lines.order_id), 4)

    def test_scheduled_actions(self):
        def months_stored(period_type="month"):
            return set(
                self.Value.search(
                    [("company_id", "=", self.company.id), ("period_type", "=", period_type), ("res_model", "=", False)]
                ).mapped("date_start")
            )

        with freeze_time("2026-04-15 12:00:00"):
            self.Value._cron_refresh()
            # current and previous month, quarter and year, and the customers' figures as of today
            self.assertTrue({date(2026, 3, 1), date(2026, 4, 1)} <= months_stored())
            self.assertTrue({date(2026, 1, 1), date(2026, 4, 1)} <= months_stored("quarter"))
            self.assertEqual(months_stored("year"), {date(2025, 1, 1), date(2026, 1, 1)})
            self.assertEqual(self.c2.reseller_kpi_lifecycle_state, "new")
        with freeze_time("2026-05-01 06:00:00"):
            self.Value._cron_close_month()
        self.assertEqual(self.value("sales.revenue", period=Period("month", date(2026, 4, 1), date(2026, 4, 30))), 1000)
        self.assertEqual(self.value("sales.revenue"), 470)

    def test_wizard(self):
        wizard = self.env["reseller.kpi.recompute"].create(
            {"date_from": "2026-02-01", "date_to": "2026-03-31", "do_quarter": False, "do_year": False}
        )
        action = wizard.action_recompute()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(self.value("sales.revenue"), 470)
        self.assertEqual(self.value("sales.revenue", period=Period("month", date(2026, 2, 1), date(2026, 2, 28))), 0)
