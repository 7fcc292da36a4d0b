"""CRM: leads created, won, lost, win rate and sales cycle.

The facts are one row per lead or opportunity created or closed in the
period (archived ones included), with what it counts in.
"""

from odoo import api, models
from odoo.tools import SQL

from ..engine import formulas
from ..engine.aggregates import CrmAggregate
from ..engine.codes import _lt
from .reseller_kpi_collector import MemberSet, local_day, stored_number


class ResellerKpiFamilyCrm(models.AbstractModel):
    _name = "reseller.kpi.family.crm"
    _inherit = "reseller.kpi.family"
    _description = "Reseller KPIs: CRM"

    _kpi_dimensions = {"team_id": "crm.team", "user_id": "res.users", "source_id": "utm.source"}
    # a lead counts on the day it was created and on the day it was closed: the numbers add up over days
    _kpi_additive = True
    _kpi_member_sets = {
        name: MemberSet("crm.lead", "_facts", "lead_id", SQL.identifier("f", flag), label)
        for name, flag, label in (
            ("leads", "created", _lt("Leads created")),
            ("won", "won", _lt("Opportunities won")),
            ("lost", "lost", _lt("Leads lost")),
            ("closed", "closed", _lt("Won and lost")),
        )
    }

    @api.model
    def _facts(self, scope):
        created = SQL("l.create_date >= %s AND l.create_date < %s", scope.start, scope.stop)
        closed = SQL("l.date_closed >= %s AND l.date_closed < %s", scope.start, scope.stop)
        return SQL(
            """SELECT l.id AS lead_id, l.team_id, l.user_id, l.source_id,
                      %(created)s AS created, %(won)s AS won, %(lost)s AS lost, %(won)s OR %(lost)s AS closed,
                      %(closed_day)s - %(created_day)s AS cycle_days
                 FROM crm_lead l
                WHERE l.company_id = %(company)s AND ((%(created)s) OR (%(closed)s))""",
            created=created,
            closed=closed,
            won=SQL("COALESCE(l.probability = 100 AND %s, FALSE)", closed),
            lost=SQL("COALESCE(NOT l.active AND l.probability = 0 AND %s, FALSE)", closed),
            closed_day=local_day(SQL("l.date_closed"), scope.tz),
            created_day=local_day(SQL("l.create_date"), scope.tz),
            company=scope.company.id,
        )

    @api.model
    def _aggregate(self, scope, aggregates=None):
        """Leads created, won and lost (with their cycle) by company, team, salesperson and source."""
        metrics = SQL(
            "%s, SUM(f.cycle_days) FILTER (WHERE %s) AS cycle_days_total",
            self._counts(("leads", "won", "lost")),
            self._kpi_member_sets["won"].condition,
        )
        rows = self._collector._fetch(self._grouped(self._facts(scope), metrics))
        return self._collector._by_dimension(rows, self._kpi_dimensions, CrmAggregate)

    @api.model
    def _kpi_values(self, key, agg, aggregates):
        return formulas.crm_values(agg)

    @api.model
    def _kpi_from_values(self, values):
        return CrmAggregate(
            leads=round(stored_number(values, "crm.leads")),
            won=round(stored_number(values, "crm.won")),
            lost=round(stored_number(values, "crm.lost")),
            cycle_days_total=round(stored_number(values, "crm.cycle_days", "numerator")),
        )
