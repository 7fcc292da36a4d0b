"""Satisfaction: NPS, CES, CSAT and response rate from Odoo surveys.

The facts are one row per score answered on a completed response of the
period, per invitation sent in the period and per completed response that
came from an invitation; each carries its response (survey.user_input).
"""

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.reseller_kpi.engine.codes import _lt
from odoo.addons.reseller_kpi.models.reseller_kpi_collector import MemberSet

from ..engine.satisfaction import (
    CSAT_SATISFIED_MIN,
    DETRACTOR_MAX,
    PROMOTER_MIN,
    SCALES,
    SatisfactionAggregate,
    satisfaction_values,
)

# a satisfaction survey has at least one question flagged with a score
SATISFACTION_SURVEY = SQL(
    """EXISTS (SELECT 1 FROM survey_question sq
                WHERE sq.survey_id = ui.survey_id AND sq.reseller_kpi_score_type IS NOT NULL)"""
)
# an answer outside its question's scale (written before it was refused, or by SQL) is no score
SCORE_IN_SCALE = SQL(
    "CASE q.reseller_kpi_score_type %s ELSE FALSE END",
    SQL(" ").join(
        SQL("WHEN %s THEN l.value_scale BETWEEN %s AND %s", score_type, low, high)
        for score_type, (low, high) in SCALES.items()
    ),
)


def _answers(condition, label):
    return MemberSet("survey.user_input", "_facts", "answer_id", condition, label)


MEMBER_SETS = {
    "nps_answers": _answers(SQL("f.score_type = 'nps'"), _lt("NPS answers")),
    "promoters": _answers(SQL("f.score_type = 'nps' AND f.score >= %s", PROMOTER_MIN), _lt("Promoters")),
    "detractors": _answers(SQL("f.score_type = 'nps' AND f.score <= %s", DETRACTOR_MAX), _lt("Detractors")),
    "ces_answers": _answers(SQL("f.score_type = 'ces'"), _lt("CES answers")),
    "csat_answers": _answers(SQL("f.score_type = 'csat'"), _lt("CSAT answers")),
    "csat_satisfied": _answers(
        SQL("f.score_type = 'csat' AND f.score >= %s", CSAT_SATISFIED_MIN), _lt("Satisfied answers (4-5)")
    ),
    "invitations": _answers(SQL("f.invitation = 1"), _lt("Invitations")),
    "responses": _answers(SQL("f.response = 1"), _lt("Invitations answered")),
}


class ResellerKpiFamilySatisfaction(models.AbstractModel):
    _name = "reseller.kpi.family.satisfaction"
    _inherit = "reseller.kpi.family"
    _description = "Reseller KPIs: satisfaction"

    _kpi_dimensions = {"team_id": "crm.team", "user_id": "res.users"}
    _kpi_records_action = "reseller_kpi_survey.survey_user_input_action_satisfaction"
    _kpi_member_sets = MEMBER_SETS

    @api.model
    def _facts(self, scope):
        """Score answers, invitations and responses of the period (test entries never count).

        An answer counts when its response is completed with a local completion date in the
        period; an invitation when it was sent in the period, and it is answered (the response
        rate's numerator) when its response is completed, whenever that was: the rate is the share
        of the period's invitations answered, never above 100.
        """
        return SQL(
            """SELECT ui.id AS answer_id, ui.reseller_kpi_team_id AS team_id, ui.reseller_kpi_user_id AS user_id,
                      q.reseller_kpi_score_type AS score_type, l.value_scale AS score,
                      0 AS invitation, 0 AS response
                 FROM survey_user_input_line l
                 JOIN survey_user_input ui ON ui.id = l.user_input_id
                 JOIN survey_question q ON q.id = l.question_id
                WHERE ui.reseller_kpi_company_id = %(company)s AND ui.state = 'done'
                  AND NOT COALESCE(ui.test_entry, FALSE)
                  AND ui.end_datetime >= %(start)s AND ui.end_datetime < %(stop)s
                  AND q.reseller_kpi_score_type IS NOT NULL
                  AND NOT COALESCE(l.skipped, FALSE) AND l.answer_type = 'scale' AND %(in_scale)s
               UNION ALL
               SELECT ui.id AS answer_id, ui.reseller_kpi_team_id AS team_id, ui.reseller_kpi_user_id AS user_id,
                      NULL AS score_type, NULL AS score, 1 AS invitation,
                      CASE WHEN ui.state = 'done' THEN 1 ELSE 0 END AS response
                 FROM survey_user_input ui
                WHERE ui.reseller_kpi_company_id = %(company)s AND NOT COALESCE(ui.test_entry, FALSE)
                  AND ui.reseller_kpi_invited_at >= %(start)s AND ui.reseller_kpi_invited_at < %(stop)s
                  AND %(satisfaction_survey)s""",
            company=scope.company.id,
            start=scope.start,
            stop=scope.stop,
            satisfaction_survey=SATISFACTION_SURVEY,
            in_scale=SCORE_IN_SCALE,
        )

    @api.model
    def _aggregate(self, scope, aggregates=None):
        """Score answers, completed responses and invitations by company, team and salesperson."""
        # every member set is counted from its own condition (responses and invitations too)
        metrics = SQL(
            "%s, COALESCE(SUM(f.score) FILTER (WHERE %s), 0) AS ces_total",
            self._counts(MEMBER_SETS),
            MEMBER_SETS["ces_answers"].condition,
        )
        rows = self._collector._fetch(self._grouped(self._facts(scope), metrics))
        return self._collector._by_dimension(rows, self._kpi_dimensions, SatisfactionAggregate)

    @api.model
    def _kpi_values(self, key, agg, aggregates):
        return satisfaction_values(agg)
