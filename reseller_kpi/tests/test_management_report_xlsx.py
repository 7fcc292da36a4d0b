"""The management report in Excel, read back with openpyxl, against the printed report's figures.

The fixture of test_dashboard.py: March 2026 against February (nothing sold) and March 2025 (o6 only:
revenue 100, margin 40).
"""

import base64
import io

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..engine import display
from ..models import kpi_display
from .test_management_report import ManagementReportCase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XlsxCase(ManagementReportCase):
    def workbook(self, user=None, **filters):
        dashboard = self.Dashboard.with_user(user) if user else self.Dashboard
        values = {"period_type": "month", "day": "2026-03-01", "company_id": self.company.id} | filters
        content, filename = dashboard._management_report_xlsx(**values)
        return openpyxl.load_workbook(io.BytesIO(content)), filename

    @staticmethod
    def rows_by_code(workbook):
        """{code: (sheet, row cells)} of every KPI row (its code in the last column)."""
        rows = {}
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                if len(row) >= 10 and isinstance(row[9].value, str) and "." in row[9].value:
                    rows[row[9].value] = (sheet.title, row)
        return rows


@tagged("post_install", "-at_install")
class TestManagementReportXlsx(XlsxCase):
    @freeze_time("2026-04-15 12:00:00")
    def test_every_number_is_the_pdf_s(self):
        workbook, filename = self.workbook()
        self.assertEqual(filename, f"Management report March 2026 - {self.company.name}.xlsx")
        page = self.render()
        report = self.env["report.reseller_kpi.management_report"]._management_report(
            self.company, "month", "2026-03-01", False
        )
        # one sheet per section of the report, in its order, then the categories and the vendors
        self.assertEqual(
            workbook.sheetnames,
            [section["label"] for section in report["sections"]] + ["Categories by margin", "Vendors"],
        )
        sheet = workbook.worksheets[0]
        self.assertEqual(sheet["A1"].value, "Management report — March 2026")
        header = {sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(2, 9)}
        self.assertEqual(header["Period"], "March 2026")
        self.assertEqual(header["Compared with"], "February 2026 and March 2025")
        self.assertEqual(header["Sales team"], "All teams")
        texts = kpi_display.locale(self.env, self.company.currency_id)
        units = {card["code"]: card["unit"] for section in report["sections"] for card in section["cards"]}
        rows = self.rows_by_code(workbook)
        self.assertEqual(set(rows), set(units))
        for code, (_sheet, cells) in rows.items():
            with self.subTest(code=code):
                value = cells[1].value
                unit = units[code]
                printed = self.cells(page, code)[1]
                if isinstance(value, (int, float)):
                    figure = value * 100 if unit == "percent" else value
                    # the number, written by the report's display, is the printed text
                    self.assertEqual(display.value(texts, unit, figure).replace("\N{NO-BREAK SPACE}", " "), printed)
                    self.assertEqual(cells[1].number_format, display.xlsx_format(texts, unit, figure))
                else:
                    self.assertEqual(value, printed)
        revenue = rows["sales.revenue"][1]
        self.assertEqual(revenue[0].value, "Revenue")
        self.assertEqual(revenue[1].value, 1100)
        # February: 0 sold and no change; March 2025: 100, +1,000 % as a number in a % format
        self.assertEqual((revenue[2].value, revenue[3].value), (0, None))
        self.assertEqual((revenue[4].value, revenue[5].value), (100, 10.0))
        self.assertEqual(revenue[5].number_format, "+0.0%;-0.0%;0.0%")
        margin_rate = rows["margin.rate"][1]
        self.assertAlmostEqual(margin_rate[1].value, 592 / 1100)
        self.assertEqual(margin_rate[1].number_format, "0.0%")
        self.assertEqual(margin_rate[2].value, "—")  # February's rate is empty, not 0
        self.assertAlmostEqual(margin_rate[5].value, 592 / 1100 * 100 - 40)  # points
        self.assertEqual(margin_rate[5].number_format, '+0.0" pts";-0.0" pts";0.0" pts"')
        self.assertAlmostEqual(rows["supplier.otd_rate"][1][1].value, 13 / 17)
        # the customer movement under the customers' figures
        customers = workbook[rows["customers.active"][0]]
        movement = [
            (row[0].value, row[1].value)
            for row in customers.iter_rows()
            if row[0].value and row[0].value[:1] in "+−=" and row[1].value is not None
        ]
        self.assertEqual(movement[-1], ("= Active customers", 5))

    @freeze_time("2026-04-15 12:00:00")
    def test_team_target_and_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["reseller.kpi.target"].create(
            {"kpi_code": "sales.revenue", "date_start": "2026-03-01", "target_value": 1000.0}
        )
        workbook, _filename = self.workbook()
        revenue = self.rows_by_code(workbook)["sales.revenue"][1]
        self.assertEqual((revenue[6].value, revenue[7].value), (1000, "Met"))
        french = self.Dashboard.with_context(lang="fr_FR")._management_report_xlsx(
            "month", "2026-03-01", company_id=self.company.id, team_id=self.team1.id
        )[0]
        sheet = openpyxl.load_workbook(io.BytesIO(french)).worksheets[0]
        self.assertEqual(sheet["A1"].value, "Rapport de gestion — mars 2026")
        header = {sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(2, 9)}
        self.assertEqual(header["Équipe commerciale"], self.team1.name)

    @freeze_time("2026-04-15 12:00:00")
    def test_dashboard_and_wizard_offer_it(self):
        action = self.Dashboard.action_export_xlsx("month", "2026-03-10", "previous", self.company.id, self.team1.id)
        self.assertEqual((action["type"], action["target"]), ("ir.actions.act_url", "download"))
        self.assertEqual(
            action["url"],
            f"/reseller_kpi/management_report.xlsx?period_type=month&company_id={self.company.id}"
            f"&day=2026-03-10&team_id={self.team1.id}",
        )
        for wrong in ({"period_type": "decade"}, {"day": "soon"}, {"team_id": "x"}, {"company_id": -1}):
            with self.subTest(wrong=wrong), self.assertRaises(UserError):
                self.Dashboard.action_export_xlsx(**wrong)
        wizard = self.env["reseller.kpi.report.wizard"].create({"period_type": "quarter"})
        self.assertIn("period_type=quarter&", wizard.action_export_xlsx()["url"])

    def test_a_reader_sees_only_their_families(self):
        reader = new_test_user(self.env, "kpi_xlsx_all_docs", groups="sales_team.group_sale_salesman_all_leads")
        with freeze_time("2026-04-15 12:00:00"):
            workbook, _filename = self.workbook(user=reader)
        codes = self.rows_by_code(workbook)
        self.assertIn("sales.revenue", codes)
        self.assertFalse({code for code in codes if code.startswith(("supplier.", "finance."))})
        self.assertNotIn("Vendors", workbook.sheetnames)


@tagged("post_install", "-at_install")
class TestManagementReportXlsxHttp(XlsxCase, HttpCase):
    @freeze_time("2026-04-15 12:00:00")
    def test_download_and_bad_arguments(self):
        new_test_user(self.env, "kpi_xlsx_http", groups="reseller_kpi.group_manager,purchase.group_purchase_user")
        self.authenticate("kpi_xlsx_http", "kpi_xlsx_http")
        url = f"/reseller_kpi/management_report.xlsx?period_type=month&day=2026-03-01&company_id={self.company.id}"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], XLSX)
        self.assertIn("Management%20report%20March%202026", response.headers["Content-Disposition"])
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(self.rows_by_code(workbook)["sales.revenue"][1][1].value, 1100)
        # a bad argument is one sentence, not a traceback; a company of someone else is refused
        bad = self.url_open(url.replace("period_type=month", "period_type=decade"))
        self.assertEqual(bad.status_code, 400)
        self.assertIn("Unknown period type", bad.text)
        self.assertNotIn("Traceback", bad.text)
        foreign = self.url_open(url.replace(f"company_id={self.company.id}", f"company_id={self.other.id}"))
        self.assertEqual(foreign.status_code, 403)
        self.logout()
        self.assertNotEqual(self.url_open(url, allow_redirects=False).status_code, 200)


@tagged("post_install", "-at_install")
class TestManagementReportXlsxMail(XlsxCase, HttpCase):
    def test_attached_for_who_asks(self):
        english = new_test_user(
            self.env,
            "kpi_xlsx_mail_en",
            email="xlsx-en@example.com",
            groups="base.group_user,reseller_kpi.group_manager",
            reseller_kpi_report_xlsx=True,
        )
        plain = new_test_user(
            self.env,
            "kpi_xlsx_mail_pdf",
            email="xlsx-pdf@example.com",
            groups="base.group_user,reseller_kpi.group_manager",
        )
        # a recipient sets it in their own preferences
        self.assertFalse(plain.reseller_kpi_report_xlsx)
        plain.with_user(plain).write({"reseller_kpi_report_xlsx": False})
        self.company.reseller_kpi_report_user_ids = english | plain
        with freeze_time("2026-04-01 06:00:00"):
            self.Value.with_context(force_report_rendering=True)._cron_close_month()
        mails = self.env["mail.mail"].search(
            [("subject", "like", "Management report"), ("subject", "like", self.company.name)]
        )
        by_user = {mail.recipient_ids: mail for mail in mails}
        self.assertEqual(by_user[plain.partner_id].attachment_ids.mapped("mimetype"), ["application/pdf"])
        attachments = by_user[english.partner_id].attachment_ids.sorted("name")
        self.assertEqual(len(attachments), 2)
        xlsx = attachments.filtered(lambda a: a.name.endswith(".xlsx"))
        self.assertEqual(xlsx.name, f"Management report March 2026 - {self.company.name}.xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(xlsx.datas)))
        self.assertEqual(self.rows_by_code(workbook)["sales.revenue"][1][1].value, 1100)
