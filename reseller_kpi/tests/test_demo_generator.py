import doctest
from datetime import date, timedelta
from itertools import pairwise

import pytz

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tests.common import BaseCase

from ..demo_generator import dropship_plan
from ..demo_generator.dropship_plan import DROPSHIP_VENDORS, build_dropship_plan
from ..demo_generator.plan import CATEGORY_TREE, VENDORS, build_plan

END = date(2026, 6, 30)


class TestDemoPlan(BaseCase):
    """The plan is plain Python: deterministic and complete without a database."""

    def test_dropship_plan_doctests(self):
        result = doctest.testmod(dropship_plan)
        self.assertTrue(result.attempted)
        self.assertFalse(result.failed)

    def test_same_seed_same_plan(self):
        first, second = build_plan(seed=7, scale=0.3, end_date=END), build_plan(seed=7, scale=0.3, end_date=END)
        self.assertEqual(first.summary(), second.summary())
        self.assertEqual(
            [(o.customer, o.date_order, [(ln.product, ln.qty, ln.price) for ln in o.lines]) for o in first.orders],
            [(o.customer, o.date_order, [(ln.product, ln.qty, ln.price) for ln in o.lines]) for o in second.orders],
        )
        self.assertNotEqual(first.summary(), build_plan(seed=8, scale=0.3, end_date=END).summary())

    def test_scale(self):
        plan = build_plan(seed=42, scale=1, end_date=END)
        summary = plan.summary()
        # about 400 customers and 10,000 lines at scale 1
        self.assertEqual(summary["customers"], 400)
        self.assertAlmostEqual(summary["sale_order_lines"], 10_000, delta=1_000)
        self.assertEqual(summary["products"], 202)
        self.assertEqual(len(VENDORS), 15)
        self.assertEqual(plan.start, date(2024, 7, 1))
        with self.assertRaises(ValueError):
            build_plan(scale=0)

    def test_behaviours(self):
        plan = build_plan(seed=42, scale=1, end_date=END)
        by_customer = {}
        for order in plan.orders:
            if order.state == "sale":
                by_customer.setdefault(order.customer, []).append(order.date_order.date())
        gaps = {
            c: max((b - a).days for a, b in pairwise(days)) if len(days) > 1 else 0 for c, days in by_customer.items()
        }
        self.assertTrue(any(gap > 365 for gap in gaps.values()), "someone churns and comes back")
        self.assertTrue(any(max(days) < END - timedelta(days=365) for days in by_customer.values()), "someone churned")
        first_months = {min(days).replace(day=1) for days in by_customer.values()}
        self.assertEqual(len(first_months), 24, "new customers every month")
        self.assertEqual({c.team for c in plan.customers}, {"shop", "web", "b2b"})
        self.assertTrue(any(o.usd for o in plan.orders))
        self.assertTrue(any(o.commitment_date for o in plan.orders))
        self.assertTrue(any(p.returns for p in plan.purchases))
        self.assertTrue(any(len(p.receipts) == 2 for p in plan.purchases), "a partial receipt and its backorder")
        self.assertEqual({e.kind for e in plan.expenses}, {"fixed", "variable", "marketing"})


@tagged("post_install", "-at_install")
class TestDemoGenerator(TransactionCase):
    """The generator creates exactly the plan, through the ORM, with every behaviour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = build_plan(seed=3, scale=0.05, end_date=END)
        cls.summary = cls.env["reseller.kpi.demo.generator"].generate(seed=3, scale=0.05, end_date=END)
        cls.company = cls.env.company

    def _local(self, dt):
        return self.env["reseller.kpi.demo.generator"]._utc(dt)

    def test_database_matches_plan(self):
        # add-ons (reseller_kpi_survey) add their own keys to the summary
        self.assertEqual({key: self.summary[key] for key in self.plan.summary()}, self.plan.summary())
        self.assertEqual(self.company.currency_id, self.env.ref("base.EUR"))
        self.assertEqual(self.company.partner_id.tz, "Europe/Paris")

    def test_history_matches_odoo_sale_report(self):
        """The stored monthly revenue and margin add up to what Odoo's own sale.report gives."""
        Value = self.env["reseller.kpi.value"]
        months = Value.search(
            [("kpi_code", "=", "sales.revenue"), ("period_type", "=", "month"), ("res_model", "=", False)]
        )
        self.assertEqual(len(months), 24)
        self.assertEqual(min(months.mapped("date_start")), self.plan.start)
        report = self.env["sale.report"]._read_group(
            [("state", "=", "sale"), ("company_id", "=", self.company.id)], [], ["price_subtotal:sum", "margin:sum"]
        )[0]
        self.assertAlmostEqual(sum(months.mapped("value")), report[0], places=2)
        margins = Value.search(
            [("kpi_code", "=", "margin.amount"), ("period_type", "=", "month"), ("res_model", "=", False)]
        )
        self.assertAlmostEqual(sum(margins.mapped("value")), report[1], places=2)
        years = Value.search(
            [("kpi_code", "=", "sales.revenue"), ("period_type", "=", "year"), ("res_model", "=", False)]
        )
        self.assertAlmostEqual(sum(years.mapped("value")), report[0], places=2)

    def test_generating_twice_is_refused(self):
        with self.assertRaises(UserError):
            self.env["reseller.kpi.demo.generator"].generate(seed=3, scale=0.05, end_date=END)

    def test_category_tree_has_three_levels(self):
        root = self.env.ref("product.product_category_all")
        leaves = self.env["product.category"].search([("parent_id.parent_id.parent_id", "=", root.id)])
        expected = sum(len(l3) for l2 in CATEGORY_TREE.values() for l3 in l2.values())
        self.assertEqual(len(leaves), expected)
        self.assertEqual(expected, 18)
        products = self.env["product.product"].search([("default_code", "=like", "RK%")])
        self.assertTrue(all(p.categ_id in leaves for p in products if p.type == "consu"))
        self.assertTrue(products.filtered(lambda p: p.type == "service"))

    def test_sale_orders_keep_their_dates(self):
        orders = self.env["sale.order"].search([("company_id", "=", self.company.id), ("state", "=", "sale")])
        first = min(orders.mapped("date_order"))
        self.assertLess(first.date(), date(2024, 8, 1))
        self.assertTrue(all(o.date_order.date() <= END for o in orders))
        usd = orders.filtered(lambda o: o.currency_id.name == "USD")
        self.assertTrue(usd)
        # the rate is the one of the order's month, not today's
        order = usd[0]
        month = order.date_order.date().replace(day=1)
        self.assertAlmostEqual(order.currency_rate, self.plan.usd_rates[month], places=4)
        self.assertTrue(orders.filtered("commitment_date"))
        self.assertTrue(all(line.purchase_price > 0 for line in orders.order_line if line.product_id.standard_price))

    def test_deliveries_late_and_on_time(self):
        moves = self.env["stock.move"].search(
            [
                ("state", "=", "done"),
                ("picking_code", "=", "outgoing"),
                ("sale_line_id", "!=", False),
            ]
        )
        self.assertTrue(moves)

        def promised(move):
            order = move.sale_line_id.order_id
            if order.commitment_date:
                return order.commitment_date.date()
            return order.date_order.date() + timedelta(days=int(move.sale_line_id.customer_lead))

        late = moves.filtered(lambda m: m.date.date() > promised(m) + timedelta(days=1))
        self.assertTrue(late, "some deliveries are late")
        self.assertTrue(moves - late, "most deliveries are on time")
        self.assertTrue(all(m.date.date() <= END for m in moves))

    def test_vendor_behaviours(self):
        receipts = self.env["stock.move"].search(
            [
                ("state", "=", "done"),
                ("picking_code", "=", "incoming"),
                ("purchase_line_id", "!=", False),
            ]
        )
        late = receipts.filtered(lambda m: m.date.date() > m.purchase_line_id.date_planned.date())
        self.assertTrue(late, "some vendor delivers late")
        late_vendors = late.mapped("purchase_line_id.partner_id.name")
        self.assertTrue(set(late_vendors) & {name for name, behaviour, _lead in VENDORS if behaviour == "late"})
        # a partial delivery: one purchase line received in two moves
        per_line = {}
        for move in receipts:
            per_line[move.purchase_line_id] = per_line.get(move.purchase_line_id, 0) + 1
        self.assertTrue(any(count >= 2 for count in per_line.values()))
        returns = self.env["stock.move"].search(
            [("state", "=", "done"), ("origin_returned_move_id", "in", receipts.ids)]
        )
        self.assertTrue(returns, "at least one return to the vendor")
        self.assertTrue(all(m.purchase_line_id for m in returns))
        purchases = self.env["purchase.order"].search([("company_id", "=", self.company.id)])
        self.assertTrue(all(p.date_approve.date() <= END for p in purchases))

    def test_customers_churn_and_come_back(self):
        groups = self.env["sale.order"]._read_group(
            [("state", "=", "sale"), ("company_id", "=", self.company.id)],
            ["partner_id"],
            ["date_order:array_agg"],
        )
        per_customer = {}
        for partner, dates in groups:
            per_customer.setdefault(partner.commercial_partner_id, []).extend(dates)
        came_back = churned = 0
        for dates in per_customer.values():
            dates = sorted(dates)
            if any((b - a).days > 365 for a, b in pairwise(dates)):
                came_back += 1
            if dates[-1].date() < END - timedelta(days=365):
                churned += 1
        self.assertGreater(came_back, 0)
        self.assertGreater(churned, 0)
        # contacts of one company order too, and several teams sell
        partners = self.env["sale.order"].search([("company_id", "=", self.company.id)]).partner_id
        self.assertTrue(partners.filtered("parent_id"))
        self.assertEqual(len(self.env["sale.order"].search([]).team_id), 3)

    def test_leads(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        leads = Lead.search([("company_id", "=", self.company.id)])
        won = leads.filtered(lambda lead: lead.active and lead.probability == 100)
        lost = leads.filtered(lambda lead: not lead.active and lead.probability == 0)
        self.assertEqual(len(won), self.plan.summary()["leads_won"])
        self.assertEqual(len(lost), self.plan.summary()["leads_lost"])
        self.assertTrue(leads.filtered(lambda lead: not lead.partner_id))
        self.assertTrue(all(lead.create_date.date() <= END for lead in leads))
        self.assertTrue(all(lead.date_closed >= lead.create_date for lead in won | lost))

    def test_expenses_on_tagged_accounts(self):
        for xmlid in ("account_tag_fixed_cost", "account_tag_variable_cost", "account_tag_marketing"):
            tag = self.env.ref(f"reseller_kpi.{xmlid}")
            lines = self.env["account.move.line"].search(
                [
                    ("account_id.tag_ids", "in", tag.ids),
                    ("parent_state", "=", "posted"),
                    ("company_id", "=", self.company.id),
                ]
            )
            self.assertTrue(lines, xmlid)
            self.assertEqual(len({line.date.replace(day=1) for line in lines}) >= 12, True)

    def test_dropshipped_orders(self):
        """Two vendors ship straight to the customer (Odoo's Drop Shipping): one purchase order and one
        drop-shipping transfer per order, validated on the plan's day; the stored receipts of each vendor
        and the company's deliveries of every month count those moves beside the warehouse's."""
        dropships = build_dropship_plan(self.plan)
        self.assertEqual(self.summary["dropship_orders"], len(dropships))
        self.assertEqual(len(dropships), 13)
        moves = self.env["stock.move"].search([("picking_code", "=", "dropship"), ("company_id", "=", self.company.id)])
        done = moves.filtered(lambda m: m.state == "done")
        self.assertEqual(len(done), sum(1 for order in dropships if order.shipped))
        self.assertEqual(len(moves - done), sum(1 for order in dropships if not order.shipped))
        self.assertEqual(set(moves.purchase_line_id.partner_id.mapped("name")), set(DROPSHIP_VENDORS))
        self.assertTrue(all(m.sale_line_id and m.purchase_line_id for m in moves))
        self.assertEqual(
            sorted((m.date.date(), m.quantity) for m in done),
            sorted((self._local(o.shipped).date(), o.qty) for o in dropships if o.shipped),
        )
        self.assertEqual(len(moves.purchase_line_id.order_id), len(dropships))

        Value = self.env["reseller.kpi.value"]
        tz = pytz.timezone("Europe/Paris")

        def month_of(move):
            return pytz.utc.localize(move.date).astimezone(tz).date().replace(day=1)

        def quantities(moves):
            per_month = {}
            for move in moves:
                per_month[month_of(move)] = per_month.get(month_of(move), 0.0) + move.quantity
            return per_month

        all_done = self.env["stock.move"].search([("state", "=", "done"), ("company_id", "=", self.company.id)])
        for vendor in moves.purchase_line_id.partner_id:
            receipts = all_done.filtered(
                lambda m, v=vendor: m.picking_code in ("incoming", "dropship") and m.purchase_line_id.partner_id == v
            )
            stored = Value.search(
                [
                    ("kpi_code", "=", "supplier.otd_rate"),
                    ("period_type", "=", "month"),
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", vendor.id),
                ]
            )
            self.assertEqual(
                {v.date_start: v.denominator for v in stored if v.denominator},
                {month: qty for month, qty in quantities(receipts).items() if month <= END},
                vendor.name,
            )
        deliveries = all_done.filtered(lambda m: m.picking_code in ("outgoing", "dropship") and m.sale_line_id)
        stored = Value.search(
            [("kpi_code", "=", "delivery.otd_rate"), ("period_type", "=", "month"), ("res_model", "=", False)]
        )
        self.assertEqual({v.date_start: v.denominator for v in stored if v.denominator}, quantities(deliveries))
