#!/usr/bin/env python3
"""Benchmark of the KPI refresh, printed as figures (never a timed test).

    python setup/benchmark.py --database DB [--multiply N] [--months 24] [--surveys]

DB is a database holding a generated demo reseller (make demo DB=... SCALE=...).
``--multiply N`` first turns it into N copies of its customers, sale orders
and lines, deliveries, purchase orders, receipts and leads, with plain
``INSERT ... SELECT`` (ids shifted, same dates): the generator's ORM path
needs about 15 hours for scale 100, this gives the same volume in minutes
(scale 5 x 20 = about 1 million sale order lines). Vendors, products and
categories stay as they are. The database is changed for good: use a copy.

Printed: the data volume, the time of one month's refresh of every KPI and of
24 months (months only, up to 24 periods per pass; each family's pass, and the
same refresh one period at a time, in the same run), the one-query lower bound
of that work, the per-record figures, the nightly refresh (``_cron_refresh``:
the periods in progress and those in progress at the last run, plus the periods
that records written since the last run touch) next to that full recompute,
first as before 8 December 2026 (every quarter and year read from its records)
then with the quarters and years of sales, deliveries and CRM summed from their months,
the dashboard's server time, the management report of the last closed month
(HTML and PDF), peak memory of the process,
and side by side in the same run Odoo's own ``res.partner.on_time_rate`` over
all vendors against our vendor KPIs, and a ``sale.report`` ``_read_group`` of
margin by category against our category query.

With ``reseller_kpi_mass_mailing`` installed, ``--multiply`` copies the demo's
e-mails (``mailing.trace``) too, to the copied customers, and the e-mail family
is timed over 1 and 24 months next to Odoo's own per-mailing statistics
(``mailing.mailing._compute_statistics``) over the same traces.

With ``reseller_kpi_pos`` installed, ``--multiply`` copies the till's tickets
(``pos.order`` and their lines, same sessions and days, to the copied
customers; anonymous ones stay anonymous); with ``reseller_kpi_website_sale``,
the web shop's visitors and their page views (the carts are sale orders,
copied with them). The refresh of the last closed month and of 24 months is
then timed three times in the same run: with everything, with the tickets
removed inside a savepoint, and as before the add-ons (no tickets, the
families of ``reseller_kpi`` alone), next to each add-on family alone.

With ``reseller_kpi_survey`` installed, the satisfaction KPIs and the choice
of the orders to invite are timed too; ``--surveys`` first fills satisfaction
invitations with SQL (one per two confirmed orders, sent 10 days after the
order, 45 % answered 2 days later with NPS, CES and CSAT answers).
"""

import argparse
import resource
import sys
import time
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from unittest.mock import patch

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.tools import SQL

ROOT = Path(__file__).resolve().parent.parent

# (table, {column: table whose id shift applies}); order matters (references first)
CLONED = (
    ("res_partner", {"id": "res_partner", "parent_id": "res_partner", "commercial_partner_id": "res_partner"}),
    (
        "sale_order",
        {
            "id": "sale_order",
            "partner_id": "res_partner",
            "partner_invoice_id": "res_partner",
            "partner_shipping_id": "res_partner",
        },
    ),
    ("sale_order_line", {"id": "sale_order_line", "order_id": "sale_order", "order_partner_id": "res_partner"}),
    ("purchase_order", {"id": "purchase_order"}),
    ("purchase_order_line", {"id": "purchase_order_line", "order_id": "purchase_order"}),
    (
        "stock_move",
        {
            "id": "stock_move",
            "sale_line_id": "sale_order_line",
            "purchase_line_id": "purchase_order_line",
            "origin_returned_move_id": "stock_move",
        },
    ),
    ("crm_lead", {"id": "crm_lead", "partner_id": "res_partner", "commercial_partner_id": "res_partner"}),
)
# only the customers (and their contacts) are copied, not vendors, users or companies
CUSTOMER_IDS = """SELECT ARRAY_AGG(id) FROM res_partner
                   WHERE id IN (SELECT partner_id FROM sale_order UNION SELECT partner_id FROM crm_lead
                                UNION SELECT commercial_partner_id FROM res_partner
                                       WHERE id IN (SELECT partner_id FROM sale_order))"""


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def multiply_refusal(env):
    """Why the database's data must not be copied, or None: only a generated demo reseller is copied,
    never a database that holds records of its own."""
    if not env["ir.config_parameter"].sudo().get_param("reseller_kpi.demo_generated"):
        return (
            f"{env.cr.dbname} holds no generated demo reseller: --multiply copies only the demo data "
            "(make demo DB=... SCALE=5 first), never a database with records of its own."
        )
    return None


def multiply(env, copies):
    cr = env.cr
    offsets, filters = {}, {}
    for table, _shift in CLONED:
        cr.execute(SQL("SELECT COALESCE(MAX(id), 0) + 1 FROM %s", SQL.identifier(table)))
        offsets[table] = cr.fetchone()[0]
    cr.execute(SQL(CUSTOMER_IDS))
    filters["res_partner"] = cr.fetchone()[0] or []
    # with reseller_kpi_mass_mailing: the e-mails too, each copy to the copied customers
    traces = "reseller.kpi.family.mailing" in env
    if traces:
        cr.execute(SQL("SELECT COALESCE(MAX(id), 0) + 1 FROM mailing_trace"))
        offsets["mailing_trace"] = cr.fetchone()[0]
    # with reseller_kpi_pos: the till's tickets too
    tickets = "pos.order" in env
    if tickets:
        for table in TICKETS:
            cr.execute(SQL("SELECT COALESCE(MAX(id), 0) + 1 FROM %s", SQL.identifier(table)))
            offsets[table] = cr.fetchone()[0]
    # with reseller_kpi_website_sale: the web shop's visitors and their page views too (the carts are orders)
    visitors = "reseller.kpi.family.shop" in env
    if visitors:
        for table in VISITORS:
            cr.execute(SQL("SELECT COALESCE(MAX(id), 0) + 1 FROM %s", SQL.identifier(table)))
            offsets[table] = cr.fetchone()[0]
    for copy in range(1, copies):
        started = time.monotonic()
        for table, shift in CLONED:
            cr.execute(
                SQL(
                    """SELECT column_name FROM information_schema.columns
                        WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position""",
                    table,
                )
            )
            columns = [row[0] for row in cr.fetchall()]
            values = [
                SQL("%s + %s", SQL.identifier(col), copy * offsets[shift[col]]) if col in shift else SQL.identifier(col)
                for col in columns
            ]
            where = SQL("id < %s", offsets[table])
            if table == "res_partner":
                where = SQL("%s AND id = ANY(%s)", where, filters["res_partner"])
            cr.execute(
                SQL(
                    "INSERT INTO %s (%s) SELECT %s FROM %s WHERE %s",
                    SQL.identifier(table),
                    SQL(", ").join(SQL.identifier(col) for col in columns),
                    SQL(", ").join(values),
                    SQL.identifier(table),
                    where,
                )
            )
        if traces:
            copy_traces(cr, copy, offsets)
        if tickets:
            copy_tickets(cr, copy, offsets)
        if visitors:
            copy_visitors(cr, copy, offsets, filters["res_partner"])
        print(f"  copy {copy + 1}/{copies}: {time.monotonic() - started:.1f} s", flush=True)
    if traces:
        cr.execute(
            SQL("SELECT setval(pg_get_serial_sequence('mailing_trace', 'id'), (SELECT MAX(id) FROM mailing_trace))")
        )
    for table in (TICKETS if tickets else ()) + (VISITORS if visitors else ()):
        cr.execute(
            SQL(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM %s))",
                table,
                SQL.identifier(table),
            )
        )
    for table, _shift in CLONED:
        cr.execute(
            SQL(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM %s))",
                table,
                SQL.identifier(table),
            )
        )
    cr.execute(SQL("ANALYZE"))
    env.invalidate_all()


def copy_rows(cr, table, special, below):
    """INSERT ... SELECT the rows of `table` whose id is below `below`, with the SQL of `special` in place
    of the columns it names (the shifted ids and references of one more copy)."""
    cr.execute(
        SQL(
            """SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position""",
            table,
        )
    )
    columns = [row[0] for row in cr.fetchall()]
    cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s WHERE id < %s",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(col) for col in columns),
            SQL(", ").join(special.get(col, SQL.identifier(col)) for col in columns),
            SQL.identifier(table),
            below,
        )
    )


def copy_traces(cr, copy, offsets):
    """One more copy of the demo's e-mails (same mailings and days), to the copied customers."""
    special = {
        "id": SQL("id + %s", copy * offsets["mailing_trace"]),
        "res_id": SQL(
            "CASE WHEN model = 'res.partner' THEN res_id + %s ELSE res_id END", copy * offsets["res_partner"]
        ),
        "mail_mail_id": SQL("NULL"),
    }
    copy_rows(cr, "mailing_trace", special, offsets["mailing_trace"])


TICKETS = ("pos_order", "pos_order_line")


def copy_tickets(cr, copy, offsets):
    """One more copy of the till's tickets (same sessions and days), to the copied customers."""
    special = {
        "pos_order": {
            "id": SQL("id + %s", copy * offsets["pos_order"]),
            "partner_id": SQL("partner_id + %s", copy * offsets["res_partner"]),
            "name": SQL("name || %s", f"/{copy}"),
            "pos_reference": SQL("pos_reference || %s", f"/{copy}"),
            "uuid": SQL("NULL"),
            "account_move": SQL("NULL"),
        },
        "pos_order_line": {
            "id": SQL("id + %s", copy * offsets["pos_order_line"]),
            "order_id": SQL("order_id + %s", copy * offsets["pos_order"]),
            "refunded_orderline_id": SQL("refunded_orderline_id + %s", copy * offsets["pos_order_line"]),
            "uuid": SQL("NULL"),
        },
    }
    for table in TICKETS:
        copy_rows(cr, table, special[table], offsets[table])


VISITORS = ("website_visitor", "website_track")


def copy_visitors(cr, copy, offsets, customers):
    """One more copy of the web shop's visitors (to the copied customers, anonymous ones stay anonymous,
    other partners' become anonymous) and of their page views (same pages, products and times)."""
    special = {
        "website_visitor": {
            "id": SQL("id + %s", copy * offsets["website_visitor"]),
            "partner_id": SQL(
                "CASE WHEN partner_id = ANY(%s) THEN partner_id + %s END", customers, copy * offsets["res_partner"]
            ),
            "access_token": SQL("md5(access_token || %s)", f"/{copy}"),
        },
        "website_track": {
            "id": SQL("id + %s", copy * offsets["website_track"]),
            "visitor_id": SQL("visitor_id + %s", copy * offsets["website_visitor"]),
        },
    }
    for table in VISITORS:
        copy_rows(cr, table, special[table], offsets[table])


def remove_rows(cr, tables):
    """Delete every row of `tables` (children first), inside the caller's savepoint. The columns that
    reference them without an index (a ticket line's refunded line, a payment's ticket...) are indexed
    first, in the same savepoint: each deleted row checks them, so without an index the deletion is
    quadratic (hours at 250,000 ticket lines)."""
    cr.execute(
        SQL(
            """SELECT c.conrelid::regclass::text, a.attname
                 FROM pg_constraint c
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                WHERE c.contype = 'f' AND c.confrelid = ANY(%s::regclass[]) AND array_length(c.conkey, 1) = 1
                  AND NOT EXISTS (SELECT 1 FROM pg_index i
                                   WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])""",
            list(tables),
        )
    )
    for table, column in cr.fetchall():
        cr.execute(SQL("CREATE INDEX ON %s (%s)", SQL.identifier(table), SQL.identifier(column)))
    for table in reversed(tables):
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(table)))


def bench_channels(env, company, months, scope_of):
    """What the add-ons' families and the till's tickets cost: every KPI of the last closed month and of
    `months` with them, then without the tickets (removed inside a savepoint, put back after), then as
    before the add-ons (no tickets and the families of reseller_kpi alone); each add-on family alone."""
    from odoo.addons.reseller_kpi.engine.codes import REGISTRY  # noqa: PLC0415

    Value, Collector = env["reseller.kpi.value"], env["reseller.kpi.collector"]
    closed = months[-2]  # the last closed month: the current one holds only its first days
    # the e-mail family is timed by bench_mailing, next to Odoo's statistics
    added = [name for name in Collector._kpi_registry().families if name not in {*REGISTRY.families, "mailing"}]
    for name in added:
        family = Collector._family(name)
        timed(f"  {name} family alone, 1 month ({closed.date_start:%Y-%m})", family._aggregate, scope_of(closed), {})
        timed(
            f"  {name} family alone, {len(months)} months in one pass",
            lambda family=family: family._aggregate_periods([scope_of(month) for month in months], {}),
        )
    sales = Collector._family("sales")
    tickets = "pos.order" in env
    if tickets:
        timed(
            f"  sales family with the tickets, 1 month ({closed.date_start:%Y-%m})",
            sales._aggregate,
            scope_of(closed),
            {},
        )
    timed(
        f"refresh every KPI, add-ons included, 1 month ({closed.date_start:%Y-%m})",
        Value._refresh,
        company,
        [closed],
        False,
    )
    env.flush_all()
    env.cr.execute(SQL("SAVEPOINT rk_bench_channels"))
    collector_class = type(Collector)
    own = collector_class.__dict__.get("_kpi_registry")
    try:
        if tickets:
            remove_rows(env.cr, TICKETS)
            env.cr.execute(SQL("ANALYZE pos_order, pos_order_line"))
            timed("  sales family without the tickets, 1 month", sales._aggregate, scope_of(closed), {})
            timed("refresh every KPI without the tickets, 1 month", Value._refresh, company, [closed], False)
            timed(
                f"refresh every KPI without the tickets, {len(months)} months", Value._refresh, company, months, False
            )
        # as before the add-ons: the registry of reseller_kpi alone (an attribute of this process only)
        collector_class._kpi_registry = lambda self: REGISTRY
        timed("refresh every KPI as before the add-ons, 1 month", Value._refresh, company, [closed], False)
        timed(f"refresh every KPI as before the add-ons, {len(months)} months", Value._refresh, company, months, False)
    finally:
        if own is None:
            del collector_class._kpi_registry
        else:
            collector_class._kpi_registry = own
        env.invalidate_all()
        # the tickets and the add-ons' values come back
        env.cr.execute(SQL("ROLLBACK TO SAVEPOINT rk_bench_channels"))
        if tickets:
            env.cr.execute(SQL("ANALYZE pos_order, pos_order_line"))


def bench_mailing(env, company, months, scope_of):
    """The e-mail family over 1 and len(months) months, and Odoo's per-mailing statistics of the
    company's mailings (mailing.mailing._compute_statistics) over the same traces."""
    family = env["reseller.kpi.collector"]._family("mailing")
    closed = months[-2]  # the last closed month: the current one holds only its first days
    timed(f"e-mail marketing family, 1 month ({closed.date_start:%Y-%m})", family._aggregate, scope_of(closed), {})
    timed(
        f"e-mail marketing family, {len(months)} months in one pass",
        lambda: family._aggregate_periods([scope_of(month) for month in months], {}),
    )
    mailings = env["mailing.mailing"].search([("user_id.company_id", "=", company.id)])
    mailings.invalidate_recordset()
    timed(f"Odoo mailing.mailing _compute_statistics, {len(mailings)} mailings", mailings._compute_statistics)


def fill_surveys(env):
    """One invitation per two confirmed orders, 45 % of them answered (plain INSERT ... SELECT)."""
    survey = env.ref("reseller_kpi_survey.survey_customer_satisfaction")
    env.cr.execute(
        SQL(
            """INSERT INTO survey_user_input
                   (survey_id, partner_id, state, access_token, test_entry, reseller_kpi_company_id,
                    reseller_kpi_sale_order_id, reseller_kpi_team_id, reseller_kpi_user_id,
                    reseller_kpi_invited_at, start_datetime, end_datetime, create_date, write_date)
               SELECT %(survey)s, so.partner_id,
                      CASE WHEN mod(so.id, 20) < 9 THEN 'done' ELSE 'new' END,
                      'bench-' || so.id, FALSE, so.company_id, so.id, so.team_id, so.user_id,
                      so.date_order + interval '10 days',
                      CASE WHEN mod(so.id, 20) < 9 THEN so.date_order + interval '12 days' END,
                      CASE WHEN mod(so.id, 20) < 9 THEN so.date_order + interval '12 days' END,
                      so.date_order + interval '10 days', so.date_order + interval '10 days'
                 FROM sale_order so
                WHERE so.state = 'sale' AND mod(so.id, 2) = 0""",
            survey=survey.id,
        )
    )
    # scores spread over each scale from the answer's id: NPS 0-10, CES 1-7, CSAT 1-5
    env.cr.execute(
        SQL(
            """INSERT INTO survey_user_input_line
                   (user_input_id, survey_id, question_id, question_sequence, skipped, answer_type, value_scale)
               SELECT ui.id, ui.survey_id, q.id, q.sequence, FALSE, 'scale',
                      q.scale_min + mod(ui.id * 7 + q.id, q.scale_max - q.scale_min + 1)
                 FROM survey_user_input ui
                 JOIN survey_question q ON q.survey_id = ui.survey_id AND q.reseller_kpi_score_type IS NOT NULL
                WHERE ui.state = 'done' AND ui.access_token LIKE %s""",
            "bench%",
        )
    )
    env.cr.execute("ANALYZE survey_user_input")
    env.cr.execute("ANALYZE survey_user_input_line")


def timed(label, function, *args, **kwargs):
    started = time.monotonic()
    result = function(*args, **kwargs)
    elapsed = time.monotonic() - started
    print(f"{label:<62} {elapsed:8.2f} s   peak RSS {peak_mb():7.0f} MB", flush=True)
    return result, elapsed


def bench_drilldown(env, company, month):
    """The member queries that list the records behind a stored value of the month (drill-down)."""
    Collector = env["reseller.kpi.collector"]
    values = env["reseller.kpi.value"].search(
        [("company_id", "=", company.id), ("period_type", "=", "month"), ("date_start", "=", month.date_start)]
    )
    listed = {}
    for code in ("sales.revenue", "customers.churned", "supplier.otd_rate"):
        value = values.filtered(lambda v, code=code: v.kpi_code == code and not v.res_model)
        if not value:
            continue
        record_set = value._record_sets()[0]
        (_model, ids), _seconds = timed(
            f"records behind {code} ({Collector._record_set_label(record_set)}), 1 month",
            Collector._member_ids,
            value,
            record_set,
        )
        print(f"    {len(ids):,} records")
        listed[code] = ids
    return listed


def bench_one_pass(env, company, months, Value):
    """Each family over every month in one pass, then the refresh of every month one period at a time
    (each family's queries once per month, as before the one-pass refresh) in the same run."""
    Collector = env["reseller.kpi.collector"]
    scopes = [Collector._scope(company, month) for month in months]
    aggregates = {}
    for name in Collector._kpi_registry().families:
        family = Collector._family(name).with_company(company)
        aggregates[name], _seconds = timed(
            f"  of which {name}, {len(months)} months in one pass", family._aggregate_periods, scopes, aggregates
        )
    chunk = type(Value).CHUNK
    type(Value).CHUNK = 1
    try:
        timed(f"refresh every KPI, {len(months)} months, one period at a time", Value._refresh, company, months, False)
    finally:
        type(Value).CHUNK = chunk


def bench_lower_bound(env, company, months):
    """What PostgreSQL alone needs for the core of the refresh, to compare with: one query for the revenue,
    orders and distinct customers of every month, and one for the set of (customer, local day) with an
    order (what the customer lifecycle is derived from)."""
    tz = env["reseller.kpi.collector"]._scope(company, months[0]).tz
    start, stop = months[0].date_start, months[-1].date_end
    local = SQL("(so.date_order AT TIME ZONE 'UTC' AT TIME ZONE %s)", tz)
    query = SQL(
        """SELECT date_trunc('month', %(local)s), SUM(sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1)),
                  COUNT(DISTINCT so.id), COUNT(DISTINCT p.commercial_partner_id)
             FROM sale_order_line sol
             JOIN sale_order so ON so.id = sol.order_id
             JOIN res_partner p ON p.id = so.partner_id
            WHERE so.state = 'sale' AND so.company_id = %(company)s
              AND %(local)s >= %(start)s AND %(local)s < %(stop)s::date + 1
            GROUP BY 1""",
        local=local,
        company=company.id,
        start=start,
        stop=stop,
    )
    timed(f"lower bound: revenue, orders, customers of {len(months)} months, one query", env.cr.execute, query)
    query = SQL(
        """SELECT DISTINCT p.commercial_partner_id, %(local)s::date
             FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
            WHERE so.state = 'sale' AND so.company_id = %(company)s""",
        local=local,
        company=company.id,
    )
    timed("lower bound: every (customer, local day) with an order, one query", env.cr.execute, query)
    print(f"    {env.cr.rowcount:,} rows")


def bench_nightly(env, company, full_seconds):
    """The nightly refresh (``_cron_refresh``, every company) next to the full recompute timed before it:
    first as before 8 December 2026 (every quarter and year read from its records), then as now (those
    of the families that add up over days summed from their months)."""
    from odoo.addons.reseller_kpi.models.reseller_kpi_collector import ResellerKpiFamily  # noqa: PLC0415

    Value = env["reseller.kpi.value"]
    # each family's own _aggregate_periods over every period of the pass, as before
    before = patch.object(
        ResellerKpiFamily,
        "_aggregate_pass",
        lambda family, scopes, aggregates: family._aggregate_periods(scopes, aggregates),
    )
    for label, context in (("quarters and years from their records, as before", before), ("", nullcontext())):
        suffix = f" ({label})" if label else ""
        with context:
            env["res.company"].search([]).sudo().reseller_kpi_refreshed_at = fields.Datetime.now()
            _result, quiet = timed(
                f"nightly _cron_refresh, nothing written since the last run{suffix}", Value._cron_refresh
            )
            # one order dated 90 days back written after that run: the next run recomputes every period from its day
            env.cr.execute(
                SQL(
                    """UPDATE sale_order SET write_date = clock_timestamp() AT TIME ZONE 'UTC'
                        WHERE id = (SELECT id FROM sale_order WHERE company_id = %s AND state = 'sale'
                                       AND date_order <= (clock_timestamp() AT TIME ZONE 'UTC') - interval '90 days'
                                     ORDER BY date_order DESC LIMIT 1)""",
                    company.id,
                )
            )
            env.invalidate_all()
            _result, backdated = timed(
                f"nightly _cron_refresh, an order of 90 days ago written since{suffix}", Value._cron_refresh
            )
        print(
            f"  nightly refresh{suffix}: {quiet:.1f} s ({backdated:.1f} s with a backdated order) against "
            f"{full_seconds:.1f} s for the full recompute (every month, figures and cohorts)",
            flush=True,
        )


def bench_dashboard(env, company, month, calls=20):
    """Server time of the dashboard's one read-only call, as the administrator (record rules apply)."""
    admin = env.ref("base.user_admin")
    dashboard = env(user=admin, context={"allowed_company_ids": [company.id]})["reseller.kpi.dashboard"]
    team = env["crm.team"].search([("company_id", "in", [company.id, False])], limit=1)
    for label, kwargs in (
        ("month, company", {"period_type": "month", "day": month.date_start}),
        (
            "month, one team, vs last year",
            {"period_type": "month", "day": month.date_start, "team_id": team.id, "compare": "last_year"},
        ),
        ("quarter, company", {"period_type": "quarter", "day": month.date_start}),
    ):
        timings = []
        queries = env.cr.sql_log_count
        for _call in range(calls):
            env.invalidate_all()
            started = time.perf_counter()
            dashboard.get_dashboard(**kwargs)
            timings.append(time.perf_counter() - started)
        per_call = (env.cr.sql_log_count - queries) / calls
        timings.sort()
        print(
            f"dashboard screen ({label}): median {timings[calls // 2] * 1000:.0f} ms, "
            f"max {timings[-1] * 1000:.0f} ms, {per_call:.0f} queries, {calls} calls",
            flush=True,
        )


def time_management_report(env, company, month):
    """The monthly management report of a closed month: the dashboard's data twice, QWeb, then wkhtmltopdf
    (which loads the report's styles from web.base.url: without a running server it renders unstyled)."""
    report = "reseller_kpi.management_report_action"
    data = {"period_type": "month", "day": str(month.date_start), "company_id": company.id}
    reports = env["ir.actions.report"].with_company(company)
    timed(
        f"management report, 1 month ({month.date_start:%Y-%m}), HTML",
        reports._render_qweb_html,
        report,
        [company.id],
        dict(data),
    )
    if reports.get_wkhtmltopdf_state() != "ok":
        print(f"management report PDF: wkhtmltopdf is {reports.get_wkhtmltopdf_state()}, not timed")
        return
    (pdf, _kind), _seconds = timed(
        f"management report, 1 month ({month.date_start:%Y-%m}), PDF",
        reports._render_qweb_pdf,
        report,
        [company.id],
        dict(data),
    )
    print(f"    {len(pdf):,} bytes")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--multiply", type=int, default=1, help="copies of the demo data (20 on scale 5 = scale 100)")
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--surveys", action="store_true", help="fill satisfaction invitations and answers first")
    parser.add_argument("--config", default=str(ROOT / ".odoo" / "run.conf"))
    args = parser.parse_args(argv)

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    # the add-on is importable once the configuration gave the addons path
    from odoo.addons.reseller_kpi.engine.periods import Period, period_of, periods_between, rolling_year  # noqa: PLC0415

    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"reseller_kpi_no_commit": True})
        if args.multiply > 1:
            refusal = multiply_refusal(env)
            if refusal:
                print(refusal)
                return 2
            print(f"multiplying the demo data by {args.multiply}", flush=True)
            timed("multiply", multiply, env, args.multiply)
            cr.commit()
        surveys = "reseller.kpi.family.satisfaction" in env
        if args.surveys and surveys:
            timed("fill satisfaction invitations and answers", fill_surveys, env)
            cr.commit()
        # the company with the most sale orders: the demo reseller
        company = env["sale.order"]._read_group([], ["company_id"], ["__count"], order="__count desc", limit=1)[0][0]
        cr.execute(
            "SELECT MAX(date_order)::date FROM sale_order WHERE state = 'sale' AND company_id = %s", [company.id]
        )
        last_day = cr.fetchone()[0] or date.today()
        counts = {}
        tables = ["sale_order_line", "sale_order", "stock_move", "purchase_order_line", "crm_lead"]
        mailing = "reseller.kpi.family.mailing" in env
        if mailing:
            tables.append("mailing_trace")
        till = "pos.order" in env
        if till:
            tables += ["pos_order", "pos_order_line"]
        if "reseller.kpi.family.shop" in env:
            tables += ["website_visitor", "website_track"]
            cr.execute("SELECT COUNT(*) FROM sale_order WHERE website_id IS NOT NULL")
            counts["web orders and carts"] = cr.fetchone()[0]
        for table in tables + (["survey_user_input", "survey_user_input_line"] if surveys else []):
            cr.execute(SQL("SELECT COUNT(*) FROM %s", SQL.identifier(table)))
            counts[table] = cr.fetchone()[0]
        cr.execute(
            "SELECT COUNT(DISTINCT commercial_partner_id) FROM sale_order so JOIN res_partner p ON p.id = so.partner_id"
        )
        counts["customers"] = cr.fetchone()[0]
        print(f"database {args.database}, company {company.name}, data up to {last_day}")
        print("volume: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
        print(f"peak RSS after loading the registry: {peak_mb():.0f} MB")

        Value = env["reseller.kpi.value"]
        month = period_of(last_day, "month")
        timed(f"refresh every KPI, 1 month ({month.date_start:%Y-%m})", Value._refresh, company, [month], False)
        Collector = env["reseller.kpi.collector"]
        scope = Collector._scope(company, month)
        year = Collector._scope(company, Period("rolling", *rolling_year(month.date_end)))
        for family in Collector._kpi_registry().families:
            timed(f"  of which {family}", Collector._family(family)._aggregate, scope, {})
        timed("  of which margin of the 365 days (for CLV)", Collector._family("sales")._margin_year, scope)
        bench_drilldown(env, company, month)
        if surveys:
            timed("satisfaction KPIs over 365 days", Collector._family("satisfaction")._aggregate, year, {})
            timed(
                "orders to invite today (candidates query)",
                env["sale.order"]._reseller_kpi_survey_candidates,
                company,
                last_day,
            )
            timed("last NPS of every customer", Collector._refresh_satisfaction_records, company)
        # the last `--months` months, the month in progress included
        first = last_day.year * 12 + last_day.month - args.months
        months = periods_between(date(first // 12, first % 12 + 1, 1), last_day, ["month"])[-args.months :]
        _result, months_time = timed(
            f"refresh every KPI, {len(months)} months (one pass per {Value.CHUNK} months)",
            Value._refresh,
            company,
            months,
            False,
        )
        bench_one_pass(env, company, months, Value)
        bench_lower_bound(env, company, months)
        _result, records_time = timed(
            "customer, vendor and category figures (365 days)", env["reseller.kpi.collector"]._refresh_records, company
        )
        _result, cohorts_time = timed(
            "cohort retention cells (every cohort)", env["reseller.kpi.cohort"]._refresh_company, company
        )
        if mailing:
            bench_mailing(env, company, months, lambda period: Collector._scope(company, period))
        if till or "reseller.kpi.family.shop" in env:
            bench_channels(env, company, months, lambda period: Collector._scope(company, period))
        bench_nightly(env, company, months_time + records_time + cohorts_time)
        bench_dashboard(env, company, month)
        time_management_report(env, company, month.previous())

        # vendors: ours (12 months, every vendor at once) against Odoo's on_time_rate (non-stored, per vendor)
        suppliers = Collector._family("supplier")
        year = Collector._scope(company, Period("rolling", *rolling_year(last_day)))
        _ours, ours_time = timed("our vendor KPIs over 365 days, all vendors", suppliers._aggregate, year, {})
        vendors = env["res.partner"].search([("purchase_line_ids", "!=", False)])
        vendors.invalidate_recordset(["on_time_rate"])
        _rates, odoo_time = timed(
            f"Odoo res.partner.on_time_rate, {len(vendors)} vendors", lambda: vendors.mapped("on_time_rate")
        )
        _otd, otd_time = timed(
            "our on-time delivery rate alone over 365 days, all vendors", suppliers._on_time_rates, year
        )
        print(f"  all 7 vendor KPIs: ours {odoo_time / ours_time:.1f}x faster than on_time_rate")
        print(f"  the same figure (on-time rate): ours {odoo_time / otd_time:.1f}x faster than on_time_rate")

        # categories: ours (with roll-up) against sale.report's _read_group on one month and on everything
        start_dt, stop_dt = month.date_start, month.date_end
        sales = Collector._family("sales")
        _ours_cat, ours_cat = timed(
            "our margin by category (roll-up), 1 month",
            lambda: sales._by_category(sales._facts(company, scope.start, scope.stop)),
        )
        _report, report_month = timed(
            "sale.report _read_group margin by category, 1 month",
            env["sale.report"]._read_group,
            [("state", "=", "sale"), ("date", ">=", start_dt), ("date", "<=", stop_dt)],
            ["categ_id"],
            ["margin:sum", "price_subtotal:sum"],
        )
        timed(
            "sale.report _read_group margin by category, all data",
            env["sale.report"]._read_group,
            [("state", "=", "sale")],
            ["categ_id"],
            ["margin:sum", "price_subtotal:sum"],
        )
        print(f"  category margin, 1 month: sale.report/ours = {report_month / ours_cat:.1f}")
        print(f"peak RSS of the process: {peak_mb():.0f} MB")
        cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
