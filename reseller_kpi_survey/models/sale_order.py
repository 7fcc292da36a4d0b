import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.reseller_kpi.engine.periods import utc_bounds
from odoo.addons.reseller_kpi.models.reseller_kpi_collector import company_tz, local_day

_logger = logging.getLogger(__name__)

INVITATION_BATCH = 200
# an order whose invitation day passed more than this many days ago is not invited any more:
# a missed run catches up, turning invitations on does not mail every past customer
CATCH_UP_DAYS = 30


class SaleOrder(models.Model):
    _inherit = "sale.order"

    reseller_kpi_survey_input_ids = fields.One2many(
        "survey.user_input", "reseller_kpi_sale_order_id", string="Satisfaction answers", readonly=True
    )
    reseller_kpi_survey_count = fields.Integer(
        "Number of satisfaction answers", compute="_compute_reseller_kpi_survey_count"
    )

    def _compute_reseller_kpi_survey_count(self):
        counts = dict(
            self.env["survey.user_input"]
            .sudo()
            ._read_group([("reseller_kpi_sale_order_id", "in", self.ids)], ["reseller_kpi_sale_order_id"], ["__count"])
        )
        for order in self:
            order.reseller_kpi_survey_count = counts.get(order, 0)

    def action_view_reseller_kpi_survey_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reseller_kpi_survey.survey_user_input_action_satisfaction"
        )
        action["domain"] = [("reseller_kpi_sale_order_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------ invitations
    @api.model
    def _reseller_kpi_survey_candidates(self, company, today, limit=INVITATION_BATCH):
        """Orders of `company` to invite today: [(order id, contact id)], at most one per customer.

        An order qualifies when its delivery (or invoice) is `delay` days old or more (at most
        CATCH_UP_DAYS more), it was never invited, its contact has an e-mail address, neither the
        contact nor its company is archived, opted out or blacklisted, and its customer received no
        invitation from this company during the quiet period.
        """
        tz = company_tz(company)
        last_day = today - timedelta(days=company.reseller_kpi_survey_delay_days)
        first_day = last_day - timedelta(days=CATCH_UP_DAYS - 1)
        quiet_since = fields.Datetime.now() - timedelta(days=company.reseller_kpi_survey_quiet_days)
        if company.reseller_kpi_survey_trigger == "invoiced":
            triggered = SQL(
                """SELECT so.id AS order_id, MAX(am.invoice_date) AS trigger_day
                     FROM sale_order so
                     JOIN sale_order_line sol ON sol.order_id = so.id
                     JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
                     JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                     JOIN account_move am ON am.id = aml.move_id
                    WHERE so.company_id = %(company)s AND so.state = 'sale' AND so.invoice_status = 'invoiced'
                      AND am.state = 'posted' AND am.move_type = 'out_invoice'
                    GROUP BY so.id""",
                company=company.id,
            )
        else:
            start, stop = utc_bounds(first_day, last_day, tz)
            triggered = SQL(
                """SELECT sp.sale_id AS order_id, MAX(%(done_day)s) AS trigger_day
                     FROM stock_picking sp
                     JOIN stock_picking_type spt ON spt.id = sp.picking_type_id AND spt.code = 'outgoing'
                    WHERE sp.sale_id IN (
                          SELECT p2.sale_id FROM stock_picking p2
                           WHERE p2.company_id = %(company)s AND p2.state = 'done'
                             AND p2.date_done >= %(start)s AND p2.date_done < %(stop)s)
                    GROUP BY sp.sale_id
                   HAVING bool_and(sp.state IN ('done', 'cancel')) AND bool_or(sp.state = 'done')""",
                done_day=local_day(SQL("sp.date_done"), tz),
                company=company.id,
                start=start,
                stop=stop,
            )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """WITH triggered AS (%(triggered)s)
                   SELECT DISTINCT ON (p.commercial_partner_id) so.id, p.id
                     FROM triggered t
                     JOIN sale_order so ON so.id = t.order_id
                     JOIN res_partner p ON p.id = so.partner_id
                     JOIN res_partner cp ON cp.id = p.commercial_partner_id
                    WHERE so.company_id = %(company)s AND so.state = 'sale'
                      AND t.trigger_day BETWEEN %(first_day)s AND %(last_day)s
                      AND p.active AND cp.active
                      AND COALESCE(TRIM(p.email), '') <> ''
                      AND NOT COALESCE(p.reseller_kpi_survey_opt_out, FALSE)
                      AND NOT COALESCE(cp.reseller_kpi_survey_opt_out, FALSE)
                      AND NOT EXISTS (SELECT 1 FROM mail_blacklist bl
                                       WHERE bl.active AND bl.email = p.email_normalized)
                      AND NOT EXISTS (SELECT 1 FROM survey_user_input ui
                                       WHERE ui.reseller_kpi_sale_order_id = so.id)
                      AND NOT EXISTS (SELECT 1 FROM survey_user_input ui
                                        JOIN res_partner up ON up.id = ui.partner_id
                                       WHERE up.commercial_partner_id = p.commercial_partner_id
                                         AND ui.reseller_kpi_company_id = %(company)s
                                         AND ui.reseller_kpi_invited_at >= %(quiet_since)s)
                    ORDER BY p.commercial_partner_id, t.trigger_day DESC, so.id DESC
                    LIMIT %(limit)s""",
                triggered=triggered,
                company=company.id,
                first_day=first_day,
                last_day=last_day,
                quiet_since=quiet_since,
                limit=limit,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _reseller_kpi_send_survey_invitations(self, company, today=None, limit=INVITATION_BATCH):
        """Invite the contacts of `company`'s qualifying orders; returns the answers created."""
        survey = company.reseller_kpi_survey_id
        if not survey:
            return self.env["survey.user_input"]
        if not survey.active:
            raise ValueError(f"the satisfaction survey {survey.title!r} is archived")
        today = today or self.env["reseller.kpi.value"]._today(company)
        candidates = self._reseller_kpi_survey_candidates(company, today, limit)
        if not candidates:
            return self.env["survey.user_input"]
        orders = self.browse([order_id for order_id, _contact in candidates])
        contacts = self.env["res.partner"].browse([contact_id for _order, contact_id in candidates])
        UserInput = self.env["survey.user_input"].with_company(company)
        answers = UserInput.create(
            [
                {
                    "survey_id": survey.id,
                    "partner_id": contact.id,
                    "email": contact.email,
                    "nickname": contact.name,
                    "invite_token": UserInput._generate_invite_token() if survey.is_attempts_limited else False,
                    "reseller_kpi_company_id": company.id,
                    "reseller_kpi_sale_order_id": order.id,
                    "reseller_kpi_team_id": order.team_id.id,
                    "reseller_kpi_user_id": order.user_id.id,
                }
                for order, contact in zip(orders, contacts, strict=True)
            ]
        )
        template = self.env.ref("reseller_kpi_survey.mail_template_satisfaction_invitation")
        template.send_mail_batch(answers.ids, email_layout_xmlid="mail.mail_notification_light")
        answers.reseller_kpi_invited_at = fields.Datetime.now()
        orders._message_log_batch(
            {
                answer.reseller_kpi_sale_order_id.id: self.env._(
                    "Satisfaction survey sent to %(contact)s.", contact=answer.partner_id.display_name
                )
                for answer in answers
            }
        )
        return answers

    @api.model
    def _cron_send_satisfaction_surveys(self):
        """Daily: the invitations of every company with a satisfaction survey, one batch per company.

        A company that fails is logged and skipped (its invitations are not half-sent: the
        savepoint undoes them); the others go on. Each company's invitations are committed
        at once, so a later failure never sends them twice.
        """
        companies = self.env["res.company"].search([("reseller_kpi_survey_id", "!=", False)])
        remaining = 0
        for done, company in enumerate(companies, start=1):
            try:
                with self.env.cr.savepoint():
                    answers = self.with_company(company)._reseller_kpi_send_survey_invitations(company)
                _logger.info("Reseller KPIs: %d satisfaction survey invitations for %s", len(answers), company.name)
                if len(answers) >= INVITATION_BATCH:
                    remaining += 1  # more to send: the cron runs again
            except Exception:
                _logger.exception("Reseller KPIs: satisfaction survey invitations of %s failed", company.name)
            # each company's invitations are committed at once (never in tests), as the KPI refresh does
            self.env["reseller.kpi.value"]._commit_progress()
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(companies) - done + remaining)
