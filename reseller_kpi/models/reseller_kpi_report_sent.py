"""The monthly management report by mail, once per company and month.

After the monthly close, each recipient of a company receives the report of the month just closed as
a PDF (and as an Excel workbook when their preferences say so), rendered as that recipient (they see
exactly the figures their roles allow) and in their own language, with the key figures in the body.
A row of ``reseller.kpi.report.sent`` records what went out, so running the close again sends nothing
twice; a company whose report fails is logged, keeps no row and is tried again on the next run.
"""

import base64
import logging

from odoo import api, fields, models

from .reseller_kpi_value import PERIOD_TYPE_SELECTION, period_label

_logger = logging.getLogger(__name__)

REPORT_XMLID = "reseller_kpi.management_report_action"
TEMPLATE_XMLID = "reseller_kpi.mail_template_management_report"


class PrebuiltReports(dict):
    """Management reports already built, by company id: the monthly mail prints what it summarises and
    builds it once. Only code passes one; a report's options from a URL are JSON and never are one."""


class ResellerKpiReportSent(models.Model):
    _name = "reseller.kpi.report.sent"
    _description = "Management report sent by mail"
    _order = "date_start desc, company_id"
    _rec_name = "date_start"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    period_type = fields.Selection(PERIOD_TYPE_SELECTION, required=True, readonly=True, default="month")
    date_start = fields.Date("Period start", required=True, readonly=True)
    sent_at = fields.Datetime(readonly=True)
    recipient_ids = fields.Many2many("res.users", string="Recipients", readonly=True)
    mail_ids = fields.Many2many("mail.mail", string="Mails", readonly=True)

    _sql_constraints = [
        (
            "period_uniq",
            "UNIQUE (company_id, period_type, date_start)",
            "The management report of a period is sent once per company.",
        ),
    ]

    @api.model
    def _send_period_reports(self, company, period):
        """Send the report of `period` to the company's recipients unless it went out already.

        Returns True when mails were queued. A failure rolls back this company's mails, is logged and
        leaves the period unsent; it never reaches the caller, so other companies still get theirs.
        """
        sent = self.sudo().search_count(
            [
                ("company_id", "=", company.id),
                ("period_type", "=", period.period_type),
                ("date_start", "=", period.date_start),
            ],
            limit=1,
        )
        if sent:
            return False
        recipients = company._reseller_kpi_report_recipients()
        if not recipients:
            _logger.info("Reseller KPIs: no recipient for the management report of %s", company.name)
            return False
        try:
            with self.env.cr.savepoint():
                mails = self.env["mail.mail"].sudo()
                for user in recipients:
                    mails |= self._send_report_to(company, period, user)
                self.sudo().create(
                    {
                        "company_id": company.id,
                        "period_type": period.period_type,
                        "date_start": period.date_start,
                        "sent_at": fields.Datetime.now(),
                        "recipient_ids": [fields.Command.set(recipients.ids)],
                        "mail_ids": [fields.Command.set(mails.ids)],
                    }
                )
        except Exception:
            _logger.exception(
                "Reseller KPIs: the management report of %s for %s could not be sent", company.name, period.date_start
            )
            return False
        _logger.info(
            "Reseller KPIs: management report of %s for %s queued for %d recipients",
            company.name,
            period.date_start,
            len(recipients),
        )
        return True

    @api.model
    def _send_report_to(self, company, period, user):
        """One mail to `user`: the report rendered as them, in their language."""
        lang = user.lang or company.partner_id.lang or "en_US"
        reader = self.with_user(user).with_company(company).with_context(lang=lang)
        data = {"period_type": period.period_type, "day": fields.Date.to_string(period.date_start), "team_id": False}
        # built once, as the recipient: the PDF prints it and the mail's key figures summarise it
        report = reader.env["report.reseller_kpi.management_report"]._management_report(
            company, period.period_type, data["day"], False
        )
        pdf = reader._management_report_pdf(company, dict(data, prebuilt=PrebuiltReports({company.id: report})))
        label = period_label(reader.env, period)
        filename = reader.env._("Management report %(period)s - %(company)s.pdf", period=label, company=company.name)
        attachments = [(filename, base64.b64encode(pdf))]
        if user.reseller_kpi_report_xlsx:
            # the same report, as the recipient asked in their preferences
            xlsx_report = reader.env["report.reseller_kpi.management_report_xlsx"]
            attachments.append((xlsx_report._filename(report), base64.b64encode(xlsx_report._workbook(report))))
        template = self.env.ref(TEMPLATE_XMLID).sudo()
        mail = template.with_context(
            lang=lang,
            reseller_kpi_company=company.name,
            reseller_kpi_email_from=company.email_formatted or False,
            reseller_kpi_period=label,
            reseller_kpi_summary=reader.env["report.reseller_kpi.management_report"]._summary(report),
        ).send_mail(
            user.id,
            email_values={"attachments": attachments},
        )
        return self.env["mail.mail"].sudo().browse(mail)

    @api.model
    def _management_report_pdf(self, company, data):
        """The report's PDF for the current user (a seam for tests)."""
        content, _type = self.env["ir.actions.report"]._render_qweb_pdf(REPORT_XMLID, [company.id], data=data)
        return content
