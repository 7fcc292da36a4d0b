from odoo import api, models
from odoo.tools import SQL

from ..engine.mailing import MAILING


class ResellerKpiCollector(models.AbstractModel):
    _inherit = "reseller.kpi.collector"

    @api.model
    def _kpi_registry(self):
        return super()._kpi_registry().extended(MAILING)

    @api.model
    def _touched_dates(self, company, since):
        """An e-mail written since the last run changes the period it was sent in; an opt-out the
        period it happened in (an e-mail also counts for the opt-outs of the 30 days after it)."""
        return [
            *super()._touched_dates(company, since),
            SQL(
                """SELECT MIN(t.sent_datetime) FROM mailing_trace t
                     JOIN mailing_mailing m ON m.id = t.mass_mailing_id
                     JOIN res_users u ON u.id = m.user_id
                    WHERE u.company_id = %s AND t.write_date >= %s""",
                company.id,
                since,
            ),
            SQL(
                """SELECT MIN(opt_out_datetime) FROM mailing_subscription
                    WHERE opt_out_datetime IS NOT NULL AND write_date >= %s""",
                since,
            ),
            SQL("SELECT MIN(create_date) FROM mail_blacklist WHERE write_date >= %s", since),
        ]
