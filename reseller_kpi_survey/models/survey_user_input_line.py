from odoo import api, models
from odoo.exceptions import ValidationError

from ..engine.satisfaction import SCALES, in_scale


class SurveyUserInputLine(models.Model):
    _inherit = "survey.user_input.line"

    @api.constrains("value_scale", "question_id", "skipped")
    def _check_reseller_kpi_scale(self):
        """A score outside its question's scale (an NPS of -5 or 11) is refused, whatever the way it comes."""
        for line in self:
            score_type = line.question_id.reseller_kpi_score_type
            if score_type and line.answer_type == "scale" and not line.skipped:
                if not in_scale(score_type, line.value_scale):
                    low, high = SCALES[score_type]
                    raise ValidationError(
                        self.env._(
                            'The answer %(score)s to "%(question)s" is outside its scale, from %(low)s to %(high)s.',
                            score=line.value_scale,
                            question=line.question_id.title,
                            low=low,
                            high=high,
                        )
                    )
