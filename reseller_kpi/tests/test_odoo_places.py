"""Odoo's own places: the digest e-mail's KPIs and the spreadsheet dashboard, on the hand-computed fixture.

The digest reads the stored month holding the day before its end, in the company's time zone
(Europe/Paris); the fixture stores March 2026 only.
"""

import json
from datetime import date, datetime

from freezegun import freeze_time
from lxml import html as lxml_html

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.spreadsheet.utils.validate_data import fields_in_spreadsheet

from ..engine.codes import REGISTRY
from ..engine.formulas import KpiValue
from ..engine.periods import Period
from .common import KpiFixtureCase

APRIL = Period("month", date(2026, 4, 1), date(2026, 4, 30))
NBSP = "\N{NO-BREAK SPACE}"

DIGEST_FIELDS = ("kpi_reseller_churn_rate", "kpi_reseller_margin_rate", "kpi_reseller_supplier_otd_rate")


@tagged("post_install", "-at_install")
class TestOdooPlaces(KpiFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.digest = cls.env["digest.digest"].create(
            {"name": "Reseller digest", "company_id": cls.company.id, "periodicity": "monthly"}
            | dict.fromkeys(DIGEST_FIELDS, True)
        )
        # KPI users: one may read supplier figures (Purchase / User), one may not
        cls.kpi_user = new_test_user(cls.env, "rk_places_kpi_user", groups="base.group_user,reseller_kpi.group_user")
        cls.buyer = new_test_user(
            cls.env, "rk_places_buyer", groups="reseller_kpi.group_user,purchase.group_purchase_user"
        )
        cls.employee = new_test_user(cls.env, "rk_places_employee", groups="base.group_user")
        cls.dashboard = cls.env.ref("reseller_kpi.spreadsheet_dashboard_reseller_kpi")

    def digest_values(self, end, digest=None):
        digest = (digest or self.digest).with_context(start_datetime=datetime(2026, 1, 1), end_datetime=end)
        digest.invalidate_recordset()
        return {name: digest[f"{name}_value"] for name in DIGEST_FIELDS}

    # ------------------------------------------------------------------ digest
    def test_digest_reads_the_stored_month_before_its_end(self):
        # sent on 1 April: the day before is 31 March, the month March
        values = self.digest_values(datetime(2026, 4, 1, 6, 0))
        # the stored values themselves, and the hand-computed numbers of test_kpi_values
        codes = self.digest._reseller_kpi_digest_codes()
        for name in DIGEST_FIELDS:
            self.assertEqual(values[name], self.value(codes[name]), name)
        self.assertEqual(values["kpi_reseller_churn_rate"], 50)  # C4 churned of C4, C8 active on 28 February
        self.assertAlmostEqual(values["kpi_reseller_margin_rate"], 592 / 1100 * 100, places=9)
        self.assertAlmostEqual(values["kpi_reseller_supplier_otd_rate"], 13 / 17 * 100, places=9)

    def test_digest_month_is_the_company_local_day_before(self):
        # 31 March 22:30 UTC is 1 April 00:30 in Paris: still March
        values = self.digest_values(datetime(2026, 3, 31, 22, 30))
        self.assertEqual(values["kpi_reseller_churn_rate"], 50)
        # 1 April 23:00 UTC is 2 April in Paris: the day before is 1 April, April has no stored value
        self.assertEqual(self.digest_values(datetime(2026, 4, 1, 23, 0)), dict.fromkeys(DIGEST_FIELDS, 0.0))
        # the other company's digest reads the other company's values
        other = self.digest.copy({"company_id": self.other.id})
        self.assertEqual(
            self.digest_values(datetime(2026, 4, 1, 6, 0), other)["kpi_reseller_churn_rate"],
            self.value("customers.churn_rate", company=self.other) or 0.0,
        )

    @freeze_time("2026-04-01 06:00:00")
    def test_digest_email_shows_one_named_month(self):
        kpis = {kpi["kpi_name"]: kpi for kpi in self.digest._compute_kpis(self.company, self.buyer)}
        self.assertEqual(set(kpis) & set(DIGEST_FIELDS), set(DIGEST_FIELDS))
        margin = kpis["kpi_reseller_margin_rate"]
        self.assertEqual((margin["kpi_col1"], margin["kpi_col2"]), ({}, {}))
        # 592 / 1100 = 53.82 %; February has no stored value: no change shown
        self.assertEqual(margin["kpi_col3"]["value"], f"53.8{NBSP}%")
        self.assertEqual(margin["kpi_col3"]["col_subtitle"], "March 2026 (previous month: —)")
        self.assertEqual(margin["kpi_col3"]["margin"], 0.0)
        self.assertEqual(kpis["kpi_reseller_churn_rate"]["kpi_col3"]["value"], f"50.0{NBSP}%")
        self.assertEqual(kpis["kpi_reseller_supplier_otd_rate"]["kpi_col3"]["value"], f"76.5{NBSP}%")
        self.assertTrue(margin["kpi_action"].startswith("reseller_kpi.reseller_kpi_value_action"))
        # the whole e-mail renders with them
        self.env["mail.mail"].search([]).unlink()
        self.digest._action_send_to_user(self.buyer)
        body = self.env["mail.mail"].search([("email_to", "ilike", self.buyer.email or self.buyer.login)]).body_html
        text = lxml_html.fromstring(body).text_content()
        self.assertIn(f"53.8{NBSP}%", text)
        self.assertIn("March 2026 (previous month: —)", text)

    @freeze_time("2026-05-01 06:00:00")
    def test_digest_change_against_the_month_before(self):
        # April stored by hand: margin rate 60 against March's 592 / 1100 = 53.818 %, churn rate 75 against 50
        self.Value._replace_period(
            self.company,
            APRIL,
            {
                ("margin.rate", None, None): KpiValue(60.0, 60, 100),
                ("customers.churn_rate", None, None): KpiValue(75.0, 3, 4),
                ("supplier.otd_rate", None, None): KpiValue(None, 0, 0),
            },
        )
        kpis = {kpi["kpi_name"]: kpi for kpi in self.digest._compute_kpis(self.company, self.buyer)}
        margin = kpis["kpi_reseller_margin_rate"]["kpi_col3"]
        self.assertEqual(margin["value"], f"60.0{NBSP}%")
        self.assertEqual(margin["col_subtitle"], f"April 2026 (previous month: 53.8{NBSP}%)")
        # (60 - 53.818) / 53.818 = +11.49 % (Odoo's relative change)
        self.assertEqual(margin["margin"], 11.49)
        # lower is better for churn: the digest would paint this rise green, so no change is shown
        churn = kpis["kpi_reseller_churn_rate"]["kpi_col3"]
        self.assertEqual((churn["value"], churn["margin"]), (f"75.0{NBSP}%", 0.0))
        # an empty value (no receipt in April) reads "—", not 0, and has no change
        on_time = kpis["kpi_reseller_supplier_otd_rate"]["kpi_col3"]
        self.assertEqual((on_time["value"], on_time["margin"]), ("—", 0.0))
        self.assertEqual(on_time["col_subtitle"], f"April 2026 (previous month: 76.5{NBSP}%)")

    @freeze_time("2026-04-01 06:00:00")
    def test_digest_respects_who_may_read_which_kpi(self):
        # a KPI user without Purchase rights: no supplier figure in their e-mail
        names = {kpi["kpi_name"] for kpi in self.digest._compute_kpis(self.company, self.kpi_user)}
        self.assertIn("kpi_reseller_churn_rate", names)
        self.assertNotIn("kpi_reseller_supplier_otd_rate", names)
        with self.assertRaises(AccessError):
            self.digest_values(datetime(2026, 4, 1, 6, 0), self.digest.with_user(self.kpi_user))
        # an employee without KPI rights: none of them
        names = {kpi["kpi_name"] for kpi in self.digest._compute_kpis(self.company, self.employee)}
        self.assertFalse(names & set(DIGEST_FIELDS))
        self.assertNotIn("kpi_reseller_churn_rate", self.digest._compute_kpis_actions(self.company, self.employee))

    def test_default_digest_proposes_them(self):
        default = self.env.ref("digest.digest_digest_default")
        self.assertTrue(all(default[name] for name in DIGEST_FIELDS))

    # ------------------------------------------------------------------ spreadsheet dashboard
    def test_dashboard_is_published_and_built_on_the_stored_history(self):
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(
            self.dashboard.dashboard_group_id, self.env.ref("spreadsheet_dashboard.spreadsheet_dashboard_group_sales")
        )
        self.assertEqual(self.dashboard.main_data_model_ids.model, "reseller.kpi.value")
        data = json.loads(self.dashboard.spreadsheet_data)
        self.assertEqual({pivot["model"] for pivot in data["pivots"].values()}, {"reseller.kpi.value"})
        self.assertEqual(dict(fields_in_spreadsheet(data)), {"reseller.kpi.value": {"kpi_code", "date_start", "value"}})
        self.dashboard._check_spreadsheet_data()  # every model and field exists
        for pivot in data["pivots"].values():
            # company-wide monthly values of the current company only: a cell never adds up companies,
            # dimensions or period types
            for condition in ("allowed_company_ids[0]", "('period_type', '=', 'month')", "('res_model', '=', False)"):
                self.assertIn(condition, pivot["domain"])
            self.assertEqual(pivot["rows"], [{"fieldName": "kpi_code"}])
            self.assertEqual([c["granularity"] for c in pivot["columns"]], ["month"])
        cells = [cell["content"] for cell in data["sheets"][0]["cells"].values()]
        codes = {
            content.split('"kpi_code","')[1].split('"')[0] for content in cells if content.startswith("=PIVOT.VALUE(")
        }
        self.assertEqual(
            codes,
            {
                "sales.revenue",
                "margin.amount",
                "margin.rate",
                "customers.active",
                "customers.new",
                "customers.churn_rate",
                "supplier.otd_rate",
                "finance.break_even",
            },
        )
        self.assertTrue(codes <= set(REGISTRY.codes()))
        # the history pivot hides its totals: values of different codes or months are never summed
        self.assertIn("=PIVOT(2,,FALSE)", cells)
        date_filter = data["globalFilters"][0]
        self.assertEqual((date_filter["type"], date_filter["label"]), ("date", "Period"))
        self.assertEqual(data["pivots"]["2"]["fieldMatching"][date_filter["id"]]["chain"], "date_start")

    def test_dashboard_is_for_kpi_users_only(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, Dashboard.with_user(self.kpi_user).search([]))
        snapshot = self.dashboard.with_user(self.kpi_user).get_readonly_dashboard()["snapshot"]
        self.assertIn("2", snapshot["pivots"])
        self.assertNotIn(self.dashboard, Dashboard.with_user(self.employee).search([]))
        with self.assertRaises(AccessError):
            self.dashboard.with_user(self.employee).read(["name"])
