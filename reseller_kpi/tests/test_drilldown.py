"""Every number opens exactly the records it counts.

For every stored value of the fixture (every code, the company and every
dimension, March and ISO week 10), each record set the registry lists is
opened and its records are measured again here, in Python, from their own
fields: their count or summed quantity or amount must equal the stored value,
numerator or denominator the set claims to explain.
"""

from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from ..engine.codes import REGISTRY
from ..engine.periods import local_date
from .common import MARCH, WEEK_10, KpiFixtureCase


@tagged("post_install", "-at_install")
class TestDrilldown(KpiFixtureCase):
    # ------------------------------------------------------------------ measures, recomputed from the records
    def local(self, value):
        return local_date(value, "Europe/Paris")

    def product_qty(self, uom, qty, product):
        return uom._compute_quantity(qty, product.uom_id, round=False)

    def due_day(self, move):
        tolerance = self.company.reseller_kpi_ontime_tolerance_days
        return self.local(move.purchase_line_id.date_planned) + timedelta(days=tolerance)

    def promised_day(self, move):
        order = move.sale_line_id.order_id
        if order.commitment_date:
            return self.local(order.commitment_date)
        return self.local(order.date_order + timedelta(days=move.sale_line_id.customer_lead))

    def measure(self, name, records, value):
        """`name` of the registry, measured on `records` (sale lines, moves, leads, journal items...)."""
        if name == "count":
            return len(records)
        if not records:
            return 0.0  # an empty set of any model (another channel's lines) measures nothing
        if records._name == "sale.order.line":
            revenue = sum(line.price_subtotal / line.order_id.currency_rate for line in records)
            margin = sum(
                (line.price_subtotal - line.purchase_price * line.product_uom_qty) / line.order_id.currency_rate
                for line in records
            )
            return {
                "revenue": revenue,
                "margin": margin,
                "cost": revenue - margin,
                "items": sum(
                    self.product_qty(line.product_uom, line.product_uom_qty, line.product_id) for line in records
                ),
            }[name]
        if records._name == "stock.move":
            qty = {move: self.product_qty(move.product_uom, move.quantity, move.product_id) for move in records}
            if name == "quantity":
                return sum(qty.values())
            receipts = bool(records.purchase_line_id)
            if name == "delay_quantity_days":
                due = self.due_day if receipts else self.promised_day
                return sum(qty[m] * max(0, (self.local(m.date) - due(m)).days) for m in records)
            if name == "lead_days":
                start = (
                    (lambda m: self.local(m.purchase_line_id.order_id.date_approve))
                    if receipts
                    else (lambda m: self.local(m.sale_line_id.order_id.date_order))
                )
                return sum((self.local(m.date) - start(m)).days for m in records)
        if records._name == "purchase.order.line":
            if name == "ordered_quantity":
                return sum(records.mapped("product_uom_qty"))
            if name == "purchase_amount":
                return sum(line.price_subtotal / line.order_id.currency_rate for line in records)
            if name == "filled_quantity":
                filled = 0
                for line in records:
                    received = sum(
                        self.product_qty(m.product_uom, m.quantity, m.product_id)
                        for m in line.move_ids
                        if m.state == "done"
                        and m.picking_type_id.code == "incoming"
                        and self.local(m.date) <= value.date_end
                    )
                    filled += min(received, line.product_uom_qty)
                return filled
        if records._name == "crm.lead" and name == "cycle_days":
            return sum((self.local(lead.date_closed) - self.local(lead.create_date)).days for lead in records)
        if records._name == "account.move.line" and name == "balance":
            return sum(records.mapped("balance"))
        raise AssertionError(f"no measure {name} for {records._name}")

    # ------------------------------------------------------------------ the check
    def stored_values(self, period):
        return self.Value.search(
            [
                ("company_id", "=", self.company.id),
                ("period_type", "=", period.period_type),
                ("date_start", "=", period.date_start),
            ]
        )

    def opened(self, value, record_set):
        action = value.action_open_records(record_set_ref=record_set.ref)
        return self.env[action["res_model"]].with_context(**action["context"]).search(action["domain"])

    def check_values(self, period):
        values = self.stored_values(period)
        checked = set()
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        for value in values:
            kpi = registry.kpi(value.kpi_code)
            if kpi.family not in REGISTRY.families:
                continue  # another add-on's family: its own tests open its records, on its own fixture
            # the sets explaining one number (value, numerator, denominator) add up to it; parts to the value
            explained = {}
            for record_set in kpi.records:
                with self.subTest(code=value.kpi_code, dimension=value.dimension_name, records=record_set.ref):
                    records = self.opened(value, record_set)
                    measured = self.measure(record_set.measure, records, value)
                    if record_set.explains:
                        target = "value" if record_set.explains == "part" else record_set.explains
                        explained[target] = explained.get(target, 0.0) + measured
            for target, measured in explained.items():
                with self.subTest(code=value.kpi_code, dimension=value.dimension_name, explains=target):
                    self.assertAlmostEqual(measured, value.value if target == "value" else value[target], places=6)
                    checked.add((value.kpi_code, value.res_model or ""))
        return checked

    def test_every_code_and_dimension_opens_its_records_in_march(self):
        checked = self.check_values(MARCH)
        # every code of this add-on's registry, for the company and every dimension it is stored for
        # (the families of other add-ons are checked by their own tests)
        kpis = [kpi for kpi in REGISTRY.by_code.values() if kpi.code != "customers.net_balance"]
        expected = {(kpi.code, "") for kpi in kpis}
        expected |= {(kpi.code, model) for kpi in kpis for model in kpi.dimensions}
        self.assertEqual(expected - checked, set())

    def test_every_code_opens_its_records_in_week_10(self):
        self.assertTrue(self.check_values(WEEK_10))

    def test_net_balance_is_the_difference_of_its_sets(self):
        for value in self.stored_values(MARCH).filtered(lambda v: v.kpi_code == "customers.net_balance"):
            with self.subTest(dimension=value.dimension_name):
                active, at_start = (self.opened(value, rs) for rs in value._record_sets())
                self.assertEqual(len(active) - len(at_start), value.value)

    # ------------------------------------------------------------------ what a controller sees
    def test_churned_customers_are_the_customers(self):
        churn = self.stored("customers.churn_rate")
        self.assertEqual(self.opened(churn, churn._record_sets()[0]), self.c4)
        self.assertEqual(self.opened(churn, churn._record_sets()[1]), self.c4 | self.c8)
        # one set: opened at once, titled with what it lists, the period and the dimension
        action = self.stored("customers.churned", self.team2).action_open_records()
        self.assertEqual((action["res_model"], action["domain"]), ("res.partner", [("id", "in", self.c4.ids)]))
        self.assertEqual(action["name"], "Churned customers · March 2026 · Team 2")
        # shown in the customers' list with their lifecycle, titled like the set, not like that list
        self.assertEqual(action["display_name"], action["name"])
        self.assertEqual(action["views"][0][1], "list")
        self.assertTrue(action["views"][0][0], "the KPI list of customers")
        rate = self.stored("customers.churn_rate").action_open_records("customers:churned")
        self.assertEqual(rate["name"], "Churned customers · Churn rate · March 2026")

    def test_titles_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["reseller_kpi"], ["fr_FR"], overwrite=True)
        churn = self.stored("customers.churn_rate", self.team2).with_context(lang="fr_FR")
        action = churn.action_open_records("customers:churned")
        self.assertEqual(action["name"], "Clients perdus · Taux d'attrition · mars 2026 · Team 2")
        wizard = self.env["reseller.kpi.drilldown"].browse(churn.action_open_records()["res_id"])
        self.assertEqual(wizard.line_ids.mapped("label"), ["Clients perdus", "Clients actifs au début"])

    def test_a_rate_offers_its_sets_with_their_counts(self):
        action = self.stored("supplier.otd_rate").action_open_records()
        self.assertEqual(action["res_model"], "reseller.kpi.drilldown")
        wizard = self.env["reseller.kpi.drilldown"].browse(action["res_id"])
        self.assertEqual(
            [(line.label, line.count) for line in wizard.line_ids],
            [("On-time receipts", 3), ("Receipts", 4), ("Late receipts", 1)],
        )
        late = self.env["stock.move"].search(wizard.line_ids[2].action_open()["domain"])
        self.assertEqual((late.product_id, late.quantity), (self.p1, 4))

    def test_activation_prospects_and_activated(self):
        rate = self.stored("customers.activation_rate")
        activated, prospects = (self.opened(rate, rs) for rs in rate._record_sets())
        self.assertEqual(prospects, self.c5 | self.c6 | self.c7, "archived partners are prospects too")
        self.assertEqual(activated, self.c6)

    def test_finance_lists_only_the_tagged_lines_of_each_code(self):
        fixed = self.opened(self.stored("finance.fixed_costs"), self.stored("finance.fixed_costs")._record_sets()[0])
        self.assertEqual(fixed.mapped("balance"), [1000.0])
        cac = self.stored("marketing.cac")
        marketing, new = (self.opened(cac, rs) for rs in cac._record_sets())
        self.assertEqual(marketing.mapped("balance"), [300.0])
        self.assertEqual(new, self.c2 | self.c9)

    # ------------------------------------------------------------------ access
    def test_salesperson_on_own_documents_sees_and_opens_own_figures(self):
        seller = self.seller2
        values = self.Value.with_user(seller).search([("date_start", "=", MARCH.date_start)])
        self.assertEqual(set(values.mapped("res_model")), {"res.users"})
        self.assertEqual(set(values.mapped("res_id")), {seller.id})
        lost = values.filtered(lambda v: v.kpi_code == "crm.lost" and v.period_type == "month")
        action = lost.action_open_records()
        leads = self.env["crm.lead"].with_user(seller).with_context(active_test=False).search(action["domain"])
        self.assertEqual(len(leads), lost.value)
        self.assertEqual(set(leads.mapped("user_id")), {seller})

    def test_salesperson_on_all_documents_opens_company_figures(self):
        seller = new_test_user(self.env, "kpi_all_documents", groups="sales_team.group_sale_salesman_all_leads")
        churned = self.stored("customers.churned").with_user(seller)
        self.assertEqual(churned.value, 1)
        customers = self.env["res.partner"].with_user(seller).search(churned.action_open_records()["domain"])
        self.assertEqual(customers, self.c4)
        revenue = self.stored("sales.revenue", self.team1).with_user(seller)
        action = revenue.action_open_records("sales:lines")
        lines = self.env["sale.order.line"].with_user(seller).search(action["domain"])
        self.assertAlmostEqual(sum(lines.mapped("price_subtotal")), revenue.value)

    # ------------------------------------------------------------------ the registry decides
    def test_family_is_stored_on_each_value(self):
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        for value in self.stored_values(MARCH):
            self.assertEqual(value.kpi_family, registry.family_of(value.kpi_code))

    def test_each_family_produces_exactly_the_registry_codes(self):
        Collector = self.env["reseller.kpi.collector"]
        registry = Collector._kpi_registry()
        scope = Collector._scope(self.company, MARCH)
        aggregates = {}
        for family in registry.families:
            model = Collector._family(family)
            aggregates[family] = model._aggregate(scope, aggregates)
            for key, agg in aggregates[family].items():
                with self.subTest(family=family, key=key):
                    self.assertEqual(set(model._kpi_values(key, agg, aggregates)), set(registry.codes(family)))
                    if key[0]:
                        self.assertIn(key[0], registry.kpi(registry.codes(family)[0]).dimensions)

    def test_target_on_a_dimension_the_code_is_not_stored_for_is_refused(self):
        Target = self.env["reseller.kpi.target"]
        with self.assertRaisesRegex(ValidationError, "no value per"):
            Target.create(
                {
                    "kpi_code": "customers.churn_rate",
                    "date_start": "2026-03-01",
                    "target_value": 5,
                    "dimension_ref": f"product.category,{self.hardware.id}",
                }
            )
        with self.assertRaisesRegex(ValidationError, "no value per"):
            Target.create(
                {
                    "kpi_code": "finance.break_even",
                    "date_start": "2026-03-01",
                    "target_value": 5,
                    "dimension_ref": f"crm.team,{self.team1.id}",
                }
            )
        ok = Target.create(
            {
                "kpi_code": "crm.win_rate",
                "date_start": "2026-03-01",
                "target_value": 50,
                "dimension_ref": f"res.users,{self.seller2.id}",
            }
        )
        self.assertAlmostEqual(ok.value, 100 / 3, places=2)
        self.assertEqual(ok.status, "red")
        self.assertEqual(len(ok.with_user(self.seller2).search([("id", "=", ok.id)])), 1)
        self.assertFalse(Target.with_user(self.seller1).search([("id", "=", ok.id)]))
