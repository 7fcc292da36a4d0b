"""E-mail marketing: what the company's mailings sent, who read them, who left, what they sold.

A mailing is the company's when its responsible user (``user_id``) belongs to it. The facts are
one row per e-mail sent in the period (a ``mailing.trace`` neither in error nor cancelled) with
what became of it and its customer; one row per delivered e-mail that preceded an opt-out of the
period by at most 30 days; one row per confirmed sale line of the period whose order's source is a
mailing's source, once per campaign of the mailings of that source.
"""

from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.reseller_kpi.engine.codes import _lt
from odoo.addons.reseller_kpi.models.reseller_kpi_collector import COMPANY, MemberSet

from ..engine.mailing import DELIVERED, NOT_SENT, OPT_OUT_DAYS, MailingAggregate, mailing_values


def _traces(condition, label, facts="_facts"):
    return MemberSet("mailing.trace", facts, "trace_id", condition, label)


def _customers(condition, label):
    return MemberSet("res.partner", "_facts", "customer", SQL("f.customer IS NOT NULL AND %s", condition), label)


DELIVERED_TRACE = SQL("f.delivered")
# the address of a trace, as res.partner's email_normalized has it: a trace keeps the recipient's
# e-mail as written ("Name <a@example.com>" included), so the address in angle brackets, lower case
TRACE_EMAIL = SQL("NULLIF(LOWER(BTRIM(COALESCE(SUBSTRING(t.email FROM '<([^<>]+)>'), t.email))), '')")
REACTED = SQL("f.delivered AND (f.opened OR f.clicked)")

MEMBER_SETS = {
    "sent": _traces(SQL("TRUE"), _lt("E-mails sent")),
    "delivered": _traces(DELIVERED_TRACE, _lt("E-mails delivered")),
    "bounced": _traces(SQL("f.bounced"), _lt("E-mails bounced")),
    "opened": _traces(SQL("f.opened"), _lt("E-mails opened")),
    "clicked": _traces(SQL("f.clicked"), _lt("E-mails clicked")),
    "solicitations": _traces(SQL("f.delivered AND f.active_customer"), _lt("E-mails delivered to active customers")),
    # one e-mail per address (its last one): the addresses are what these rates count
    "delivered_emails": _traces(DELIVERED_TRACE, _lt("Addresses delivered (their last e-mail)")),
    "unsubscribed": _traces(
        SQL("TRUE"), _lt("Addresses that opted out (their last e-mail before)"), facts="_opt_out_facts"
    ),
    "reached_customers": _customers(DELIVERED_TRACE, _lt("Customers delivered an e-mail")),
    "reacting_customers": _customers(REACTED, _lt("Customers who opened or clicked")),
    "active_customers": MemberSet("res.partner", "_active_facts", "customer", SQL("TRUE"), _lt("Active customers")),
    "order_lines": MemberSet("sale.order.line", "_revenue_facts", "line_id", SQL("TRUE"), _lt("Order lines")),
}
OPT_OUT_WINDOW = timedelta(days=OPT_OUT_DAYS)
# sets that list one trace per address
BY_ADDRESS = ("delivered_emails", "unsubscribed")
# sets of the company whatever the campaign (the denominator of the marketing pressure)
COMPANY_WIDE = ("active_customers",)


class ResellerKpiFamilyMailing(models.AbstractModel):
    _name = "reseller.kpi.family.mailing"
    _inherit = "reseller.kpi.family"
    _description = "Reseller KPIs: e-mail marketing"

    _kpi_dimensions = {"campaign_id": "utm.campaign"}
    _kpi_member_sets = MEMBER_SETS

    # ------------------------------------------------------------------ facts
    @api.model
    def _mailings(self, scope):
        """The company's mailings: those whose responsible user belongs to the company."""
        return SQL(
            """SELECT m.id, m.campaign_id, m.source_id, m.mailing_model_id
                 FROM mailing_mailing m
                 JOIN res_users u ON u.id = m.user_id
                WHERE u.company_id = %s""",
            scope.company.id,
        )

    @api.model
    def _document_customers(self, scope):
        """(query, models): the query gives (model, res_id, customer) of the documents the company's
        mailings were sent to, for the models whose records have a customer (a contact, or a record
        with a ``partner_id``); `models` are those models, whose traces take no customer from their
        e-mail (a document without partner has none)."""
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT im.model FROM (%s) m JOIN ir_model im ON im.id = m.mailing_model_id""",
                self._mailings(scope),
            )
        )
        parts, models = [], []
        for (model,) in self.env.cr.fetchall():
            if model == "res.partner":
                models.append(model)
                parts.append(
                    SQL(
                        "SELECT 'res.partner'::varchar AS model, p.id AS res_id, p.commercial_partner_id AS customer "
                        "FROM res_partner p"
                    )
                )
                continue
            field = self.env[model]._fields.get("partner_id") if model in self.env else None
            if field is None or field.type != "many2one" or field.comodel_name != "res.partner" or not field.store:
                continue
            models.append(model)
            parts.append(
                SQL(
                    """SELECT %s::varchar AS model, d.id AS res_id, p.commercial_partner_id AS customer
                         FROM %s d JOIN res_partner p ON p.id = d.partner_id""",
                    model,
                    SQL.identifier(self.env[model]._table),
                )
            )
        if not parts:
            return SQL("SELECT NULL::varchar AS model, NULL::int AS res_id, NULL::int AS customer WHERE FALSE"), []
        return SQL(" UNION ALL ").join(parts), models

    @api.model
    def _email_customers(self, scope):
        """(email, customer) for the normalized e-mails of exactly one commercial partner of the company
        (archived contacts left out, as the customer data quality does)."""
        return SQL(
            """SELECT p.email_normalized AS email, MIN(p.commercial_partner_id) AS customer
                 FROM res_partner p
                WHERE p.email_normalized IS NOT NULL AND p.active
                  AND (p.company_id = %s OR p.company_id IS NULL)
                GROUP BY p.email_normalized
               HAVING COUNT(DISTINCT p.commercial_partner_id) = 1""",
            scope.company.id,
        )

    @api.model
    def _active_facts(self, scope):
        """The company's customers active at the period's end (the customers family's set)."""
        return self.env["reseller.kpi.family.data"]._active(scope)

    @api.model
    def _facts(self, scope):
        """Each e-mail of the company's mailings sent in the period, what became of it and its customer."""
        return self._facts_in([scope])

    @api.model
    def _facts_in(self, scopes):
        """Each e-mail of the company's mailings sent in each period of `scopes` (with its
        ``period_index``), what became of it and its customer, active or not at that period's end."""
        scope = scopes[0]
        start, stop = self._span(scopes)
        documents, partner_models = self._document_customers(scope)
        return SQL(
            """WITH mailings AS (%(mailings)s),
                    traces AS (
                        SELECT t.id AS trace_id, t.campaign_id, t.model, t.res_id, t.sent_datetime,
                               %(email)s AS email,
                               t.trace_status IN %(delivered)s AS delivered,
                               t.trace_status = 'bounce' AS bounced,
                               t.open_datetime IS NOT NULL OR t.trace_status IN ('open', 'reply') AS opened,
                               t.links_click_datetime IS NOT NULL AS clicked
                          FROM mailing_trace t
                          JOIN mailings m ON m.id = t.mass_mailing_id
                         WHERE t.sent_datetime >= %(start)s AND t.sent_datetime < %(stop)s
                           AND COALESCE(t.trace_status, 'outgoing') NOT IN %(not_sent)s
                    ),
                    documents AS (%(documents)s),
                    addresses AS (%(addresses)s),
                    active AS (%(active)s)
               SELECT p.period_index, tr.trace_id, tr.campaign_id, tr.email, tr.delivered, tr.bounced, tr.opened,
                      tr.clicked, c.customer, ac.customer IS NOT NULL AS active_customer
                 FROM traces tr
                 JOIN (%(periods)s) p ON tr.sent_datetime >= p.start AND tr.sent_datetime < p.stop
                 LEFT JOIN documents d ON d.model = tr.model AND d.res_id = tr.res_id
                 LEFT JOIN addresses a ON a.email = tr.email
                 CROSS JOIN LATERAL (
                     SELECT CASE WHEN tr.model = ANY(%(partner_models)s) THEN d.customer ELSE a.customer END
                            AS customer
                 ) c
                 -- a join, not IN (subquery): the active set may be too large to be hashed as a subplan
                 LEFT JOIN active ac ON ac.period_index = p.period_index AND ac.customer = c.customer""",
            mailings=self._mailings(scope),
            email=TRACE_EMAIL,
            partner_models=partner_models,
            delivered=DELIVERED,
            not_sent=NOT_SENT,
            start=start,
            stop=stop,
            periods=self._periods_table(scopes),
            documents=documents,
            addresses=self._email_customers(scope),
            active=self.env["reseller.kpi.family.data"]._active_in(scopes),
        )

    @api.model
    def _opt_out_facts(self, scope):
        """Each delivered e-mail of the company's mailings sent at most 30 days before its address
        opted out in the period (see `_opt_out_facts_in`)."""
        return self._opt_out_facts_in([scope])

    @api.model
    def _opt_out_facts_in(self, scopes):
        """Each delivered e-mail of the company's mailings sent at most 30 days before its address
        opted out in each period of `scopes` (with its ``period_index``): left a mailing list, or was
        blacklisted (a blacklist entry created active; Odoo creates archived ones for addresses that only
        asked to be let back in)."""
        start, stop = self._span(scopes)
        return SQL(
            """WITH mailings AS (%(mailings)s),
                    opt_outs AS (
                        SELECT c.email_normalized AS email, s.opt_out_datetime AS at
                          FROM mailing_subscription s
                          JOIN mailing_contact c ON c.id = s.contact_id
                         WHERE s.opt_out_datetime >= %(start)s AND s.opt_out_datetime < %(stop)s
                           AND c.email_normalized IS NOT NULL
                        UNION ALL
                        SELECT b.email, b.create_date
                          FROM mail_blacklist b
                         WHERE b.create_date >= %(start)s AND b.create_date < %(stop)s
                           AND (b.active OR EXISTS (
                                SELECT 1
                                  FROM mail_message msg
                                  JOIN mail_tracking_value v ON v.mail_message_id = msg.id
                                  JOIN ir_model_fields fld ON fld.id = v.field_id
                                 WHERE msg.model = 'mail.blacklist' AND msg.res_id = b.id
                                   AND fld.model = 'mail.blacklist' AND fld.name = 'active'
                                   AND v.old_value_integer = 1))
                    )
               SELECT DISTINCT p.period_index, t.id AS trace_id, t.campaign_id, %(email)s AS email
                 FROM opt_outs o
                 JOIN (%(periods)s) p ON o.at >= p.start AND o.at < p.stop
                 JOIN mailing_trace t ON %(email)s = o.email
                 JOIN mailings m ON m.id = t.mass_mailing_id
                WHERE t.trace_status IN %(delivered)s
                  AND t.sent_datetime >= %(window_start)s AND t.sent_datetime < %(stop)s
                  AND t.sent_datetime <= o.at AND t.sent_datetime >= o.at - make_interval(days => %(days)s)""",
            mailings=self._mailings(scopes[0]),
            start=start,
            stop=stop,
            periods=self._periods_table(scopes),
            window_start=start - OPT_OUT_WINDOW,
            email=TRACE_EMAIL,
            delivered=DELIVERED,
            days=OPT_OUT_DAYS,
        )

    @api.model
    def _revenue_facts(self, scope):
        """The confirmed sale lines of the period whose order's source is a source of the company's
        mailings, once per campaign of those mailings (the company counts each line once)."""
        return self._revenue_facts_in([scope])

    @api.model
    def _revenue_facts_in(self, scopes):
        """`_revenue_facts` of each period of `scopes`, with its ``period_index``."""
        sales = self.env["reseller.kpi.family.sales"]
        lines = self._in_periods(sales._facts(scopes[0].company, *self._span(scopes)), scopes, "date_order")
        return SQL(
            """WITH sources AS (SELECT DISTINCT source_id, campaign_id FROM (%(mailings)s) m
                                 WHERE source_id IS NOT NULL)
               SELECT l.period_index, l.line_id, s.campaign_id, l.revenue
                 FROM (%(lines)s) l
                 JOIN sources s ON s.source_id = l.source_id""",
            mailings=self._mailings(scopes[0]),
            lines=lines,
        )

    # ------------------------------------------------------------------ counts
    @api.model
    def _aggregate(self, scope, aggregates=None):
        return self._one_period(scope, aggregates)

    @api.model
    def _aggregate_periods(self, scopes, aggregates=None):
        """E-mails, addresses, customers and revenue of every period by company and campaign: each kind
        of fact is read once for the whole range."""
        traces = self._grouped(
            self._facts_in(scopes),
            SQL(
                """%(counts)s,
                   COUNT(DISTINCT f.email) FILTER (WHERE f.delivered) AS delivered_emails,
                   COUNT(DISTINCT f.customer) FILTER (WHERE %(reached)s) AS reached,
                   COUNT(DISTINCT f.customer) FILTER (WHERE %(reacting)s) AS reacting""",
                counts=self._counts(("sent", "delivered", "bounced", "opened", "clicked", "solicitations")),
                reached=DELIVERED_TRACE,
                reacting=REACTED,
            ),
            by_period=True,
        )
        opt_outs = self._grouped(
            self._opt_out_facts_in(scopes), SQL("COUNT(DISTINCT f.email) AS unsubscribed"), by_period=True
        )
        revenue = SQL(
            """WITH facts AS MATERIALIZED (%(facts)s)
               SELECT r.period_index, NULL::int AS campaign_id, 1 AS g_campaign_id, SUM(r.revenue) AS revenue
                 FROM (SELECT DISTINCT ON (f.period_index, f.line_id) f.period_index, f.line_id, f.revenue
                         FROM facts f) r
                GROUP BY r.period_index
               UNION ALL
               SELECT f.period_index, f.campaign_id, 0, SUM(f.revenue) FROM facts f
                WHERE f.campaign_id IS NOT NULL GROUP BY f.period_index, f.campaign_id""",
            facts=self._revenue_facts_in(scopes),
        )
        return self._merged_by_period(MailingAggregate, scopes, traces, opt_outs, revenue)

    @api.model
    def _kpi_values(self, key, agg, aggregates):
        customers = aggregates.get("customers", {}).get(COMPANY)
        return mailing_values(agg, customers.active if customers else 0)

    # ------------------------------------------------------------------ drill-down
    @api.model
    def _member_query(self, scope, member_set, key):
        members = self._kpi_member_sets[member_set]
        facts = getattr(self, members.facts)(scope)
        if member_set in COMPANY_WIDE:
            return members.model, self._members(facts, members.id_column, members.condition, COMPANY)
        query = self._members(facts, members.id_column, members.condition, key)
        if member_set in BY_ADDRESS:
            # the last e-mail of each address, the one a reader recognises
            query = SQL(
                """SELECT DISTINCT ON (f.email) f.trace_id FROM (%s) f
                    WHERE f.email IS NOT NULL AND %s AND %s
                    ORDER BY f.email, f.trace_id DESC""",
                facts,
                members.condition,
                self._collector._dimension_condition(self._kpi_dimensions, key),
            )
        return members.model, query
