"""The supplier scorecard and the margin by category, rendered from the fixture's stored values.

Figures are asserted exactly as a manager reads them (see test_kpi_values.py for
their sums); a rendering as PDF needs wkhtmltopdf and fails without it.
"""

import doctest
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.misc import format_amount

from ..engine.periods import Period
from ..report import supplier_scorecard_chart
from .common import KpiFixtureCase

APRIL = Period("month", date(2026, 4, 1), date(2026, 4, 30))
NBSP = "\N{NO-BREAK SPACE}"
SCORECARD = "reseller_kpi.report_supplier_scorecard"
CATEGORY_MARGIN = "reseller_kpi.report_category_margin"


@tagged("post_install", "-at_install")
class TestReportsRecords(KpiFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the grades the nightly refresh stores on the vendors, as of the end of March
        cls.env["reseller.kpi.collector"]._refresh_records(cls.company, today=date(2026, 3, 31))
        cls.buyer = new_test_user(
            cls.env, "kpi_report_buyer", groups="purchase.group_purchase_user,sales_team.group_sale_salesman_all_leads"
        )
        cls.seller = new_test_user(cls.env, "kpi_report_seller", groups="sales_team.group_sale_salesman_all_leads")

    def html(self, report, ids, month, user=None, lang=None):
        env = self.env(user=user or self.env.user, context=dict(self.env.context, lang=lang or "en_US"))
        content, kind = env["ir.actions.report"]._render_qweb_html(report, ids, data={"month": month})
        self.assertEqual(kind, "html")
        return content.decode()

    def scorecard_values(self, ids, month="2026-03-01"):
        report = self.env(user=self.buyer)["report.reseller_kpi.report_supplier_scorecard"]
        return report._get_report_values(ids, data={"month": month})

    # ------------------------------------------------------------------ supplier scorecard
    def test_scorecard_figures(self):
        values = self.scorecard_values([self.v1.id, self.v2.id])
        v1, v2 = values["sections"]
        self.assertEqual(values["period_label"], "March 2026")
        self.assertEqual(values["first_label"], "April 2025")
        # the last of the 12 months is March: on time, in full, fill, delay, lead time, returns
        self.assertEqual(
            v1["months"][-1]["cells"],
            [f"60.0{NBSP}%", f"0.0{NBSP}%", f"83.3{NBSP}%", f"1.2{NBSP}d", f"14.0{NBSP}d", f"0.0{NBSP}%"],
        )
        self.assertEqual(
            v2["months"][-1]["cells"],
            [f"100.0{NBSP}%", f"100.0{NBSP}%", f"100.0{NBSP}%", f"0.0{NBSP}d", f"16.5{NBSP}d", f"14.3{NBSP}%"],
        )
        # months without a stored value are empty, never 0
        self.assertEqual(len(v1["months"]), 12)
        self.assertEqual(v1["months"][0]["label"], "Apr 2025")
        self.assertEqual(v1["months"][-2]["cells"], ["—"] * 6)
        self.assertEqual((v1["grade"], v1["otd_12m"]), ("D", f"60.0{NBSP}%"))
        self.assertEqual((v2["grade"], v2["otd_12m"]), ("A", f"100.0{NBSP}%"))
        self.assertEqual(v1["metrics"][0]["last"], f"60.0{NBSP}%")
        self.assertEqual(v1["metrics"][0]["chart"].count("<rect"), 2)  # March's bar on its track

    def test_scorecard_late_receipts_are_what_the_kpi_counts(self):
        v1, v2 = self.scorecard_values([self.v1.id, self.v2.id])["sections"]
        # 4 units of P1 done 8 March, due 5 March: the 6 units of 4 March were on time
        self.assertEqual(
            [(r["product"], r["quantity"], r["due"], r["done"], r["days_late"]) for r in v1["late_receipts"]],
            [("P1", "4", "03/05/2026", "03/08/2026", 3)],
        )
        self.assertEqual(v2["late_receipts"], [])

    def test_scorecard_html(self):
        html = self.html(SCORECARD, [self.v1.id, self.v2.id], "2026-03-15", user=self.buyer)
        self.assertEqual(html.count('class="page o_reseller_kpi_report o_rk_section'), 2)
        self.assertIn("Supplier scorecard: <span>V1</span>", html)
        self.assertIn("Supplier scorecard: <span>V2</span>", html)
        for text in (f"60.0{NBSP}%", f"1.2{NBSP}d", f"83.3{NBSP}%", f"14.3{NBSP}%", f"16.5{NBSP}d", "<svg"):
            self.assertIn(text, html)
        self.assertIn("03/08/2026", html)
        self.assertIn("No late receipt in this month.", html)
        # only the first vendor's section starts without a page break
        self.assertEqual(html.count("o_rk_section o_rk_section_first"), 1)

    def test_scorecard_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        html = self.html(SCORECARD, [self.v1.id], "2026-03-01", user=self.buyer, lang="fr_FR")
        self.assertIn(f"60,0{NBSP}%", html)
        self.assertIn("mars 2026", html)
        self.assertIn("08/03/2026", html)

    def test_scorecard_needs_purchase_rights(self):
        with self.assertRaises(AccessError):
            self.html(SCORECARD, [self.v1.id], "2026-03-01", user=self.seller)
        report = self.env.ref("reseller_kpi.action_report_supplier_scorecard")
        offered = self.env["ir.actions.actions"].with_user(self.seller).get_bindings("res.partner")
        self.assertNotIn(report.id, [action["id"] for action in offered.get("report", ())])
        offered = self.env["ir.actions.actions"].with_user(self.buyer).get_bindings("res.partner")
        self.assertIn(report.id, [action["id"] for action in offered.get("report", ())])

    def test_scorecard_of_the_current_company(self):
        # V1 delivered late to the other company too (0 % on time there): this company's figures only
        values = self.scorecard_values([self.v1.id])
        self.assertEqual(values["company"], self.company)
        self.assertEqual(values["sections"][0]["months"][-1]["cells"][0], f"60.0{NBSP}%")

    def test_chart_doctests(self):
        result = doctest.testmod(supplier_scorecard_chart)
        self.assertTrue(result.attempted)
        self.assertFalse(result.failed)

    # ------------------------------------------------------------------ margin by category
    def money(self, value):
        """An amount as every report writes it: in the company currency, with its symbol."""
        return format_amount(self.env, value, self.company.currency_id)

    def category_rows(self, month):
        report = self.env(user=self.seller)["report.reseller_kpi.report_category_margin"]
        values = report._get_report_values([self.root.id], data={"month": month})
        rows = {
            row["category"].name: (row["indent"], [(c["value"], c["change"], c["previous"]) for c in row["cells"]])
            for row in values["rows"]
        }
        return values, rows

    def test_category_margin_roll_up(self):
        values, rows = self.category_rows("2026-03-01")
        self.assertEqual([row["category"] for row in values["rows"]], [self.root, self.hardware, self.misc])
        # February has no stored value: no change
        empty = ("—", "—")
        self.assertEqual(
            rows["KPI root"],
            (0, [(self.money(1100), *empty), (self.money(592), *empty), (f"53.8{NBSP}%", *empty)]),
        )
        self.assertEqual(
            rows["Hardware"],
            (1, [(self.money(1010), *empty), (self.money(502), *empty), (f"49.7{NBSP}%", *empty)]),
        )
        self.assertEqual(
            rows["Misc"], (1, [(self.money(90), *empty), (self.money(90), *empty), (f"100.0{NBSP}%", *empty)])
        )
        self.assertEqual(
            [cell["value"] for cell in values["total"]], [self.money(1100), self.money(592), f"53.8{NBSP}%"]
        )

    def test_category_margin_against_the_previous_month(self):
        # April: O8 only (P1, revenue 1000, margin 940)
        self.Value._refresh(self.company, [APRIL], refresh_records=False)
        _values, rows = self.category_rows("2026-04-10")
        self.assertEqual(
            rows["Hardware"][1],
            [
                (self.money(1000), f"−1.0{NBSP}%", self.money(1010)),  # (1000 - 1010) / 1010
                (self.money(940), f"+87.3{NBSP}%", self.money(502)),  # (940 - 502) / 502
                (f"94.0{NBSP}%", f"+44.3{NBSP}pts", f"49.7{NBSP}%"),  # 94.0 - 49.70 points
            ],
        )
        self.assertEqual(
            rows["KPI root"][1],
            [
                (self.money(1000), f"−9.1{NBSP}%", self.money(1100)),
                (self.money(940), f"+58.8{NBSP}%", self.money(592)),
                (f"94.0{NBSP}%", f"+40.2{NBSP}pts", f"53.8{NBSP}%"),
            ],
        )
        # Misc sold nothing in April: shown empty against March, never as 0
        self.assertEqual(rows["Misc"][1][0], ("—", "—", self.money(90)))

    def test_category_margin_html(self):
        html = self.html(CATEGORY_MARGIN, [self.root.id], "2026-03-01", user=self.seller)
        self.assertIn("Margin by category: <span>March 2026</span>", html)
        for text in ("1,010.00", "502.00", "1,100.00", "592.00", f"100.0{NBSP}%", "KPI root", "Hardware", "Misc"):
            self.assertIn(text, html)


@tagged("post_install", "-at_install")
class TestReportsPdf(KpiFixtureCase, HttpCase):
    """Real PDF files: wkhtmltopdf fetches the report's style sheets from the test server, which
    answers on the test's cursor (HttpCase); without wkhtmltopdf this fails, it does not skip."""

    def test_pdf_files(self):
        Report = self.env["ir.actions.report"]
        self.assertNotEqual(Report.get_wkhtmltopdf_state(), "install", "wkhtmltopdf is missing: no PDF report")
        # without force_report_rendering Odoo returns HTML in tests
        Report = Report.with_context(force_report_rendering=True)
        for report, ids in ((SCORECARD, [self.v1.id, self.v2.id]), (CATEGORY_MARGIN, [self.root.id])):
            with self.subTest(report=report):
                content, kind = Report._render_qweb_pdf(report, ids, data={"month": "2026-03-01"})
                self.assertEqual(kind, "pdf")
                self.assertTrue(content.startswith(b"%PDF"))
