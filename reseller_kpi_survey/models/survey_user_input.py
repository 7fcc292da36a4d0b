import logging

from odoo import api, fields, models
from odoo.tools import plaintext2html

from ..engine.satisfaction import in_scale, nps_category
from .res_partner import NPS_CATEGORIES

_logger = logging.getLogger(__name__)


class SurveyUserInput(models.Model):
    """A survey answer, linked to the sale order, team and salesperson it was sent for."""

    _inherit = "survey.user_input"

    reseller_kpi_company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        help="The company whose satisfaction KPIs count this answer: the order's company for invitations "
        "sent for an order, else the company the invitation was shared from. Empty for answers without an "
        "invitation (a public link) and for the answers of other surveys (interviews, certifications), "
        "which KPI users never read.",
    )
    reseller_kpi_sale_order_id = fields.Many2one(
        "sale.order", string="Sale order", index="btree_not_null", ondelete="set null", readonly=True
    )
    # copied from the order when the invitation is sent, so later changes on the order keep history intact
    reseller_kpi_team_id = fields.Many2one("crm.team", string="Sales team", readonly=True)
    reseller_kpi_user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    reseller_kpi_invited_at = fields.Datetime(
        "Invitation sent", readonly=True, index="btree_not_null", help="When the invitation e-mail was sent."
    )
    # the answer's secret: whoever holds it answers in the customer's name, so survey officers only read
    # it (KPI users read satisfaction answers, never their tokens; the survey module reads it as superuser)
    access_token = fields.Char(groups="survey.group_survey_user")
    reseller_kpi_nps = fields.Integer("NPS answer", compute="_compute_reseller_kpi_scores", store=True)
    reseller_kpi_nps_category = fields.Selection(
        NPS_CATEGORIES, "NPS category", compute="_compute_reseller_kpi_scores", store=True
    )
    reseller_kpi_ces = fields.Integer("CES answer", compute="_compute_reseller_kpi_scores", store=True)
    reseller_kpi_csat = fields.Integer("CSAT answer", compute="_compute_reseller_kpi_scores", store=True)
    reseller_kpi_comment = fields.Text("Comment", compute="_compute_reseller_kpi_scores", store=True)

    @api.depends(
        "user_input_line_ids.value_scale",
        "user_input_line_ids.skipped",
        "user_input_line_ids.value_text_box",
        "user_input_line_ids.value_char_box",
        "user_input_line_ids.question_id.reseller_kpi_score_type",
    )
    def _compute_reseller_kpi_scores(self):
        """The first answer to each score question, and the free-text answers, for lists and follow-up."""
        for user_input in self:
            scores = {}
            comments = []
            for line in user_input.user_input_line_ids:
                if line.skipped:
                    continue
                score_type = line.question_id.reseller_kpi_score_type
                if score_type and line.answer_type == "scale":
                    if in_scale(score_type, line.value_scale):
                        scores.setdefault(score_type, line.value_scale)
                elif line.answer_type == "text_box" and line.value_text_box:
                    comments.append(line.value_text_box.strip())
                elif line.answer_type == "char_box" and line.value_char_box:
                    comments.append(line.value_char_box.strip())
            user_input.reseller_kpi_nps = scores.get("nps", 0)
            user_input.reseller_kpi_nps_category = nps_category(scores.get("nps"))
            user_input.reseller_kpi_ces = scores.get("ces", 0)
            user_input.reseller_kpi_csat = scores.get("csat", 0)
            user_input.reseller_kpi_comment = "\n".join(filter(None, comments)) or False

    @api.model_create_multi
    def create(self, vals_list):
        # only the answers to an invitation of ours belong to a company's KPIs (and so to what KPI users
        # read): those sent for an order, or by hand from the survey (stamped when the mail goes, in
        # survey.invite); an answer through a public link ("Anyone with the link") belongs to nobody's
        survey_ids = {vals["survey_id"] for vals in vals_list if vals.get("survey_id")}
        surveys = self.env["survey.survey"].sudo().browse(survey_ids)
        satisfaction = set(surveys.filtered("reseller_kpi_is_satisfaction").ids)
        order_ids = {vals["reseller_kpi_sale_order_id"] for vals in vals_list if vals.get("reseller_kpi_sale_order_id")}
        order_company = {order.id: order.company_id.id for order in self.env["sale.order"].sudo().browse(order_ids)}
        for vals in vals_list:
            invited = vals.get("reseller_kpi_sale_order_id") or vals.get("reseller_kpi_invited_at")
            if vals.get("survey_id") in satisfaction and invited and not vals.get("reseller_kpi_company_id"):
                vals["reseller_kpi_company_id"] = (
                    order_company.get(vals.get("reseller_kpi_sale_order_id")) or self.env.company.id
                )
        return super().create(vals_list)

    # ------------------------------------------------------------------ opting out
    def _reseller_kpi_opt_out_url(self):
        """The link of the invitation that stops the satisfaction surveys of its contact: it carries a
        token of its own, bound to the contact and the company, which opens nothing else (the answer's
        access token would let whoever holds the link answer the survey in the customer's name)."""
        self.ensure_one()
        partner = self.partner_id
        if not partner:
            return False
        company = self.reseller_kpi_company_id or self.env.company
        return f"{self.get_base_url()}{partner._reseller_kpi_opt_out_path(company)}"

    def _get_line_answer_values(self, question, answer, answer_type):
        # a score of 0 sent as a number is an answer, not a skipped question
        if answer_type == "scale" and answer == 0 and not isinstance(answer, bool):
            answer = "0"
        return super()._get_line_answer_values(question, answer, answer_type)

    def _mark_done(self):
        result = super()._mark_done()
        # the customer's answer is saved whatever happens in our follow-up: an error is logged, never shown
        try:
            with self.env.cr.savepoint():
                self._reseller_kpi_after_done()
        except Exception:
            _logger.exception(
                "Reseller KPIs: the follow-up of survey answers %s failed; the answers are kept", self.ids
            )
        return result

    def _reseller_kpi_after_done(self):
        """Follow-up of completed answers: an activity for each detractor, the customers' last NPS."""
        answers = self.filtered(lambda a: a.state == "done" and not a.test_entry).sudo()
        if not answers:
            return
        answers._reseller_kpi_follow_up_detractors()
        collector = self.env["reseller.kpi.collector"].sudo()
        for company in answers.reseller_kpi_company_id:
            partners = answers.filtered(lambda a, c=company: a.reseller_kpi_company_id == c).partner_id
            if partners:
                collector._refresh_satisfaction_records(company, partners.commercial_partner_id.ids)

    def _reseller_kpi_follow_up_detractors(self):
        """A to-do for the order's salesperson (else the survey's responsible) with the customer's comment."""
        activity_type = self.env.ref("reseller_kpi_survey.mail_activity_type_detractor", raise_if_not_found=False)
        for answer in self.filtered(lambda a: a.reseller_kpi_nps_category == "detractor"):
            order = answer.reseller_kpi_sale_order_id
            user = answer.reseller_kpi_user_id or order.user_id or answer.survey_id.user_id
            if not user:
                _logger.info("Reseller KPIs: detractor answer %s has nobody to follow it up", answer.id)
                continue
            env = answer.with_context(lang=user.lang).env  # written in the salesperson's language
            customer = answer.partner_id.display_name or answer.email or env._("A customer")
            summary = env._("Unhappy customer: NPS %(score)s", score=answer.reseller_kpi_nps)
            note = env._(
                "%(customer)s answered %(score)s out of 10 to the satisfaction survey.",
                customer=customer,
                score=answer.reseller_kpi_nps,
            )
            comment = answer.reseller_kpi_comment or env._("(no comment)")
            record = order or answer
            record.with_context(mail_activity_quick_update=True).activity_schedule(
                activity_type_id=activity_type.id if activity_type else False,
                summary=summary,
                note=plaintext2html(f"{note}\n\n{comment}"),
                user_id=user.id,
            )
