"""The salesperson dimension, the salesperson's dashboard, quotas, the leaderboard and customers to call.

The fixture's orders are given salespeople (contract, "The salesperson dimension"):

- seller 1: o1 (C1, 10 Jan 2025), o2 (C1, 5 March: revenue 150, margin 40 + 50, 1 item),
  o4 (C3, 1 Dec 2024), o11 (C9, 18 March: a dozen, revenue 600, margin 240, 12 items),
  o12 (C9, 25 March: revenue 10, margin 6, 1 item);
- seller 2: o3 (C2, 1 March in Paris: revenue 30 + 40, margin 18 + 40, 4 items), o5 (C3, 20 March:
  revenue 200, margin 140, 1 item), o6 (C4, 15 March 2025), o7 (C2, 10 March: 100 at rate 2 = 50,
  margin 46, 1 item);
- nobody: o8 (C1, 1 April), o9 (C6, May), o10 (C8, June 2025), o13 (C8, 12 March: revenue 20, margin 12).

In March (W = 365): seller 1 has C1 and C9 active on 31 March, nobody active on 28 February
(C1's o1 and C3's o4 are older than 365 days), C9 new, C1 reactivated. Seller 2 has C2 and C3 active,
C4 active on 28 February and churned, C2 and C3 new *for seller 2* (their first order taken by
seller 2; C3 ordered from seller 1 before).
"""

from freezegun import freeze_time
from lxml import html as lxml_html

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MARCH, KpiFixtureCase


@tagged("post_install", "-at_install")
class TestSalesperson(KpiFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller_all = new_test_user(
            cls.env, "kpi_sp_all", groups="sales_team.group_sale_salesman_all_leads", name="All documents"
        )
        cls.leader = new_test_user(cls.env, "kpi_sp_leader", groups="sales_team.group_sale_salesman", name="Leader")
        cls.manager = new_test_user(cls.env, "kpi_sp_manager", groups="reseller_kpi.group_manager,base.group_user")
        cls.team1.user_id = cls.leader
        cls.env["crm.team.member"].create(
            [
                {"crm_team_id": cls.team1.id, "user_id": cls.seller1.id},
                {"crm_team_id": cls.team1.id, "user_id": cls.seller2.id},
            ]
        )
        by_seller = {
            cls.seller1.id: (cls.o1 | cls.o2 | cls.o4 | cls.o11 | cls.o12).ids,
            cls.seller2.id: (cls.o3 | cls.o5 | cls.o6 | cls.o7).ids,
            None: (cls.o8 | cls.o9 | cls.o10 | cls.o13).ids,
        }
        cls.env.flush_all()
        for user_id, order_ids in by_seller.items():
            cls.env.cr.execute("UPDATE sale_order SET user_id = %s WHERE id = ANY(%s)", (user_id, order_ids))
        cls.env.invalidate_all()
        cls.Value._refresh(cls.company, [MARCH], refresh_records=False)

    # ------------------------------------------------------------------ stored values
    def test_sales_per_salesperson(self):
        self.assertValues(
            {
                "sales.revenue": 760.0,  # 150 + 600 + 10
                "sales.orders": 3,
                "sales.aov": 760 / 3,
                "sales.items": 14,  # 1 + 12 + 1
                "margin.amount": 336.0,  # 90 + 240 + 6
                "margin.rate": 336 / 760 * 100,
            },
            self.seller1,
        )
        self.assertValues(
            {
                "sales.revenue": 320.0,  # 70 + 200 + 50
                "sales.orders": 3,
                "sales.items": 6,  # 4 + 1 + 1
                "margin.amount": 244.0,  # 58 + 140 + 46
                "margin.rate": 76.25,
            },
            self.seller2,
        )
        # the company still counts o13, which has no salesperson: 760 + 320 + 20
        self.assertValues({"sales.revenue": 1100.0, "sales.orders": 7})

    def test_customers_per_salesperson(self):
        self.assertValues(
            {
                "customers.active": 2,  # C1, C9
                "customers.active_start": 0,
                "customers.new": 1,  # C9
                "customers.reactivated": 1,  # C1
                "customers.churned": 0,
                "customers.churn_rate": None,  # nobody active at start
                "customers.retention_rate": None,
                "customers.net_balance": 2,
                "customers.revenue_per_active": 380.0,  # 760 / 2
                "customers.orders_per_active": 1.5,
                "customers.items_per_active": 7.0,
                # prospects of seller 1's first leads: C5 (L2), never ordering here
                "customers.activation_rate": 0.0,
                # margin of the 365 days 336 / 2 active = 168, a year before C1 and C3 were active and
                # C3 churned since: churn 1/2, a lifetime of 2 years
                "customers.clv": 336.0,
            },
            self.seller1,
        )
        self.assertValues(
            {
                "customers.active": 2,  # C2, C3
                "customers.active_start": 1,  # C4 (15 March 2025)
                "customers.new": 2,  # C2, and C3's first order with seller 2
                "customers.reactivated": 0,
                "customers.churned": 1,  # C4
                "customers.churn_rate": 100.0,
                "customers.retention_rate": 0.0,
                "customers.net_balance": 1,
                "customers.revenue_per_active": 160.0,
                # C6 (L3, first order 58 days later) activated, C7 (L5) not
                "customers.activation_rate": 50.0,
                # 244 / 2 = 122, C4 active a year before and churned: a lifetime of 1 year
                "customers.clv": 122.0,
            },
            self.seller2,
        )

    def test_movement_per_salesperson(self):
        for seller in (self.seller1, self.seller2):
            with self.subTest(seller=seller.name):
                start, new, reactivated, churned, active = (
                    self.value(code, seller)
                    for code in (
                        "customers.active_start",
                        "customers.new",
                        "customers.reactivated",
                        "customers.churned",
                        "customers.active",
                    )
                )
                self.assertEqual(start + new + reactivated - churned, active)

    def test_deliveries_per_salesperson(self):
        # seller 1: o2's unit 1 day late, o11's dozen (12 units) 2 days late
        self.assertValues(
            {"delivery.otd_rate": 0.0, "delivery.delay_days": 25 / 13, "delivery.lead_days": 2.0}, self.seller1
        )
        # seller 2: o3's 3 units on 2 March, promised 3 March; o5's unit is delivered in April
        self.assertValues(
            {"delivery.otd_rate": 100.0, "delivery.delay_days": 0.0, "delivery.lead_days": 1.0}, self.seller2
        )

    def test_drilldown_per_salesperson(self):
        def opened(code, seller, ref=None):
            # the first set: the sale orders' (a sales channel add-on lists its own documents beside them)
            ref = ref or self.stored(code, seller)._record_sets()[0].ref
            action = self.stored(code, seller).action_open_records(ref)
            return set(self.env[action["res_model"]].with_context(active_test=False).search(action["domain"]).ids)

        self.assertEqual(opened("sales.orders", self.seller1), set((self.o2 | self.o11 | self.o12).ids))
        self.assertEqual(opened("customers.new", self.seller2), set((self.c2 | self.c3).ids))
        self.assertEqual(opened("customers.churned", self.seller2), {self.c4.id})
        self.assertEqual(opened("customers.reactivated", self.seller1), {self.c1.id})
        self.assertEqual(opened("customers.active", self.seller1), set((self.c1 | self.c9).ids))

    def test_orders_without_salesperson_are_stored_for_nobody(self):
        stored = self.Value.search(
            [
                ("company_id", "=", self.company.id),
                ("period_type", "=", "month"),
                ("date_start", "=", MARCH.date_start),
                ("res_model", "=", "res.users"),
                ("kpi_code", "=", "sales.revenue"),
            ]
        )
        self.assertEqual(set(stored.mapped("res_id")), {self.seller1.id, self.seller2.id})

    # ------------------------------------------------------------------ dashboards
    def _cards(self, data):
        return {card["code"]: card for section in data["sections"] for card in section["cards"]}

    def test_own_documents_dashboard(self):
        data = self.env["reseller.kpi.dashboard"].with_user(self.seller1).get_dashboard("month", "2026-03-10")
        cards = self._cards(data)
        self.assertEqual(data["scope"], "own")
        self.assertEqual(cards["sales.revenue"]["value"], 760.0)
        self.assertEqual(cards["margin.amount"]["value"], 336.0)
        self.assertEqual(cards["delivery.otd_rate"]["value"], 0.0)
        steps = {step["code"]: step["value"] for step in data["movement"]["steps"]}
        self.assertEqual(
            steps,
            {
                "customers.active_start": 0,
                "customers.new": 1,
                "customers.reactivated": 1,
                "customers.churned": 0,
                "customers.active": 2,
            },
        )
        # nothing company-wide: no supplier or finance card, no category, cohort, pacing or salesperson list
        self.assertFalse({code for code in cards if code.split(".")[0] in ("supplier", "finance", "marketing")})
        self.assertIsNone(data["categories"])
        self.assertIsNone(data["cohorts"])
        self.assertEqual(data["salespeople"], [])
        self.assertIsNone(data["leaderboard"])
        with self.assertRaises(AccessError):
            self.env["reseller.kpi.dashboard"].with_user(self.seller1).get_dashboard(
                "month", "2026-03-10", user_id=self.seller2.id
            )

    def test_choose_a_salesperson(self):
        dashboard = self.env["reseller.kpi.dashboard"].with_user(self.seller_all)
        data = dashboard.get_dashboard("month", "2026-03-10", user_id=self.seller2.id)
        cards = self._cards(data)
        self.assertEqual(data["scope"], "user")
        self.assertEqual(data["salesperson"], self.seller2.name)
        self.assertEqual(cards["sales.revenue"]["value"], 320.0)
        self.assertEqual(cards["customers.churned"]["value"], 1)
        self.assertIn(self.seller2.id, [person["id"] for person in data["salespeople"]])
        with self.assertRaises(UserError):
            dashboard.get_dashboard("month", "2026-03-10", user_id=self.env.ref("base.public_user").id)
        with self.assertRaises(UserError):
            dashboard.get_dashboard("month", "2026-03-10", user_id="seller")

    def test_quota_and_pace(self):
        self.env["reseller.kpi.target"].create(
            {
                "kpi_code": "sales.revenue",
                "period_type": "month",
                "date_start": "2026-03-01",
                "company_id": self.company.id,
                "dimension_ref": f"res.users,{self.seller1.id}",
                "target_value": 2000,
            }
        )
        data = self.env["reseller.kpi.dashboard"].with_user(self.seller1).get_dashboard("month", "2026-03-10")
        card = self._cards(data)["sales.revenue"]
        self.assertEqual(card["target"]["status"], "red")  # 760 of 2000
        self.assertAlmostEqual(card["target"]["achieved"], 38.0)
        self.assertIsNone(card["target"]["pace"])  # March is over
        # on 10 March, with the values computed that day: 760 × 31 / 10 = 2356, 117.8 % of 2000
        with freeze_time("2026-03-10 12:00:00"):
            self.Value._refresh(self.company, [MARCH], refresh_records=False)
            data = self.env["reseller.kpi.dashboard"].with_user(self.seller1).get_dashboard("month", "2026-03-10")
        card = self._cards(data)["sales.revenue"]
        self.assertAlmostEqual(card["target"]["pace"]["projected"], 2356.0)
        self.assertAlmostEqual(card["target"]["pace"]["achieved"], 117.8)
        self.assertIn("on pace for 118", card["target_text"])

    # ------------------------------------------------------------------ leaderboard
    def test_leaderboard_for_the_team_leader(self):
        data = (
            self.env["reseller.kpi.dashboard"]
            .with_user(self.leader)
            .get_dashboard("month", "2026-03-10", team_id=self.team1.id)
        )
        board = data["leaderboard"]
        self.assertEqual(data["scope"], "own")
        self.assertEqual([row["user_id"] for row in board["rows"]], [self.seller1.id, self.seller2.id, self.leader.id])
        revenue = {row["user_id"]: row["cells"]["sales.revenue"]["value"] for row in board["rows"]}
        self.assertEqual(revenue, {self.seller1.id: 760.0, self.seller2.id: 320.0, self.leader.id: 0.0})
        seller2 = next(row for row in board["rows"] if row["user_id"] == self.seller2.id)
        self.assertEqual(seller2["cells"]["customers.churned"]["value"], 1)
        self.assertAlmostEqual(seller2["cells"]["margin.rate"]["value"], 76.25)
        # Team 1's own total: o2 150, o5 200, o11 600, o12 10 (o5 is seller 2's, in Team 1)
        self.assertEqual(board["total"]["sales.revenue"]["value"], 960.0)
        # a leader on their own documents cannot open a colleague's records
        self.assertFalse(seller2["cells"]["sales.revenue"]["value_id"])
        columns = [column["code"] for column in board["columns"]]
        self.assertEqual(columns[:4], ["sales.revenue", "margin.amount", "margin.rate", "sales.orders"])
        self.assertIn("crm.win_rate", columns)

    def test_leaderboard_with_quota_for_a_manager(self):
        self.env["reseller.kpi.target"].create(
            {
                "kpi_code": "sales.revenue",
                "period_type": "month",
                "date_start": "2026-03-01",
                "company_id": self.company.id,
                "dimension_ref": f"res.users,{self.seller2.id}",
                "target_value": 400,
            }
        )
        board = (
            self.env["reseller.kpi.dashboard"]
            .with_user(self.manager)
            .get_dashboard("month", "2026-03-10", team_id=self.team1.id)["leaderboard"]
        )
        seller2 = next(row for row in board["rows"] if row["user_id"] == self.seller2.id)
        self.assertAlmostEqual(seller2["quota"]["achieved"], 80.0)  # 320 / 400
        self.assertTrue(board["has_quota"])
        self.assertTrue(seller2["cells"]["sales.revenue"]["value_id"])

    def test_no_leaderboard_for_colleagues(self):
        data = (
            self.env["reseller.kpi.dashboard"]
            .with_user(self.seller1)
            .get_dashboard("month", "2026-03-10", team_id=self.team1.id)
        )
        self.assertIsNone(data["leaderboard"])
        self.assertEqual(data["teams"], [])

    # ------------------------------------------------------------------ customers to call
    def _to_call(self, user, salesperson=None):
        action = (
            self.env["reseller.kpi.dashboard"]
            .with_user(user)
            .action_customers_to_call(self.company.id, salesperson.id if salesperson else False)
        )
        partners = self.env["res.partner"].with_user(user).with_context(**action["context"]).search(action["domain"])
        return {
            p.id: (
                p.reseller_kpi_call_state,
                str(p.reseller_kpi_call_last_order),
                p.reseller_kpi_call_orders,
                p.reseller_kpi_call_revenue,
                p.reseller_kpi_call_interval,
            )
            for p in partners
        }

    @freeze_time("2026-12-10 12:00:00")
    def test_customers_to_call_at_risk(self):
        # seller 1's C1: last order 5 March, 280 days ago (> 0.75 × 365); orders 10 Jan 2025 and 5 March 2026,
        # 419 days apart; revenue of the 365 days: o2's 150
        self.assertEqual(self._to_call(self.seller1), {self.c1.id: ("at_risk", "2026-03-05", 2, 150.0, 419.0)})
        # seller 2's C2: 1 and 10 March (9 days apart), 275 days ago, revenue 70 + 50
        self.assertEqual(self._to_call(self.seller2), {self.c2.id: ("at_risk", "2026-03-10", 2, 120.0, 9.0)})
        # every salesperson's: C1 ordered on 1 April (o8, no salesperson), C8 on 12 March (273 days: active)
        self.assertEqual(set(self._to_call(self.manager)), {self.c2.id})
        # a manager may ask for one salesperson
        self.assertEqual(set(self._to_call(self.manager, self.seller1)), {self.c1.id})
        with self.assertRaises(AccessError):
            self._to_call(self.seller1, self.seller2)

    @freeze_time("2026-04-01 12:00:00")
    def test_customers_to_call_churned(self):
        # C4's last order with seller 2 was 15 March 2025: churned 15 March 2026, 17 days ago
        self.assertEqual(self._to_call(self.seller2), {self.c4.id: ("churned", "2025-03-15", 1, 0.0, 0.0)})
        # C3's last order with seller 1 (1 Dec 2024) churned more than 90 days ago
        self.assertEqual(self._to_call(self.seller1), {})

    # ------------------------------------------------------------------ company-wide figures on records
    def test_company_wide_figures_hidden_from_own_documents(self):
        for model, field in (
            ("res.partner", "reseller_kpi_revenue_365"),
            ("res.partner", "reseller_kpi_margin_365"),
            ("product.category", "reseller_kpi_revenue_12m"),
        ):
            with self.subTest(field=field):
                record = self.env[model].search([], limit=1)
                with self.assertRaises(AccessError):
                    record.with_user(self.seller1).read([field])
                record.with_user(self.seller_all).read([field])
                record.with_user(self.manager).read([field])
        self.assertFalse(self.seller1.has_group("reseller_kpi.group_company_figures"))
        self.assertTrue(self.seller_all.has_group("reseller_kpi.group_company_figures"))
        self.env.flush_all()
        self.assertFalse(
            self.env["res.partner"].with_user(self.seller1).fields_get(["reseller_kpi_revenue_365"]),
        )

    def test_target_per_salesperson_allowed(self):
        target = self.env["reseller.kpi.target"].create(
            {
                "kpi_code": "customers.new",
                "period_type": "month",
                "date_start": "2026-03-01",
                "company_id": self.company.id,
                "dimension_ref": f"res.users,{self.seller2.id}",
                "target_value": 2,
            }
        )
        self.assertEqual(target.status, "green")
        self.assertEqual(target.value, 2)

    # ------------------------------------------------------------------ the management report
    def test_management_report_of_a_salesperson(self):
        def printed(user, **data):
            values = {"period_type": "month", "day": "2026-03-01", "company_id": self.company.id, **data}
            content, _kind = (
                self.env["ir.actions.report"]
                .with_user(user)
                ._render_qweb_html("reseller_kpi.management_report_action", [self.company.id], data=values)
            )
            page = lxml_html.fromstring(content.decode())
            row = page.xpath("//tr[@data-code='sales.revenue']")[0]
            return " ".join(page.text_content().split()), " ".join(row.xpath("./td")[1].text_content().split())

        text, revenue = printed(self.manager, user_id=self.seller2.id)
        self.assertIn(f"Salesperson {self.seller2.name}", text)
        self.assertIn("320.00", revenue)
        # a salesperson on their own documents prints their own figures
        text, revenue = printed(self.seller1)
        self.assertIn("Your own figures", text)
        self.assertIn("760.00", revenue)

    # ------------------------------------------------------------------ bad callers, bad arguments
    def test_customers_to_call_refuses_bad_callers_and_arguments(self):
        employee = new_test_user(self.env, "kpi_sp_employee", groups="base.group_user")
        dashboard = self.env["reseller.kpi.dashboard"]
        with self.assertRaises(AccessError):
            dashboard.with_user(employee).action_customers_to_call(self.company.id)
        for company_id, user_id in (("one", False), (self.company.id, "seller"), (self.company.id, -3)):
            with self.subTest(company_id=company_id, user_id=user_id), self.assertRaises(UserError):
                dashboard.with_user(self.manager).action_customers_to_call(company_id, user_id)
        # a context naming no salesperson of the company gives empty figures, not an error
        partner = self.c1.with_user(self.manager).with_context(
            reseller_kpi_call_company=self.company.id, reseller_kpi_call_user="seller"
        )
        self.assertFalse(partner.reseller_kpi_call_state)
