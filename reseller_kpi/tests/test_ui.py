from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from ..engine.periods import period_of


@tagged("post_install", "-at_install")
class TestResellerKpiUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Tour Salesperson",
                    "login": "rk_tour_salesperson",
                    "password": "rk_tour_salesperson",
                    "groups_id": [Command.set([cls.env.ref("sales_team.group_sale_salesman").id])],
                }
            )
        )
        category = cls.env["product.category"].create({"name": "Tour Category"})
        product = cls.env["product.product"].create(
            {
                "name": "Tour Product",
                "type": "consu",
                "categ_id": category.id,
                "list_price": 100.0,
                "standard_price": 70.0,
            }
        )
        customer = cls.env["res.partner"].create({"name": "Tour Customer"})
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": cls.salesperson.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": 100.0})],
            }
        )
        order.action_confirm()

    def test_salesperson_reads_margin_by_category(self):
        # 100.00 sold - 70.00 cost = 30.00 margin in the category's row
        self.start_tour("/odoo", "reseller_kpi_margin_by_category_tour", login="rk_tour_salesperson")

    def test_manager_recomputes_and_reads_history(self):
        # the order of 100.00 confirmed above, and one of 150.00 by the manager: 250.00 this month
        customer = self.env["res.partner"].create({"name": "Tour Customer 2"})
        product = self.env["product.product"].search([("name", "=", "Tour Product")])
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": 150.0})],
            }
        )
        order.action_confirm()
        Value = self.env["reseller.kpi.value"]
        self.assertFalse(Value.search_count([]), "nothing is stored before the manager recomputes")
        self.start_tour("/odoo", "reseller_kpi_recompute_history_tour", login="admin")
        self.assertFalse(Value.search_count([]), "the request runs in the background, not in the click")
        self.env["reseller.kpi.recompute.job"]._cron_run()
        self.start_tour(
            "/odoo/action-reseller_kpi.reseller_kpi_value_action", "reseller_kpi_read_history_tour", login="admin"
        )
        company_wide = [
            ("kpi_code", "=", "sales.revenue"),
            ("company_id", "=", self.env.company.id),
            ("res_model", "=", False),
        ]
        months = Value.search([*company_wide, ("period_type", "=", "month")], order="date_start")
        # the wizard's default range: this month and the 23 before it, each stored once
        today = fields.Date.context_today(Value)
        self.assertEqual(len(months), 24)
        self.assertEqual(months[-1].date_start, today.replace(day=1))
        self.assertEqual(months.mapped("value"), [0.0] * 23 + [250.0])
        self.assertTrue(Value.search_count([*company_wide, ("period_type", "=", "quarter")]))
        self.assertTrue(Value.search_count([*company_wide, ("period_type", "=", "year")]))


@tagged("post_install", "-at_install")
class TestDashboardUi(HttpCase):
    """The dashboard in a browser: this month's revenue, last month's churned customers, a target."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(
            cls.env, "rk_dash_seller", groups="sales_team.group_sale_salesman_all_leads", name="Dashboard Seller"
        )
        product = cls.env["product.product"].create({"name": "Dash Product", "type": "consu"})
        Value = cls.env["reseller.kpi.value"]
        company = cls.env.company
        current = period_of(Value._today(company), "month")
        previous = current.previous()

        def order(name, price, when):
            so = cls.env["sale.order"].create(
                {
                    "partner_id": cls.env["res.partner"].create({"name": name}).id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": price})
                    ],
                }
            )
            so.action_confirm()
            so.date_order = when
            return so

        # this month: 100 + 150; last month's churned customer ordered 363 days before its first day,
        # so it is active on the eve of last month and no longer at its end
        order("Tour Customer A", 100.0, fields.Datetime.now())
        order("Tour Customer B", 150.0, fields.Datetime.now())
        lost_day = previous.date_start - timedelta(days=363)
        order("Tour Lost Customer", 80.0, datetime.combine(lost_day, time(10, 0)))
        Value._refresh(company, [previous, current], refresh_records=False)
        cls.previous = previous

    def test_salesperson_reads_the_dashboard(self):
        churned = self.env["reseller.kpi.value"].search(
            [
                ("kpi_code", "=", "customers.churned"),
                ("company_id", "=", self.env.company.id),
                ("period_type", "=", "month"),
                ("date_start", "=", self.previous.date_start),
                ("res_model", "=", False),
            ]
        )
        self.assertEqual(churned.value, 1, "the tour opens one churned customer")
        self.start_tour("/odoo", "reseller_kpi_dashboard_salesperson_tour", login="rk_dash_seller")

    def test_alert_link_opens_the_records(self):
        company = self.env.company
        rule = self.env["reseller.kpi.alert"].create(
            {"name": "Churn", "kpi_code": "customers.churned", "condition": "above", "threshold": 0.0}
        )
        event = self.env["reseller.kpi.alert"]._evaluate_company(
            company, self.env["reseller.kpi.value"]._today(company)
        )
        self.assertEqual((event.alert_id, event.date_start, event.value), (rule, self.previous.date_start, 1.0))
        self.assertIn(self.env.ref("base.user_admin"), event.recipient_ids)
        self.assertIn(f"/odoo/{event.id}/kpi-alert-records", event.activity_ids[0].note)
        self.start_tour(f"/odoo/{event.id}/kpi-alert-records", "reseller_kpi_alert_link_tour", login="admin")

    def test_manager_sets_a_target_and_reads_its_status(self):
        self.start_tour(
            "/odoo/action-reseller_kpi.reseller_kpi_target_action", "reseller_kpi_dashboard_target_tour", login="admin"
        )
        target = self.env["reseller.kpi.target"].search([("kpi_code", "=", "sales.revenue")])
        self.assertEqual((target.target_value, target.status), (200, "green"))


@tagged("post_install", "-at_install")
class TestSalesStaffUi(HttpCase):
    """A team leader on their own documents: own figures, the team's leaderboard, customers to call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = new_test_user(
            cls.env, "rk_staff_leader", groups="sales_team.group_sale_salesman", name="Tour Leader"
        )
        colleague = new_test_user(
            cls.env, "rk_staff_colleague", groups="sales_team.group_sale_salesman", name="Tour Colleague"
        )
        team = cls.env["crm.team"].create({"name": "Tour Team", "user_id": cls.leader.id})
        cls.env["crm.team.member"].create([{"crm_team_id": team.id, "user_id": colleague.id}])
        product = cls.env["product.product"].create({"name": "Staff Product", "type": "consu"})
        Value = cls.env["reseller.kpi.value"]
        company = cls.env.company

        def order(name, price, user, when):
            so = cls.env["sale.order"].create(
                {
                    "partner_id": cls.env["res.partner"].create({"name": name}).id,
                    "user_id": user.id,
                    "team_id": team.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": price})
                    ],
                }
            )
            so.action_confirm()
            so.date_order = when
            return so

        today = Value._today(company)
        order("Tour Own Customer", 300.0, cls.leader, fields.Datetime.now())
        order("Tour Colleague Customer", 120.0, colleague, fields.Datetime.now())
        # the leader's customer whose last order is 300 days old: at risk (> 0.75 x 365 days)
        order("Tour At-Risk Customer", 50.0, cls.leader, datetime.combine(today - timedelta(days=300), time(10, 0)))
        Value._refresh(company, [period_of(today, "month")], refresh_records=False)

    def test_team_leader_reads_leaderboard_and_customers_to_call(self):
        self.start_tour("/odoo", "reseller_kpi_sales_staff_tour", login="rk_staff_leader")
