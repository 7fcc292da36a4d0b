from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.satisfaction import SCALES, in_scale, scale_error

SCORE_TYPES = [
    ("nps", "Net Promoter Score (0-10)"),
    ("ces", "Customer Effort Score (1-7)"),
    ("csat", "Customer satisfaction, CSAT (1-5)"),
]


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    reseller_kpi_score_type = fields.Selection(
        SCORE_TYPES,
        string="Satisfaction score",
        help="Which reseller KPI the answers to this question feed. The question must be a scale: "
        "0 to 10 for NPS, 1 to 7 for CES (7 = very easy), 1 to 5 for CSAT (5 = very satisfied).",
    )

    @api.onchange("reseller_kpi_score_type")
    def _onchange_reseller_kpi_score_type(self):
        if self.reseller_kpi_score_type:
            self.question_type = "scale"
            self.scale_min, self.scale_max = SCALES[self.reseller_kpi_score_type]

    @api.constrains("reseller_kpi_score_type", "question_type", "scale_min", "scale_max")
    def _check_reseller_kpi_score_type(self):
        labels = dict(self._fields["reseller_kpi_score_type"]._description_selection(self.env))
        for question in self.filtered("reseller_kpi_score_type"):
            expected = scale_error(question.reseller_kpi_score_type, question.scale_min, question.scale_max)
            if question.question_type != "scale" or expected:
                low, high = SCALES[question.reseller_kpi_score_type]
                raise ValidationError(
                    self.env._(
                        'The question "%(question)s" measures %(score)s: it must be a scale question '
                        "from %(low)s to %(high)s.",
                        question=question.title,
                        score=labels[question.reseller_kpi_score_type],
                        low=low,
                        high=high,
                    )
                )

    def validate_question(self, answer, comment=None):
        # 0 is a valid score (an NPS of 0 is a detractor), also on mandatory questions:
        # Odoo's check `not answer` would refuse it when it arrives as a number
        if self.question_type == "scale" and answer == 0 and not isinstance(answer, bool):
            answer = "0"
        errors = super().validate_question(answer, comment)
        if errors or not self.reseller_kpi_score_type or answer in (None, "", False):
            return errors
        try:
            score = int(answer)
        except (TypeError, ValueError):
            score = None
        if not in_scale(self.reseller_kpi_score_type, score):
            low, high = SCALES[self.reseller_kpi_score_type]
            return {self.id: self.env._("Choose an answer from %(low)s to %(high)s.", low=low, high=high)}
        return errors
