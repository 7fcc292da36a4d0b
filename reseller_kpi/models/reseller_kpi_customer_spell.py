"""The customers' spells of activity, stored and kept in step with their orders.

Every refresh of the customer lifecycle (and of the data-quality and e-mail
families, which count active customers) reads each customer's spells of
activity (see ``reseller.kpi.family.customers._spells``). Built from every
order of the company, they cost a few seconds at a million order lines, in
every pass. They are stored here instead, with one *signature* per customer:
the count and the sum of a hash of each of its orders as the spells read it
(sales channel, order, team, salesperson, local day, activity window). A pass
recomputes the signatures from the orders in one grouped read, and rebuilds
the spells of the customers whose signature differs only: an order confirmed,
cancelled, redated, moved to another team or salesperson, a contact moved to
another company, a changed time zone or activity window. Nothing is trusted
but the orders themselves (no write date, no hook on every model a sales
channel adds), so the stored spells are those the orders give at each pass.
"""

import logging
import zlib

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL

from .reseller_kpi_collector import local_day

_logger = logging.getLogger(__name__)


class ResellerKpiCustomerActivity(models.Model):
    _name = "reseller.kpi.customer.activity"
    _description = "Reseller KPI customer activity signature"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    customer_id = fields.Integer(
        string="Customer", required=True, readonly=True, help="The commercial partner the orders are of."
    )
    orders = fields.Integer(
        string="Orders", readonly=True, help="Confirmed orders of the customer, every sales channel."
    )
    signature = fields.Char(readonly=True, help="Sum of a hash of each order as the spells read it.")

    _sql_constraints = [
        ("customer_unique", "UNIQUE (company_id, customer_id)", "One signature per company and customer.")
    ]


class ResellerKpiCustomerSpell(models.Model):
    _name = "reseller.kpi.customer.spell"
    _description = "Reseller KPI customer spell of activity"
    _log_access = False
    _order = "company_id, customer_id, start_day"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    customer_id = fields.Integer(string="Customer", required=True, readonly=True, index=True)
    team_id = fields.Integer(
        string="Team", readonly=True, help="The team whose orders make the spell; empty: every order."
    )
    user_id = fields.Integer(
        string="Salesperson", readonly=True, help="The salesperson whose orders make the spell; empty: every order."
    )
    g_team_id = fields.Integer(
        string="Not a team's", readonly=True, help="1 when the spell is not a team's (GROUPING flag)."
    )
    g_user_id = fields.Integer(
        string="Not a salesperson's", readonly=True, help="1 when the spell is not a salesperson's (GROUPING flag)."
    )
    first_day = fields.Date(
        string="First order", readonly=True, help="Local day of the first order of the same orders."
    )
    start_day = fields.Date(string="Spell start", readonly=True, help="Local day of the spell's first order.")
    end_day = fields.Date(
        string="Spell end", readonly=True, help="Last day of activity: the spell's last order's day + W - 1."
    )

    @api.model
    def _relation(self, company):
        """SQL of `company`'s stored spells, with the columns of ``_spells``."""
        return SQL(
            """SELECT customer_id AS customer, team_id, user_id, g_team_id, g_user_id, first_day, start_day, end_day
                 FROM reseller_kpi_customer_spell WHERE company_id = %s""",
            company.id,
        )

    @api.model
    def _signatures(self, company, tz):
        """SQL of (customer, orders, signature) of every customer with a confirmed order of `company`."""
        window = company.reseller_kpi_inactivity_days
        day = local_day(SQL("o.date_order"), tz)
        return SQL(
            """SELECT o.customer, COUNT(*) AS orders,
                      SUM(hashtextextended(concat_ws(':', o.channel, o.order_id, o.team_id, o.user_id, %s, %s), 0)
                          ::numeric)::varchar AS signature
                 FROM (%s) o
                GROUP BY o.customer""",
            day,
            window,
            self.env["reseller.kpi.collector"]._customer_orders(company),
        )

    @api.model
    def _sync(self, company, tz):
        """Bring `company`'s stored spells in step with its orders; False when they cannot be trusted in
        this transaction (another one is syncing them, or synced them after this one's snapshot): the
        caller then computes them from the orders. Returns the number of customers rebuilt otherwise."""
        self.env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", company.id, zlib.crc32(b"customer spells") & 0x7FFFFFFF)
        )
        if not self.env.cr.fetchone()[0]:
            return False
        changed = SQL.identifier(f"reseller_kpi_changed_{company.id}")
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL(
                        """CREATE TEMPORARY TABLE %(changed)s ON COMMIT DROP AS
                           SELECT COALESCE(c.customer, s.customer_id) AS customer, c.orders, c.signature
                             FROM (%(current)s) c
                             FULL JOIN (SELECT customer_id, signature FROM reseller_kpi_customer_activity
                                         WHERE company_id = %(company)s) s ON s.customer_id = c.customer
                            WHERE c.signature IS DISTINCT FROM s.signature""",
                        changed=changed,
                        current=self._signatures(company, tz),
                        company=company.id,
                    )
                )
                rebuilt = self.env.cr.rowcount
                if rebuilt:
                    self._rebuild(company, tz, changed)
                self.env.cr.execute(SQL("DROP TABLE %s", changed))
        except (psycopg2.errors.SerializationFailure, psycopg2.errors.UniqueViolation):
            # another transaction synced them after this one's snapshot was taken: its rows are invisible
            # here, and writing over them fails; the savepoint undid this attempt
            _logger.info("Reseller KPIs: the customers' spells of %s were synced meanwhile", company.name)
            return False
        if rebuilt:
            _logger.info("Reseller KPIs: %s, spells of %d customers rebuilt", company.name, rebuilt)
        return rebuilt

    @api.model
    def _rebuild(self, company, tz, changed):
        """Replace the signatures and spells of the customers of the temporary table `changed`."""
        for table in ("reseller_kpi_customer_spell", "reseller_kpi_customer_activity"):
            self.env.cr.execute(
                SQL(
                    "DELETE FROM %s WHERE company_id = %s AND customer_id IN (SELECT customer FROM %s)",
                    SQL.identifier(table),
                    company.id,
                    changed,
                ),
                log_exceptions=False,
            )
        self.env.cr.execute(
            SQL(
                """INSERT INTO reseller_kpi_customer_activity (company_id, customer_id, orders, signature)
                   SELECT %s, customer, orders, signature FROM %s WHERE signature IS NOT NULL""",
                company.id,
                changed,
            ),
            log_exceptions=False,
        )
        spells = self.env["reseller.kpi.family.customers"]._spells(
            company, tz, None, customers=SQL("SELECT customer FROM %s WHERE signature IS NOT NULL", changed)
        )
        self.env.cr.execute(
            SQL(
                """INSERT INTO reseller_kpi_customer_spell
                       (company_id, customer_id, team_id, user_id, g_team_id, g_user_id, first_day, start_day, end_day)
                   SELECT %s, customer, team_id, user_id, g_team_id, g_user_id, first_day, start_day, end_day
                     FROM (%s) s""",
                company.id,
                spells,
            ),
            log_exceptions=False,
        )
        # no ANALYZE here: its lock would be held until this transaction ends and make another company's
        # refresh wait; autovacuum analyses the table once enough of it changed
