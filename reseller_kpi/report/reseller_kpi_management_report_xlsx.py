"""The management report as an Excel workbook: the printed report's data, one sheet per section.

It writes what ``report.reseller_kpi.management_report`` builds for the PDF (the dashboard's data as
the reader may see it), with the figures as numbers in the number format of their unit
(``engine/display.xlsx_format``): a controller reads the same figures in both, and can recompute
with them.
"""

import io
import re

import xlsxwriter

from odoo import api, models

from ..engine import display
from ..models import kpi_display

SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class ReportResellerKpiManagementReportXlsx(models.AbstractModel):
    _name = "report.reseller_kpi.management_report_xlsx"
    _description = "Reseller KPI management report (Excel)"

    @api.model
    def _render(self, company, period_type, day, team_id=False, user_id=False):
        """The workbook's bytes and its file name, for the current user."""
        builder = self.env["report.reseller_kpi.management_report"]
        report = builder._management_report(company, period_type, day, team_id, user_id)
        return self._workbook(report), self._filename(report)

    @api.model
    def _filename(self, report):
        name = self.env._(
            "Management report %(period)s - %(company)s",
            period=report["period"]["label"],
            company=report["company"].name,
        )
        return f"{SHEET_NAME_FORBIDDEN.sub('-', name)}.xlsx"

    @api.model
    def _workbook(self, report):
        texts = kpi_display.locale(self.env, report["company"].currency_id)
        output = io.BytesIO()
        # names are text, never formulas or links (a partner named "=HYPERLINK(...)" stays a name)
        workbook = xlsxwriter.Workbook(
            output, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        styles = _Styles(workbook, texts)
        used = set()
        for section in report["sections"]:
            sheet = workbook.add_worksheet(self._sheet_name(section["label"], used))
            row = self._header(sheet, styles, report)
            row = self._cards(sheet, styles, texts, report, section["cards"], row)
            if section["family"] == "customers" and report["movement"]:
                row = self._movement(sheet, styles, report["movement"], row + 1)
            if section["family"] == "finance" and report["pacing"]:
                sheet.write(row + 1, 0, report["pacing"], styles.muted)
        if report["categories"]:
            sheet = workbook.add_worksheet(self._sheet_name(self.env._("Categories by margin"), used))
            self._categories(sheet, styles, texts, report, self._header(sheet, styles, report))
        if report["vendors"]:
            sheet = workbook.add_worksheet(self._sheet_name(self.env._("Vendors"), used))
            self._vendors(sheet, styles, texts, report, self._header(sheet, styles, report))
        if not report["sections"]:
            sheet = workbook.add_worksheet(self._sheet_name(self.env._("Report"), used))
            row = self._header(sheet, styles, report)
            sheet.write(row, 0, self.env._("No KPI has been computed for this company yet."), styles.muted)
        workbook.close()
        return output.getvalue()

    @staticmethod
    def _sheet_name(label, used):
        """An Excel sheet name: 31 characters at most, none of []:*?/\\, unique in the workbook."""
        base = SHEET_NAME_FORBIDDEN.sub("-", label)[:31] or "Sheet"
        name, index = base, 2
        while name.lower() in used:
            suffix = f" ({index})"
            name, index = base[: 31 - len(suffix)] + suffix, index + 1
        used.add(name.lower())
        return name

    # ------------------------------------------------------------------ blocks
    def _header(self, sheet, styles, report):
        """The title, the company, the filters and the period on top of each sheet; returns the next row."""
        sheet.write(0, 0, self.env._("Management report — %s", report["period"]["label"]), styles.title)
        company = report["company"]
        if report["scope"] == "own":
            team = self.env._("Your own figures (salesperson)")
        else:
            team = report["team"] or self.env._("All teams")
        period = report["period"]["label"]
        if report["period"]["in_progress"]:
            period = self.env._(
                "%(period)s (in progress: day %(elapsed)s of %(days)s)",
                period=period,
                elapsed=report["period"]["elapsed"],
                days=report["period"]["days"],
            )
        lines = [
            (self.env._("Company"), f"{company.name} ({company.currency_id.name})"),
            (self.env._("Sales team"), team),
        ]
        if report["salesperson"]:
            lines.append((self.env._("Salesperson"), report["salesperson"]))
        lines += [
            (self.env._("Period"), period),
            (
                self.env._("Compared with"),
                self.env._(
                    "%(previous)s and %(last_year)s",
                    previous=report["previous"]["label"],
                    last_year=report["last_year"]["label"],
                ),
            ),
            (self.env._("Generated"), report["generated_at"]),
        ]
        if report["refreshed_at"]:
            lines.append((self.env._("KPIs computed"), report["refreshed_at"]))
        for index, (label, text) in enumerate(lines, start=1):
            sheet.write(index, 0, label, styles.muted)
            sheet.write(index, 1, text)
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 1, 16)
        sheet.set_column(2, 9, 16)
        return len(lines) + 2

    def _cards(self, sheet, styles, texts, report, cards, row):
        columns = [
            self.env._("KPI"),
            report["period"]["label"],
            report["previous"]["label"],
            self.env._("Change"),
            report["last_year"]["label"],
            self.env._("Change"),
            self.env._("Target"),
            self.env._("Status"),
            self.env._("Note"),
            self.env._("Code"),
        ]
        for column, title in enumerate(columns):
            sheet.write(row, column, title, styles.head)
        sheet.freeze_panes(row + 1, 1)
        for card in cards:
            row += 1
            unit, figures = card["unit"], card["figures"]
            label = f"{card['label']} ({card['dimension']})" if card["dimension"] else card["label"]
            sheet.write(row, 0, label)
            styles.figure(sheet, row, 1, unit, figures["value"], empty=card["value"])
            for column, key in ((2, "previous"), (4, "last_year")):
                change = figures[key]
                comparison = card[key] or {}
                if change is None:
                    continue
                styles.figure(sheet, row, column, unit, change["reference"], empty=comparison.get("reference"))
                if change["delta"] is not None:
                    number_format, factor = display.xlsx_change(texts, change["delta_unit"])
                    sheet.write_number(row, column + 1, change["delta"] * factor, styles.get(number_format))
                elif comparison.get("change"):
                    sheet.write(row, column + 1, comparison["change"], styles.muted)  # a share "so far"
            if card["target"]:
                styles.figure(sheet, row, 6, unit, figures["target"], empty=card["target"]["value"])
                sheet.write(row, 7, card["target"]["status_label"], styles.status(card["target"]["status"]))
            if card["so_far"]:
                sheet.write(row, 8, card["so_far"], styles.muted)
            sheet.write(row, 9, card["code"], styles.muted)
        return row + 1

    def _movement(self, sheet, styles, movement, row):
        sheet.write(row, 0, self.env._("Customer movement"), styles.head)
        for step in movement:
            row += 1
            sheet.write(row, 0, f"{step['operator']} {step['label']}".strip())
            styles.figure(sheet, row, 1, "count", step["figure"], empty=step["value"])
        return row + 1

    def _categories(self, sheet, styles, texts, report, row):
        columns = [self.env._("Category"), self.env._("Revenue"), self.env._("Margin"), self.env._("Margin rate")]
        for part, title in (("top", self.env._("Best margins")), ("bottom", self.env._("Lowest margins"))):
            lines = report["categories"][part]
            if not lines:
                continue
            sheet.write(row, 0, title, styles.head)
            for column, heading in enumerate(columns[1:], start=1):
                sheet.write(row, column, heading, styles.head)
            for line in lines:
                row += 1
                sheet.write(row, 0, line["path"] or line["name"])
                figures = line["figures"]
                styles.figure(sheet, row, 1, "amount", figures["revenue"], empty=line["revenue"])
                styles.figure(sheet, row, 2, "amount", figures["margin"], empty=line["margin"])
                styles.figure(sheet, row, 3, "percent", figures["rate"], empty=line["rate"])
            row += 2
        return row

    def _vendors(self, sheet, styles, texts, report, row):
        columns = [self.env._("Vendor"), self.env._("Grade"), self.env._("On-time rate"), self.env._("Average delay")]
        for column, heading in enumerate(columns):
            sheet.write(row, column, heading, styles.head)
        for vendor in report["vendors"]:
            row += 1
            sheet.write(row, 0, vendor["name"])
            sheet.write(row, 1, vendor["grade"])
            styles.figure(sheet, row, 2, "percent", vendor["figures"]["otd_rate"], empty=vendor["otd_rate"])
            styles.figure(sheet, row, 3, "days", vendor["figures"]["delay_days"], empty=vendor["delay_days"])
        return row + 1


class _Styles:
    """The workbook's cell formats, one per number format (xlsxwriter wants them shared)."""

    STATUS_COLOURS = {"green": "#1E7B34", "amber": "#9A6700", "red": "#B3261E"}

    def __init__(self, workbook, texts):
        self.workbook = workbook
        self.texts = texts
        self.formats = {}
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.head = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
        self.muted = workbook.add_format({"font_color": "#6C757D"})
        self.statuses = {
            status: workbook.add_format({"bold": True, "font_color": colour})
            for status, colour in self.STATUS_COLOURS.items()
        }

    def get(self, number_format):
        if number_format not in self.formats:
            self.formats[number_format] = self.workbook.add_format({"num_format": number_format})
        return self.formats[number_format]

    def status(self, status):
        return self.statuses.get(status, self.muted)

    def figure(self, sheet, row, column, unit, figure, empty=None):
        """A figure as a number in its unit's format; an empty one as the report writes it ("—", "not yet
        posted")."""
        number = display.xlsx_number(unit, figure)
        if number is None:
            sheet.write(row, column, empty or display.EMPTY, self.muted)
        else:
            sheet.write_number(row, column, number, self.get(display.xlsx_format(self.texts, unit, figure)))
