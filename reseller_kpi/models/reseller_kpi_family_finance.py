"""Finance: fixed and variable costs, contribution margin, break-even, safety margin and CAC.

The facts are the posted journal items dated in the period on accounts that
carry one of the company's fixed-cost, variable-cost or marketing tags.
"""

from odoo import api, models
from odoo.tools import SQL

from ..engine import formulas
from ..engine.aggregates import CustomerAggregate, FinanceAggregate, SalesAggregate, from_row
from ..engine.codes import _lt
from .reseller_kpi_collector import COMPANY, MemberSet


class ResellerKpiFamilyFinance(models.AbstractModel):
    _name = "reseller.kpi.family.finance"
    _inherit = "reseller.kpi.family"
    _description = "Reseller KPIs: finance"

    _kpi_dimensions = {}
    _kpi_member_sets = {
        name: MemberSet("account.move.line", "_facts", "line_id", SQL.identifier("f", flag), label)
        for name, flag, label in (
            ("fixed_lines", "fixed", _lt("Fixed-cost journal items")),
            ("variable_lines", "variable", _lt("Variable-cost journal items")),
            ("marketing_lines", "marketing", _lt("Marketing journal items")),
        )
    }

    @api.model
    def _facts(self, scope):
        company = scope.company

        def tagged(tags):
            return SQL(
                """EXISTS (SELECT 1 FROM account_account_account_tag rel
                            WHERE rel.account_account_id = aml.account_id
                              AND rel.account_account_tag_id = ANY(%s))""",
                tags.ids or [0],
            )

        return SQL(
            """SELECT aml.id AS line_id, aml.date AS day, aml.balance, %(fixed)s AS fixed, %(variable)s AS variable,
                      %(marketing)s AS marketing
                 FROM account_move_line aml
                WHERE aml.parent_state = 'posted' AND aml.company_id = %(company)s
                  AND aml.date >= %(first)s AND aml.date <= %(last)s""",
            fixed=tagged(company.reseller_kpi_fixed_cost_tag_ids),
            variable=tagged(company.reseller_kpi_variable_cost_tag_ids),
            marketing=tagged(company.reseller_kpi_marketing_tag_ids),
            company=company.id,
            first=scope.first,
            last=scope.last,
        )

    @api.model
    def _aggregate(self, scope, aggregates=None):
        """Balances of the period's posted lines on the accounts of each tag setting (company only)."""
        rows = self._collector._fetch(
            SQL(
                "SELECT %s, COUNT(*) FILTER (WHERE f.fixed) AS fixed_count, %s AS in_progress FROM (%s) f",
                SQL(", ").join(
                    SQL("SUM(f.balance) FILTER (WHERE %s) AS %s", members.condition, SQL.identifier(flag))
                    for flag, members in zip(
                        ("fixed", "variable", "marketing"), self._kpi_member_sets.values(), strict=True
                    )
                ),
                scope.in_progress,
                self._facts(scope),
            )
        )
        return {COMPANY: from_row(FinanceAggregate, rows[0])}

    @api.model
    def _kpi_values(self, key, agg, aggregates):
        sales = aggregates.get("sales", {}).get(COMPANY, SalesAggregate())
        customers = aggregates.get("customers", {}).get(COMPANY, CustomerAggregate())
        return formulas.finance_values(agg, sales, customers.new)
