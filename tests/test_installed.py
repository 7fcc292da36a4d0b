"""pytest-odoo: the test database has the add-ons, their groups and menus."""

from odoo.cli.command import commands

import odoo.addons.reseller_kpi.cli  # noqa: F401 (registers the command)
from odoo.addons.reseller_kpi.demo_generator.plan import build_plan


def test_the_addons_installed(env):
    names = ["reseller_kpi", "reseller_kpi_survey", "reseller_kpi_mass_mailing", "reseller_kpi_website_sale"]
    names += ["reseller_kpi_pos", "pos_sale"]
    # Odoo's Drop Shipping, for the demo's drop-shipped orders
    names += ["stock_dropshipping"]
    modules = env["ir.module.module"].search([("name", "in", names)])
    assert sorted(modules.mapped("state")) == ["installed"] * 7


def test_email_kpis_under_email_marketing_reporting(env):
    menu = env.ref("reseller_kpi_mass_mailing.menu_reseller_kpi_mailing")
    assert menu.parent_id == env.ref("mass_mailing.menu_mass_mailing_report")
    menu = env.ref("reseller_kpi_website_sale.menu_reseller_kpi_shop")
    assert menu.parent_id == env.ref("website.menu_reporting")


def test_survey_menu_under_reseller_kpis(env):
    menu = env.ref("reseller_kpi_survey.reseller_kpi_survey_menu_satisfaction")
    assert menu.parent_id == env.ref("reseller_kpi.reseller_kpi_menu_root")


def test_demo_command_registered(env):
    assert "reseller-kpi-demo" in commands


def test_demo_plan_matches_what_the_odoo_tests_check(env):
    summary = build_plan(seed=42, scale=1).summary()
    assert summary["customers"] == 400
    assert summary["sale_orders_confirmed"] < summary["sale_orders"]
