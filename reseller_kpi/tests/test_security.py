from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from ..engine.periods import period_of


@tagged("post_install", "-at_install")
class TestResellerKpiSecurity(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_user = cls.env.ref("reseller_kpi.group_user")
        cls.group_manager = cls.env.ref("reseller_kpi.group_manager")
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        internal = cls.env.ref("base.group_user")

        def user(login, *groups):
            return Users.create(
                {
                    "name": login,
                    "login": login,
                    "groups_id": [Command.set([internal.id, *(g.id for g in groups)])],
                }
            )

        cls.salesperson = user("rk_salesperson", cls.env.ref("sales_team.group_sale_salesman"))
        cls.sales_admin = user("rk_sales_admin", cls.env.ref("sales_team.group_sale_manager"))
        cls.employee = user("rk_employee")
        cls.root_menu = cls.env.ref("reseller_kpi.reseller_kpi_menu_root")

    def test_manager_implies_user(self):
        self.assertIn(self.group_user, self.group_manager.implied_ids)
        self.assertEqual(self.group_user.category_id, self.env.ref("reseller_kpi.module_category_reseller_kpi"))

    def test_salesperson_gets_user_only(self):
        self.assertTrue(self.salesperson.has_group("reseller_kpi.group_user"))
        self.assertFalse(self.salesperson.has_group("reseller_kpi.group_manager"))

    def test_sales_administrator_gets_manager(self):
        self.assertTrue(self.sales_admin.has_group("reseller_kpi.group_manager"))
        self.assertTrue(self.sales_admin.has_group("reseller_kpi.group_user"))

    def test_employee_gets_nothing(self):
        self.assertFalse(self.employee.has_group("reseller_kpi.group_user"))

    def test_top_menu_visibility(self):
        def visible(user):
            return self.root_menu.id in self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

        self.assertTrue(visible(self.salesperson))
        self.assertTrue(visible(self.sales_admin))
        self.assertFalse(visible(self.employee))
        # the purchase analysis needs purchase rights, the sales analysis does not
        purchase_menu = self.env.ref("reseller_kpi.purchase_report_menu_by_vendor")
        sale_menu = self.env.ref("reseller_kpi.sale_report_menu_margin_by_category")
        menus = self.env["ir.ui.menu"].with_user(self.salesperson)._visible_menu_ids()
        self.assertIn(sale_menu.id, menus)
        self.assertNotIn(purchase_menu.id, menus)

    def test_cost_tags_exist(self):
        for xmlid in ("account_tag_fixed_cost", "account_tag_variable_cost", "account_tag_marketing"):
            tag = self.env.ref(f"reseller_kpi.{xmlid}")
            self.assertEqual(tag.applicability, "accounts")

    def test_french_translation(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["reseller_kpi"], ["fr_FR"], overwrite=True)
        self.assertEqual(self.root_menu.with_context(lang="fr_FR").name, "Indicateurs revendeur")
        tag = self.env.ref("reseller_kpi.account_tag_fixed_cost")
        self.assertEqual(tag.with_context(lang="fr_FR").name, "Coût fixe")
        # KPI names keep the contract's code and translate the rest
        labels = dict(
            self.env["reseller.kpi.value"]
            .with_context(lang="fr_FR")
            ._fields["kpi_code"]
            ._description_selection(self.env(context={"lang": "fr_FR"}))
        )
        self.assertEqual(labels["sales.aov"], "sales.aov · Panier moyen")
        self.assertEqual(labels["finance.break_even"], "finance.break_even · Seuil de rentabilité")

    def test_kpi_access_by_group(self):
        """Salespeople read values and targets; only managers set targets, recompute and change settings."""
        Value = self.env["reseller.kpi.value"]
        Target = self.env["reseller.kpi.target"]
        Value._refresh(self.env.company, [period_of(date(2026, 3, 1))], refresh_records=False)
        # a salesperson on their own documents sees their own figures only (none here), on all documents
        # every figure of the company
        self.assertFalse(Value.with_user(self.salesperson).search_count([]))
        self.assertTrue(Value.with_user(self.sales_admin).search_count([("res_model", "=", False)]))
        self.salesperson.groups_id = [Command.link(self.env.ref("sales_team.group_sale_salesman_all_leads").id)]
        self.assertTrue(Value.with_user(self.salesperson).search_count([("res_model", "=", False)]))
        with self.assertRaises(AccessError):
            Value.with_user(self.salesperson).search([], limit=1).unlink()
        with self.assertRaises(AccessError):
            Target.with_user(self.salesperson).create(
                {"kpi_code": "sales.revenue", "date_start": "2026-03-01", "target_value": 1}
            )
        target = Target.with_user(self.sales_admin).create(
            {"kpi_code": "sales.revenue", "date_start": "2026-03-01", "target_value": 1}
        )
        self.assertEqual(target.with_user(self.salesperson).status, "red")
        with self.assertRaises(AccessError):
            self.env["reseller.kpi.recompute"].with_user(self.salesperson).create({})
        wizard = (
            self.env["reseller.kpi.recompute"]
            .with_user(self.sales_admin)
            .create({"date_from": "2026-03-01", "date_to": "2026-03-31"})
        )
        self.assertEqual(wizard.action_recompute()["params"]["type"], "info")
        job = self.env["reseller.kpi.recompute.job"].with_user(self.sales_admin).search([])
        self.assertEqual((len(job), job.requested_by), (1, self.sales_admin))
        with self.assertRaises(AccessError):
            self.env["reseller.kpi.recompute.job"].with_user(self.salesperson).search([])
        with self.assertRaises(AccessError):
            Value.with_user(self.employee).search([])
        # settings are per company and for managers only
        with self.assertRaises(AccessError):
            self.env.company.with_user(self.salesperson).write({"reseller_kpi_inactivity_days": 30})

    def test_kpi_menus(self):
        menus = self.env["ir.ui.menu"].with_user(self.salesperson)._visible_menu_ids()
        self.assertIn(self.env.ref("reseller_kpi.reseller_kpi_value_menu").id, menus)
        self.assertNotIn(self.env.ref("reseller_kpi.reseller_kpi_recompute_menu").id, menus)
        manager_menus = self.env["ir.ui.menu"].with_user(self.sales_admin)._visible_menu_ids()
        self.assertIn(self.env.ref("reseller_kpi.reseller_kpi_recompute_menu").id, manager_menus)
