from odoo import api, models
from odoo.tools import SQL

from odoo.addons.reseller_kpi.engine.periods import utc_bounds
from odoo.addons.reseller_kpi.models.reseller_kpi_collector import local_day

from ..engine.satisfaction import CSAT_SATISFIED_MIN, DETRACTOR_MAX, EMPTY_AGGREGATES, PROMOTER_MIN, nps_category

# a satisfaction survey has at least one question flagged with a score
SATISFACTION_SURVEY = SQL(
    """EXISTS (SELECT 1 FROM survey_question sq
                WHERE sq.survey_id = ui.survey_id AND sq.reseller_kpi_score_type IS NOT NULL)"""
)


class ResellerKpiCollector(models.AbstractModel):
    _inherit = "reseller.kpi.collector"

    SATISFACTION_DEFAULTS = EMPTY_AGGREGATES

    @api.model
    def _satisfaction(self, company, first_day, last_day):
        """Score answers, completed responses and invitations by company, team and salesperson.

        An answer counts when its response is completed (not a test) with a local completion
        date in the period; an invitation when it was sent in the period; a response in the
        response rate when it came from an invitation.
        """
        start, stop = utc_bounds(first_day, last_day, self._tz(company))
        dims = {"team_id": "crm.team", "user_id": "res.users"}
        sets, flags = self._grouping(dims)
        rows = self._fetch(
            SQL(
                """WITH events AS (
                       SELECT ui.reseller_kpi_team_id AS team_id, ui.reseller_kpi_user_id AS user_id,
                              q.reseller_kpi_score_type AS score_type, l.value_scale AS score,
                              0 AS invitation, 0 AS response
                         FROM survey_user_input_line l
                         JOIN survey_user_input ui ON ui.id = l.user_input_id
                         JOIN survey_question q ON q.id = l.question_id
                        WHERE ui.reseller_kpi_company_id = %(company)s AND ui.state = 'done'
                          AND NOT COALESCE(ui.test_entry, FALSE)
                          AND ui.end_datetime >= %(start)s AND ui.end_datetime < %(stop)s
                          AND q.reseller_kpi_score_type IS NOT NULL
                          AND NOT COALESCE(l.skipped, FALSE) AND l.answer_type = 'scale'
                       UNION ALL
                       SELECT ui.reseller_kpi_team_id, ui.reseller_kpi_user_id, NULL, NULL, 1, 0
                         FROM survey_user_input ui
                        WHERE ui.reseller_kpi_company_id = %(company)s AND NOT COALESCE(ui.test_entry, FALSE)
                          AND ui.reseller_kpi_invited_at >= %(start)s AND ui.reseller_kpi_invited_at < %(stop)s
                          AND %(satisfaction_survey)s
                       UNION ALL
                       SELECT ui.reseller_kpi_team_id, ui.reseller_kpi_user_id, NULL, NULL, 0, 1
                         FROM survey_user_input ui
                        WHERE ui.reseller_kpi_company_id = %(company)s AND NOT COALESCE(ui.test_entry, FALSE)
                          AND ui.state = 'done' AND ui.reseller_kpi_invited_at IS NOT NULL
                          AND ui.end_datetime >= %(start)s AND ui.end_datetime < %(stop)s
                          AND %(satisfaction_survey)s
                   )
                   SELECT team_id, user_id, %(flags)s,
                          COUNT(*) FILTER (WHERE score_type = 'nps') AS nps_answers,
                          COUNT(*) FILTER (WHERE score_type = 'nps' AND score >= %(promoter)s) AS promoters,
                          COUNT(*) FILTER (WHERE score_type = 'nps' AND score <= %(detractor)s) AS detractors,
                          COUNT(*) FILTER (WHERE score_type = 'ces') AS ces_answers,
                          COALESCE(SUM(score) FILTER (WHERE score_type = 'ces'), 0) AS ces_total,
                          COUNT(*) FILTER (WHERE score_type = 'csat') AS csat_answers,
                          COUNT(*) FILTER (WHERE score_type = 'csat' AND score >= %(satisfied)s) AS csat_satisfied,
                          SUM(response) AS responses,
                          SUM(invitation) AS invitations
                     FROM events
                    GROUP BY GROUPING SETS (%(sets)s)""",
                company=company.id,
                start=start,
                stop=stop,
                satisfaction_survey=SATISFACTION_SURVEY,
                flags=flags,
                promoter=PROMOTER_MIN,
                detractor=DETRACTOR_MAX,
                satisfied=CSAT_SATISFIED_MIN,
                sets=sets,
            )
        )
        return self._by_dimension(rows, dims, self.SATISFACTION_DEFAULTS)

    # ------------------------------------------------------------------ figures on customers
    @api.model
    def _refresh_records(self, company, today=None):
        result = super()._refresh_records(company, today=today)
        self._refresh_satisfaction_records(company)
        return result

    @api.model
    def _refresh_satisfaction_records(self, company, partner_ids=None):
        """Last NPS answer of each customer (commercial partner) of `company`, its date and category;
        only for `partner_ids` when given."""
        restrict = SQL("AND p.commercial_partner_id = ANY(%s)", list(partner_ids)) if partner_ids else SQL()
        self.env.flush_all()
        rows = self._fetch(
            SQL(
                """SELECT DISTINCT ON (p.commercial_partner_id)
                          p.commercial_partner_id AS customer, l.value_scale AS score, %(day)s AS day
                     FROM survey_user_input_line l
                     JOIN survey_user_input ui ON ui.id = l.user_input_id
                     JOIN survey_question q ON q.id = l.question_id
                     JOIN res_partner p ON p.id = ui.partner_id
                    WHERE ui.reseller_kpi_company_id = %(company)s AND ui.state = 'done'
                      AND NOT COALESCE(ui.test_entry, FALSE) AND q.reseller_kpi_score_type = 'nps'
                      AND NOT COALESCE(l.skipped, FALSE) AND l.answer_type = 'scale' %(restrict)s
                    ORDER BY p.commercial_partner_id, ui.end_datetime DESC, l.id DESC""",
                day=local_day(SQL("ui.end_datetime"), self._tz(company)),
                company=company.id,
                restrict=restrict,
            )
        )
        self._set_company_dependent(
            "res.partner",
            company,
            ["reseller_kpi_last_nps", "reseller_kpi_last_nps_date", "reseller_kpi_nps_category"],
            [(row["customer"], row["score"], row["day"], nps_category(row["score"])) for row in rows],
            ids=partner_ids,
        )

    # ------------------------------------------------------------------ drill-down
    @api.model
    def _records_action(self, kpi_value):
        code = kpi_value.kpi_code
        if not code.startswith("survey."):
            return super()._records_action(kpi_value)
        company = kpi_value.company_id
        start, stop = utc_bounds(kpi_value.date_start, kpi_value.date_end, self._tz(company))
        completed = [
            ("state", "=", "done"),
            ("end_datetime", ">=", start),
            ("end_datetime", "<", stop),
        ]
        if code == "survey.response_rate":
            domain = [
                ("reseller_kpi_invited_at", "!=", False),
                "|",
                "&",
                ("reseller_kpi_invited_at", ">=", start),
                ("reseller_kpi_invited_at", "<", stop),
                "&",
                "&",
                *completed,
            ]
        else:
            answered = {
                "survey.nps": ("reseller_kpi_nps_category", "!=", False),
                "survey.ces": ("reseller_kpi_ces", ">", 0),
                "survey.csat": ("reseller_kpi_csat", ">", 0),
            }[code]
            domain = [*completed, answered]
        domain += [("reseller_kpi_company_id", "=", company.id), ("test_entry", "=", False)]
        dimension = {"crm.team": "reseller_kpi_team_id", "res.users": "reseller_kpi_user_id"}
        if kpi_value.res_model in dimension:
            domain.append((dimension[kpi_value.res_model], "=", kpi_value.res_id))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reseller_kpi_survey.survey_user_input_action_satisfaction"
        )
        action.update(name=self._records_action_name(kpi_value), domain=domain, context={})
        return action
