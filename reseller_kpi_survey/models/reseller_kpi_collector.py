from odoo import api, models
from odoo.tools import SQL

from odoo.addons.reseller_kpi.models.reseller_kpi_collector import local_day

from ..engine.satisfaction import SATISFACTION, nps_category
from .reseller_kpi_family_satisfaction import SCORE_IN_SCALE


class ResellerKpiCollector(models.AbstractModel):
    _inherit = "reseller.kpi.collector"

    @api.model
    def _kpi_registry(self):
        return super()._kpi_registry().extended(SATISFACTION)

    @api.model
    def _touched_dates(self, company, since):
        return [
            *super()._touched_dates(company, since),
            SQL(
                """SELECT MIN(LEAST(COALESCE(end_datetime, reseller_kpi_invited_at), reseller_kpi_invited_at))
                     FROM survey_user_input WHERE reseller_kpi_company_id = %s AND write_date >= %s""",
                company.id,
                since,
            ),
        ]

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
                      AND NOT COALESCE(l.skipped, FALSE) AND l.answer_type = 'scale' AND %(in_scale)s %(restrict)s
                    ORDER BY p.commercial_partner_id, ui.end_datetime DESC, l.id DESC""",
                day=local_day(SQL("ui.end_datetime"), self._tz(company)),
                company=company.id,
                restrict=restrict,
                in_scale=SCORE_IN_SCALE,
            )
        )
        self._set_company_dependent(
            "res.partner",
            company,
            ["reseller_kpi_last_nps", "reseller_kpi_last_nps_date", "reseller_kpi_nps_category"],
            [(row["customer"], row["score"], row["day"], nps_category(row["score"])) for row in rows],
            ids=partner_ids,
        )
