"""What the stored months of a family that adds up over days were computed with.

The nightly run sums the quarter and the year in progress of such a family
(sales, deliveries, CRM: every number is a sum over the days of the period,
see ``reseller.kpi.family._kpi_additive``) from their months instead of
reading a year of records again. A stored month is summed only when its
stamp says that it was computed after it was over, with the family's current
*basis* (its computation's version, the add-ons that extend it, the company's
time zone and currency): a month computed while in progress, before a change
of time zone or before a sales channel was installed is not summed, and its
quarter and year are read from the records as before. The stamps are
replaced with the month's values, in the same transaction.
"""

from odoo import api, fields, models
from odoo.tools import SQL


class ResellerKpiMonthStamp(models.Model):
    _name = "reseller.kpi.month.stamp"
    _description = "Reseller KPI stored month's basis"
    _log_access = False
    _order = "company_id, date_start, family"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    date_start = fields.Date(string="Month", required=True, readonly=True, help="First day of the month.")
    family = fields.Char(required=True, readonly=True, help="The KPI family whose values of the month are stamped.")
    basis = fields.Char(
        readonly=True,
        help="What the values were computed with: the family's version and add-ons, the time zone and currency.",
    )
    final = fields.Boolean(readonly=True, help="Computed after the month was over.")

    _sql_constraints = [
        ("month_family_unique", "UNIQUE (company_id, date_start, family)", "One stamp per company, month and family.")
    ]

    @api.model
    def _replace(self, company, month, today):
        """Stamp `company`'s values of `month` just written, for every family that adds up over days."""
        collector = self.env["reseller.kpi.collector"]
        families = [name for name in collector._kpi_registry().families if collector._family(name)._kpi_additive]
        self.env.cr.execute(
            SQL(
                "DELETE FROM reseller_kpi_month_stamp WHERE company_id = %s AND date_start = %s",
                company.id,
                month.date_start,
            )
        )
        if families:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO reseller_kpi_month_stamp (company_id, date_start, family, basis, final) VALUES %s",
                    SQL(", ").join(
                        SQL(
                            "(%s, %s, %s, %s, %s)",
                            company.id,
                            month.date_start,
                            name,
                            collector._family(name)._kpi_basis(company),
                            today > month.date_end,
                        )
                        for name in families
                    ),
                )
            )
        self.invalidate_model()

    @api.model
    def _summable(self, company, family, months):
        """The first days of those of `months` whose stored values of `family` may be summed."""
        self.env.cr.execute(
            SQL(
                """SELECT date_start FROM reseller_kpi_month_stamp
                    WHERE company_id = %s AND family = %s AND basis = %s AND final AND date_start = ANY(%s)""",
                company.id,
                family,
                self.env["reseller.kpi.collector"]._family(family)._kpi_basis(company),
                [month.date_start for month in months],
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}
