"""Customer data quality: how many active customers can be reached and told apart.

The facts are one row per customer (commercial partner) active at the period's end, as the customers
family counts them, with what its record holds when the period is computed: an e-mail address that is
not blacklisted, a phone or mobile number, a country with a city and a zip code, and whether another
commercial partner of the company shares its e-mail or VAT number (case and spaces ignored; archived
partners excluded).
"""

from odoo import api, models
from odoo.tools import SQL

from ..engine import formulas
from ..engine.aggregates import DataAggregate, from_row
from ..engine.codes import _lt
from .reseller_kpi_collector import COMPANY, MemberSet


def _customers(flag, label):
    return MemberSet("res.partner", "_facts", "customer", SQL.identifier("f", flag), label)


def _text(column):
    return SQL("NULLIF(BTRIM(%s), '')", column)


class ResellerKpiFamilyData(models.AbstractModel):
    _name = "reseller.kpi.family.data"
    _inherit = "reseller.kpi.family"
    _description = "Reseller KPIs: customer data quality"

    _kpi_dimensions = {}
    _kpi_member_sets = {
        "active": _customers("active", _lt("Active customers")),
        "with_email": _customers("with_email", _lt("Customers with a valid e-mail")),
        "without_email": MemberSet(
            "res.partner", "_facts", "customer", SQL("NOT f.with_email"), _lt("Customers without a valid e-mail")
        ),
        "with_phone": _customers("with_phone", _lt("Customers with a phone")),
        "without_phone": MemberSet(
            "res.partner", "_facts", "customer", SQL("NOT f.with_phone"), _lt("Customers without a phone")
        ),
        "with_address": _customers("with_address", _lt("Customers with a full address")),
        "without_address": MemberSet(
            "res.partner", "_facts", "customer", SQL("NOT f.with_address"), _lt("Customers without a full address")
        ),
        "duplicates": _customers("duplicate", _lt("Duplicate customers")),
        # the duplicates and the partners they share an e-mail or a VAT number with: what Merge needs
        "duplicate_groups": MemberSet(
            "res.partner", "_duplicate_facts", "partner", SQL("TRUE"), _lt("Duplicates and their twins")
        ),
    }
    _kpi_records_action = "reseller_kpi.res_partner_action_data_quality"

    @api.model
    def _keys(self, scope):
        """The company's commercial partners (archived excluded) with their normalized e-mail and VAT."""
        return SQL(
            """SELECT p.id, p.email_normalized AS email, NULLIF(UPPER(REGEXP_REPLACE(p.vat, '\\s', '', 'g')), '') AS vat
                 FROM res_partner p
                WHERE p.active AND p.id = p.commercial_partner_id
                  AND (p.company_id = %s OR p.company_id IS NULL)""",
            scope.company.id,
        )

    @api.model
    def _active(self, scope):
        """The company's customers active at the period's end (the customers family's set)."""
        return self._active_in([scope])

    @api.model
    def _active_in(self, scopes):
        """(period_index, customer): the company's customers active at the end of each period of
        `scopes` (a confirmed order of any channel in the W days ending on its last day, as the customers
        family counts them): those with a spell of activity that holds the period's last day (one at
        most: a customer's spells never overlap)."""
        # over all of a customer's orders (in a pass, the spells every family of the pass reads)
        spells = SQL(
            "SELECT * FROM (%s) s WHERE s.g_team_id = 1 AND s.g_user_id = 1",
            self.env["reseller.kpi.family.customers"]._spells_of(scopes, dimensions=False),
        )
        return SQL(
            """SELECT p.period_index, sp.customer
                 FROM (%s) sp
                 JOIN (%s) p ON p.last_day BETWEEN sp.start_day AND sp.end_day""",
            spells,
            self._periods_table(scopes),
        )

    @api.model
    def _facts(self, scope):
        return self._facts_in([scope])

    @api.model
    def _facts_in(self, scopes):
        """One row per customer active at the end of each period of `scopes`, with its ``period_index``
        and what its record holds."""
        return SQL(
            """WITH keys AS (%(keys)s),
                    -- whether another partner has the same e-mail or VAT number: counted per value, in one
                    -- pass over the keys, and looked up as one hashed set (a join of every partner with every
                    -- other, or a nested loop the planner may choose on a misestimated active set, is quadratic)
                    shared AS (
                        SELECT k.id,
                               (k.email IS NOT NULL AND COUNT(*) OVER (PARTITION BY k.email) > 1)
                               OR (k.vat IS NOT NULL AND COUNT(*) OVER (PARTITION BY k.vat) > 1) AS shared
                          FROM keys k
                    )
               SELECT a.period_index, a.customer, TRUE AS active,
                      p.email_normalized IS NOT NULL AND NOT EXISTS (
                          SELECT 1 FROM mail_blacklist b WHERE b.active AND b.email = p.email_normalized
                      ) AS with_email,
                      COALESCE(%(phone)s, %(mobile)s) IS NOT NULL AS with_phone,
                      p.country_id IS NOT NULL AND %(city)s IS NOT NULL AND %(zip)s IS NOT NULL AS with_address,
                      COALESCE(a.customer IN (SELECT s.id FROM shared s WHERE s.shared), FALSE) AS duplicate
                 FROM (%(active)s) a
                 JOIN res_partner p ON p.id = a.customer""",
            keys=self._keys(scopes[0]),
            active=self._active_in(scopes),
            phone=_text(SQL("p.phone")),
            mobile=_text(SQL("p.mobile")),
            city=_text(SQL("p.city")),
            zip=_text(SQL("p.zip")),
        )

    @api.model
    def _duplicate_facts(self, scope):
        """Each duplicate active customer and every partner it shares an e-mail or a VAT number with."""
        return SQL(
            """WITH keys AS (%(keys)s),
                    mine AS (SELECT k.* FROM (%(active)s) a JOIN keys k ON k.id = a.customer),
                    twins AS (
                        SELECT mine.id AS customer, k.id AS twin
                          FROM mine JOIN keys k ON k.email = mine.email AND k.id <> mine.id
                        UNION
                        SELECT mine.id, k.id
                          FROM mine JOIN keys k ON k.vat = mine.vat AND k.id <> mine.id
                    )
               SELECT customer AS partner FROM twins
               UNION
               SELECT twin FROM twins""",
            keys=self._keys(scope),
            active=self._active(scope),
        )

    @api.model
    def _aggregate(self, scope, aggregates=None):
        return self._one_period(scope, aggregates)

    @api.model
    def _aggregate_periods(self, scopes, aggregates=None):
        """The active customers at each period's end and what their records hold (company only)."""
        names = ("active", "with_email", "with_phone", "duplicates", "with_address")
        rows = self._collector._fetch(
            SQL(
                "SELECT f.period_index, %s FROM (%s) f GROUP BY f.period_index",
                self._counts(names),
                self._facts_in(scopes),
            )
        )
        counted = {row["period_index"]: row for row in rows}
        return {
            scope.period: {COMPANY: from_row(DataAggregate, counted.get(index, {}))}
            for index, scope in enumerate(scopes)
        }

    @api.model
    def _kpi_values(self, key, agg, aggregates):
        return formulas.data_values(agg)
