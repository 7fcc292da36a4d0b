"""The management report on the hand-computed fixture (figures of test_dashboard.py), its print entry
points and the monthly mail after the close.

March 2026 against February (nothing sold) and March 2025 (o6 only: revenue 100, margin 40).
"""

import re
from unittest.mock import patch

from freezegun import freeze_time
from lxml import html as lxml_html

from odoo import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools.misc import format_amount

from .test_dashboard import DashboardCase

REPORT = "reseller_kpi.management_report_action"
NBSP = "\N{NO-BREAK SPACE}"


class ManagementReportCase(DashboardCase):
    def render(self, lang=None, user=None, **data):
        values = {"period_type": "month", "day": "2026-03-01", "company_id": self.company.id, **data}
        reports = self.env["ir.actions.report"]
        if user:
            reports = reports.with_user(user)
        if lang:
            reports = reports.with_context(lang=lang)
        content, kind = reports._render_qweb_html(REPORT, [self.company.id], data=values)
        self.assertEqual(kind, "html")
        return lxml_html.fromstring(content.decode())

    def amount(self, value, currency):
        return format_amount(self.env, value, currency).replace(NBSP, " ")

    @staticmethod
    def text(element):
        return re.sub(r"\s+", " ", element.text_content().replace(NBSP, " ")).strip()

    def cells(self, page, code):
        """The texts of the row of a KPI: label, value, vs previous, vs last year, target, sparkline."""
        (row,) = page.xpath(f"//tr[@data-code='{code}']")
        return [self.text(cell) for cell in row.xpath("./td")]


@tagged("post_install", "-at_install")
class TestManagementReport(ManagementReportCase):
    @freeze_time("2026-04-15 12:00:00")
    def test_figures_against_previous_period_and_last_year(self):
        page = self.render()
        text = self.text(page)
        self.assertIn("Management report — March 2026", text)
        self.assertIn("compared with February 2026 and March 2025", text)
        self.assertIn("All teams", text)
        self.assertIn("Generated Apr 15, 2026", text)
        currency = self.company.currency_id
        revenue = self.cells(page, "sales.revenue")
        self.assertEqual(revenue[0], "Revenue")
        self.assertEqual(revenue[1], self.amount(1100, currency))
        # February sold nothing: no relative change, its 0 as reference; March 2025 sold 100: +1000 %
        self.assertEqual(revenue[2], f"— {self.amount(0, currency)}")
        self.assertEqual(revenue[3], f"+1,000 % {self.amount(100, currency)}")
        # the sparkline's range: nothing sold before March
        self.assertEqual(revenue[5], "0 – 1,100")
        # 592 / 1100 = 53.8 % against 40 %: in points; February's rate is empty (no sale), not 0
        self.assertEqual(self.cells(page, "margin.rate")[1:4], ["53.8 %", "— —", "+13.8 pts 40.0 %"])
        churn = self.cells(page, "customers.churn_rate")
        self.assertEqual(churn[1], "50.0 %")
        self.assertEqual(churn[3], "+50.0 pts 0.0 %")
        # 13 of 17 received on time, 12 days of delay over 17 units
        self.assertEqual(self.cells(page, "supplier.otd_rate")[1], "76.5 %")
        self.assertEqual(self.cells(page, "supplier.delay_days")[1], "0.7 d")
        # the sparkline is an inline SVG drawn on the server
        (spark,) = page.xpath("//tr[@data-code='sales.revenue']//svg")
        self.assertEqual(len(spark.xpath(".//path")), 1)
        self.assertFalse(page.xpath("//script[not(@src)][contains(., 'sparkPath')]"))

    @freeze_time("2026-04-15 12:00:00")
    def test_movement_categories_vendors(self):
        page = self.render()
        cells = page.xpath(
            "//table[contains(@class, 'o_rk_movement')]//td[contains(@class, 'o_rk_operator')]"
            " | //table[contains(@class, 'o_rk_movement')]//div[contains(@class, 'o_rk_step')]"
        )
        # active at start + new + reactivated − churned = active at end
        self.assertEqual(" ".join(self.text(cell) for cell in cells), "2 + 2 + 2 − 1 = 5")
        rows = [
            [self.text(cell) for cell in row.xpath("./td")]
            for row in page.xpath("//h4[.='Categories by margin']/following-sibling::table[1]/tbody/tr")
        ]
        currency = self.company.currency_id
        self.assertEqual(
            [row[:4] for row in rows],
            [
                ["Hardware KPI root / Hardware", self.amount(1010, currency), self.amount(502, currency), "49.7 %"],
                ["Misc KPI root / Misc", self.amount(90, currency), self.amount(90, currency), "100.0 %"],
            ],
        )
        vendors = [
            [self.text(cell) for cell in row.xpath("./td")]
            for row in page.xpath("//h4[.='Vendors with the lowest on-time rate']/following-sibling::table[1]/tbody/tr")
        ]
        self.assertEqual(vendors, [["V1", "D", "60.0 %", "1.2 d"], ["V2", "A", "100.0 %", "0.0 d"]])

    @freeze_time("2026-04-15 12:00:00")
    def test_team_and_target(self):
        self.env["reseller.kpi.target"].create(
            {
                "kpi_code": "sales.revenue",
                "date_start": "2026-03-01",
                "target_value": 1000,
                "dimension_ref": f"crm.team,{self.team1.id}",
            }
        )
        page = self.render(team_id=self.team1.id)
        self.assertIn("Team 1", self.text(page.xpath("//table[contains(@class, 'o_rk_filters')]")[0]))
        revenue = self.cells(page, "sales.revenue")
        currency = self.company.currency_id
        self.assertEqual(revenue[1], self.amount(960, currency))
        # 960 against 1000: within 10 %
        self.assertEqual(revenue[4], f"{self.amount(1000, currency)} Within 10 %")
        self.assertEqual(self.cells(page, "customers.churn_rate")[4], "—")

    @freeze_time("2026-04-15 12:00:00")
    def test_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["reseller_kpi"], ["fr_FR"], overwrite=True)
        page = self.render(lang="fr_FR")
        text = self.text(page)
        self.assertIn("mars 2026", text)
        self.assertIn("Ventes et marge", text)
        self.assertEqual(self.cells(page, "sales.revenue")[0], "Chiffre d'affaires")
        self.assertEqual(self.cells(page, "customers.churn_rate")[1], "50,0 %")
        self.assertEqual(self.cells(page, "margin.rate")[1], "53,8 %")

    @freeze_time("2026-04-15 12:00:00")
    def test_reader_without_purchase_rights_sees_no_vendor(self):
        reader = new_test_user(
            self.env,
            "kpi_report_all_docs",
            groups="sales_team.group_sale_salesman_all_leads",
            company_ids=[Command.set(self.company.ids)],
        )
        page = self.render(user=reader)
        self.assertTrue(page.xpath("//tr[@data-code='sales.revenue']"))
        self.assertFalse(page.xpath("//tr[@data-code='supplier.otd_rate']"))
        self.assertFalse(page.xpath("//tr[@data-code='finance.fixed_costs']"))
        self.assertNotIn("Vendors with the lowest on-time rate", self.text(page))

    @freeze_time("2026-04-15 12:00:00")
    def test_print_from_dashboard_and_wizard(self):
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        action = self.Dashboard.action_print_report("month", "2026-03-10", "last_year", self.company.id, self.team1.id)
        self.assertEqual(
            (action["type"], action["report_name"]), ("ir.actions.report", "reseller_kpi.management_report")
        )
        self.assertEqual(
            action["data"],
            {
                "period_type": "month",
                "day": "2026-03-10",
                "company_id": self.company.id,
                "team_id": self.team1.id,
                "user_id": False,
            },
        )
        form = Form(self.env["reseller.kpi.report.wizard"])
        form.period_type = "quarter"
        wizard = form.save()
        # by default: today's period of the current company, every team
        self.assertEqual(
            (str(wizard.day), wizard.company_id, wizard.team_id), ("2026-04-15", self.company, self.env["crm.team"])
        )
        action = wizard.action_print()
        self.assertEqual(
            action["data"],
            {
                "period_type": "quarter",
                "day": "2026-04-15",
                "company_id": self.company.id,
                "team_id": False,
                "user_id": False,
            },
        )
        page = self.render(**action["data"])
        self.assertIn("Management report — Q2 2026", self.text(page))
        # the KPI History offers it in its Print menu
        binding = self.env.ref("reseller_kpi.reseller_kpi_report_wizard_action")
        self.assertEqual((binding.binding_model_id.model, binding.binding_type), ("reseller.kpi.value", "report"))


@tagged("post_install", "-at_install")
class TestManagementReportMail(ManagementReportCase, HttpCase):
    """Real PDFs: wkhtmltopdf loads the report's styles from this server, which must share the test's
    transaction (an HttpCase), else it waits for the test's uncommitted asset bundles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        both = [Command.set((cls.company | cls.other).ids)]
        cls.manager_en = new_test_user(
            cls.env,
            "kpi_report_en",
            name="Manager EN",
            email="en@example.com",
            lang="en_US",
            groups="reseller_kpi.group_manager,purchase.group_purchase_user",
            company_id=cls.company.id,
            company_ids=both,
        )
        cls.manager_fr = new_test_user(
            cls.env,
            "kpi_report_fr",
            name="Manager FR",
            email="fr@example.com",
            lang="fr_FR",
            groups="base.group_user,reseller_kpi.group_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.archived = new_test_user(
            cls.env,
            "kpi_report_archived",
            email="archived@example.com",
            groups="base.group_user,reseller_kpi.group_manager",
            company_ids=both,
        )
        cls.archived.active = False
        # the first company's recipients are chosen, the other's are its KPI managers by default
        cls.company.reseller_kpi_report_user_ids = cls.manager_en | cls.manager_fr | cls.archived
        cls.Sent = cls.env["reseller.kpi.report.sent"]

    @freeze_time("2026-04-15 12:00:00")
    def test_pdf(self):
        reports = self.env["ir.actions.report"]
        # no skip: without wkhtmltopdf the report cannot be printed, which is a failure
        self.assertEqual(
            reports.get_wkhtmltopdf_state(), "ok", "wkhtmltopdf is needed for the PDF (apt-get install wkhtmltopdf)"
        )
        data = {"period_type": "month", "day": "2026-03-01", "company_id": self.company.id}
        pdf, kind = reports.with_context(force_report_rendering=True)._render_qweb_pdf(
            REPORT, [self.company.id], data=data
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def mails(self):
        return self.env["mail.mail"].search([("subject", "like", "Management report")], order="id")

    def close(self):
        with freeze_time("2026-04-01 06:00:00"):
            self.Value.with_context(force_report_rendering=True)._cron_close_month()

    def test_recipients(self):
        self.assertEqual(self.company._reseller_kpi_report_recipients(), self.manager_en | self.manager_fr)
        # by default: the active internal KPI managers of the company, never OdooBot
        others = self.other._reseller_kpi_report_recipients()
        self.assertIn(self.manager_en, others)
        self.assertNotIn(self.manager_fr, others)
        self.assertNotIn(self.archived, others)
        self.assertNotIn(self.env.ref("base.user_root"), others)
        # portal users (no internal user group) never receive it, even when chosen
        portal = new_test_user(self.env, "kpi_report_portal", email="portal@example.com", groups="base.group_portal")
        self.company.reseller_kpi_report_user_ids |= portal
        self.assertEqual(self.company._reseller_kpi_report_recipients(), self.manager_en | self.manager_fr)

    def test_mail_after_the_close_once(self):
        self.close()
        mails = self.mails()
        # two for the first company, one for the other's only KPI manager of the test
        self.assertEqual(
            sorted(mails.mapped(lambda m: (m.recipient_ids.name, m.subject.endswith(self.company.name)))),
            [("Manager EN", False), ("Manager EN", True), ("Manager FR", True)],
        )
        ours = mails.filtered(lambda m: m.subject.endswith(self.company.name))
        self.assertEqual(len(ours), 2)
        english = ours.filtered(lambda m: m.recipient_ids == self.manager_en.partner_id)
        french = ours.filtered(lambda m: m.recipient_ids == self.manager_fr.partner_id)
        self.assertEqual(english.subject, f"Management report March 2026 – {self.company.name}")
        self.assertEqual(french.subject, f"Management report mars 2026 – {self.company.name}")
        for mail in english | french:
            self.assertEqual(len(mail.attachment_ids), 1)
            self.assertEqual(mail.attachment_ids.mimetype, "application/pdf")
            self.assertTrue(mail.attachment_ids.raw.startswith(b"%PDF"))
        self.assertIn("March 2026", english.attachment_ids.name)
        body = self.text(lxml_html.fromstring(english.body_html))
        currency = self.company.currency_id
        self.assertIn(f"Revenue {self.amount(1100, currency)} — +1,000 %", body)
        self.assertIn("Margin rate 53.8 % — +13.8 pts", body)
        self.assertIn("Active customers 5", body)
        self.assertIn("Churn rate 50.0 % ", body)
        self.assertIn("53,8 %", self.text(lxml_html.fromstring(french.body_html)))
        sent = self.Sent.search([("date_start", "=", "2026-03-01")])
        self.assertEqual(sent.company_id, self.company | self.other)
        self.assertEqual(
            sent.filtered(lambda s: s.company_id == self.company).recipient_ids, self.manager_en | self.manager_fr
        )
        # the close runs again (a retried cron): nothing is sent twice
        self.close()
        self.assertEqual(self.mails(), mails)

    def test_each_mail_builds_its_report_once(self):
        # the PDF prints the report the mail summarises: one screen built for each recipient
        Dashboard = type(self.env["reseller.kpi.dashboard"])
        with patch.object(Dashboard, "get_dashboard", autospec=True, side_effect=Dashboard.get_dashboard) as built:
            self.close()
        self.assertEqual(len(self.mails()), 3)
        self.assertEqual(built.call_count, 3)
        self.assertEqual({call.args[3] for call in built.call_args_list}, {"both"})

    def test_a_failing_company_does_not_stop_the_others(self):
        sender = type(self.Sent)
        original = sender._management_report_pdf

        def render(model, company, data):
            if company == self.other:
                raise RuntimeError("wkhtmltopdf crashed")
            return original(model, company, data)

        with (
            patch.object(sender, "_management_report_pdf", autospec=True, side_effect=render),
            self.assertLogs("odoo.addons.reseller_kpi.models.reseller_kpi_report_sent", level="ERROR") as logs,
        ):
            self.close()
        self.assertIn("KPI Other", logs.output[0])
        self.assertIn("wkhtmltopdf crashed", logs.output[0])
        self.assertEqual(len(self.mails()), 2)
        self.assertEqual(self.Sent.search([]).company_id, self.company)
        # the next run sends the other company's report, and only that
        self.close()
        self.assertEqual(len(self.mails()), 3)
        self.assertEqual(self.Sent.search([]).company_id, self.company | self.other)
