"""Data layer of the KPIs: each family gathered for a whole period set-wise.

One parameterised SQL query (``odoo.tools.SQL``, never string formatting)
per family and period returns every dimension at once with GROUPING SETS;
the plain-Python engine (``..engine.formulas``) turns the aggregates into
values. Amounts are in company currency, dates are local dates in the
company's time zone.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from ..engine import formulas
from ..engine.periods import rolling_year, utc_bounds

COMPANY = (None, None)


def local_day(column, tz):
    """Local date, in time zone `tz`, of a naive UTC timestamp column."""
    return SQL("(((%s) AT TIME ZONE 'UTC') AT TIME ZONE %s)::date", column, tz)


# a sale line's revenue and margin in company currency (sale.report's conversion, sale_margin's cost)
LINE_REVENUE = SQL("(l.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1.0))")
LINE_MARGIN = SQL(
    """((l.price_subtotal - COALESCE(l.purchase_price, 0) * l.product_uom_qty)
        / COALESCE(NULLIF(so.currency_rate, 0), 1.0))"""
)
CONFIRMED_LINE = SQL("so.state = 'sale' AND l.display_type IS NULL AND NOT COALESCE(l.is_downpayment, FALSE)")


def product_qty(qty, line_uom, product_uom):
    """Quantity converted to the product's unit of measure, as sale.report does."""
    return SQL("(%s / %s.factor * %s.factor)", qty, SQL.identifier(line_uom), SQL.identifier(product_uom))


class ResellerKpiCollector(models.AbstractModel):
    _name = "reseller.kpi.collector"
    _description = "Reseller KPIs: set-wise data gathering"

    # ------------------------------------------------------------------ helpers
    @api.model
    def _tz(self, company):
        return company.partner_id.tz or "UTC"

    @api.model
    def _fetch(self, query):
        self.env.cr.execute(query)
        columns = [desc.name for desc in self.env.cr.description]
        return [dict(zip(columns, row, strict=True)) for row in self.env.cr.fetchall()]

    @api.model
    def _by_dimension(self, rows, dimensions, defaults):
        """{(res_model, res_id): aggregates} from GROUPING SETS rows.

        Each row carries one ``g_<column>`` flag per dimension column (1 when the
        column is rolled up); the row where every flag is 1 is the company's.
        A dimension value that is NULL (an order without team) is not stored.
        """
        result = defaultdict(lambda: dict(defaults))
        result[COMPANY] = dict(defaults)  # the company value exists even without any record
        for row in rows:
            key = COMPANY
            for column, model in dimensions.items():
                if not row[f"g_{column}"]:
                    key = (model, row[column]) if row[column] else None
                    break
            if key is None:
                continue
            result[key] = {name: row[name] or 0 for name in defaults}
        return dict(result)

    @staticmethod
    def _grouping(dimensions):
        """GROUPING SETS ((), (a), (b)) and GROUPING(x) flags for `dimensions`."""
        sets = SQL(", ").join([SQL("()")] + [SQL("(%s)", SQL.identifier(col)) for col in dimensions])
        flags = SQL(", ").join(
            SQL("GROUPING(%s) AS %s", SQL.identifier(col), SQL.identifier(f"g_{col}")) for col in dimensions
        )
        return sets, flags

    # ------------------------------------------------------------------ sales
    SALES_DEFAULTS = {"revenue": 0.0, "orders": 0, "items": 0.0, "margin": 0.0}

    @api.model
    def _sales_line_metrics(self):
        return SQL(
            """SUM(%(revenue)s) AS revenue,
               COUNT(DISTINCT so.id) AS orders,
               SUM(CASE WHEN pt.type = 'consu' THEN %(qty)s ELSE 0 END) AS items,
               SUM(%(margin)s) AS margin""",
            revenue=LINE_REVENUE,
            margin=LINE_MARGIN,
            qty=product_qty(SQL("l.product_uom_qty"), "lu", "pu"),
        )

    @api.model
    def _sales_from(self, company, first_day, last_day):
        start, stop = utc_bounds(first_day, last_day, self._tz(company))
        return SQL(
            """FROM sale_order_line l
               JOIN sale_order so ON so.id = l.order_id
               LEFT JOIN product_product pp ON pp.id = l.product_id
               LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
               LEFT JOIN uom_uom lu ON lu.id = l.product_uom
               LEFT JOIN uom_uom pu ON pu.id = pt.uom_id
              WHERE %s AND so.company_id = %s
                AND so.date_order >= %s AND so.date_order < %s""",
            CONFIRMED_LINE,
            company.id,
            start,
            stop,
        )

    @api.model
    def _sales(self, company, first_day, last_day, with_category=True):
        """Revenue, orders, items and margin by company, team, source and category (rolled up)."""
        dims = {"team_id": "crm.team", "source_id": "utm.source"}
        sets, flags = self._grouping(dims)
        rows = self._fetch(
            SQL(
                "SELECT so.team_id, so.source_id, %s, %s %s GROUP BY GROUPING SETS (%s)",
                flags,
                self._sales_line_metrics(),
                self._sales_from(company, first_day, last_day),
                sets,
            )
        )
        result = self._by_dimension(rows, dims, self.SALES_DEFAULTS)
        if with_category:
            result.update(self._sales_by_category(company, first_day, last_day))
        return result

    @api.model
    def _margin(self, company, first_day, last_day):
        """Only the margin, by company and team (what CLV needs over 365 days): a lean scan of the lines."""
        start, stop = utc_bounds(first_day, last_day, self._tz(company))
        dims = {"team_id": "crm.team"}
        sets, flags = self._grouping(dims)
        rows = self._fetch(
            SQL(
                """SELECT so.team_id, %(flags)s, SUM(%(margin)s) AS margin
                     FROM sale_order_line l
                     JOIN sale_order so ON so.id = l.order_id
                    WHERE %(confirmed)s AND so.company_id = %(company)s
                      AND so.date_order >= %(start)s AND so.date_order < %(stop)s
                    GROUP BY GROUPING SETS (%(sets)s)""",
                margin=LINE_MARGIN,
                confirmed=CONFIRMED_LINE,
                flags=flags,
                sets=sets,
                company=company.id,
                start=start,
                stop=stop,
            )
        )
        return self._by_dimension(rows, dims, {"margin": 0.0})

    @api.model
    def _sales_by_category(self, company, first_day, last_day):
        """Sales per category, each including its descendants (joined through parent_path).

        The period's lines are gathered first (MATERIALIZED): PostgreSQL cannot
        estimate the parent_path LIKE join and would otherwise scan every line.
        """
        rows = self._fetch(
            SQL(
                """WITH lines AS MATERIALIZED (
                       SELECT pt.categ_id, so.id AS order_id,
                              %(revenue)s AS revenue,
                              CASE WHEN pt.type = 'consu' THEN %(qty)s ELSE 0 END AS items,
                              %(margin)s AS margin
                       %(lines)s
                   ), categories AS MATERIALIZED (
                       SELECT leaf.id AS leaf_id, anc.id AS ancestor_id
                         FROM product_category leaf
                         JOIN product_category anc ON leaf.parent_path LIKE anc.parent_path || %(any)s
                   )
                   SELECT c.ancestor_id AS category_id, SUM(lines.revenue) AS revenue,
                          COUNT(DISTINCT lines.order_id) AS orders, SUM(lines.items) AS items,
                          SUM(lines.margin) AS margin
                     FROM lines JOIN categories c ON c.leaf_id = lines.categ_id
                    GROUP BY c.ancestor_id""",
                revenue=LINE_REVENUE,
                margin=LINE_MARGIN,
                qty=product_qty(SQL("l.product_uom_qty"), "lu", "pu"),
                lines=self._sales_from(company, first_day, last_day),
                any="%",
            )
        )
        return {
            ("product.category", row["category_id"]): {name: row[name] or 0 for name in self.SALES_DEFAULTS}
            for row in rows
        }

    # ------------------------------------------------------------------ customers
    CUSTOMER_DEFAULTS = {
        "active": 0,
        "active_start": 0,
        "new": 0,
        "reactivated": 0,
        "churned": 0,
        "active_year_before": 0,
        "churned_year": 0,
    }

    @api.model
    def _customers(self, company, first_day, last_day):
        """Lifecycle counts by company and team (a team's customers are those of its orders).

        active(d) = customers with a confirmed order dated in [d - W + 1, d].
        """
        tz = self._tz(company)
        window = company.reseller_kpi_inactivity_days
        year_first, _year_last = rolling_year(last_day)
        _start, stop = utc_bounds(first_day, last_day, tz)
        dims = {"team_id": "crm.team"}
        rows = self._fetch(
            SQL(
                """WITH orders AS (
                       SELECT p.commercial_partner_id AS customer, so.team_id, %(day)s AS day
                         FROM sale_order so
                         JOIN res_partner p ON p.id = so.partner_id
                        WHERE so.state = 'sale' AND so.company_id = %(company)s AND so.date_order < %(stop)s
                   ), per_customer AS (
                       SELECT customer, team_id, GROUPING(team_id) AS g_team_id,
                              MIN(day) AS first_day,
                              BOOL_OR(day >= %(end_window)s) AS active_end,
                              BOOL_OR(day BETWEEN %(start_window)s AND %(before_start)s) AS active_start,
                              BOOL_OR(day >= %(first_day)s) AS ordered,
                              BOOL_OR(day BETWEEN %(year_window)s AND %(before_year)s) AS active_year_before
                         FROM orders
                        GROUP BY GROUPING SETS ((customer), (customer, team_id))
                   )
                   SELECT team_id, g_team_id,
                          COUNT(*) FILTER (WHERE active_end) AS active,
                          COUNT(*) FILTER (WHERE active_start) AS active_start,
                          COUNT(*) FILTER (WHERE first_day >= %(first_day)s) AS new,
                          COUNT(*) FILTER (
                              WHERE ordered AND first_day < %(first_day)s AND NOT active_start) AS reactivated,
                          COUNT(*) FILTER (WHERE active_start AND NOT active_end) AS churned,
                          COUNT(*) FILTER (WHERE active_year_before) AS active_year_before,
                          COUNT(*) FILTER (WHERE active_year_before AND NOT active_end) AS churned_year
                     FROM per_customer
                    GROUP BY team_id, g_team_id""",
                day=local_day(SQL("so.date_order"), tz),
                company=company.id,
                stop=stop,
                first_day=first_day,
                end_window=last_day - timedelta(days=window - 1),
                start_window=first_day - timedelta(days=window),
                before_start=first_day - timedelta(days=1),
                year_window=year_first - timedelta(days=window),
                before_year=year_first - timedelta(days=1),
            )
        )
        return self._by_dimension(rows, dims, self.CUSTOMER_DEFAULTS)

    ACTIVATION_DEFAULTS = {"prospects": 0, "activated": 0}

    @api.model
    def _activation(self, company, first_day, last_day):
        """Prospects (first lead in the period, no order before it) and those activated within A days.

        By company and by team of that first lead; archived leads count, leads without partner cannot.
        """
        tz = self._tz(company)
        start, stop = utc_bounds(first_day, last_day, tz)
        dims = {"team_id": "crm.team"}
        sets, flags = self._grouping(dims)
        rows = self._fetch(
            SQL(
                """WITH first_lead AS (
                       SELECT DISTINCT ON (p.commercial_partner_id)
                              p.commercial_partner_id AS customer, l.create_date, l.team_id
                         FROM crm_lead l
                         JOIN res_partner p ON p.id = l.partner_id
                        WHERE l.company_id = %(company)s
                        ORDER BY p.commercial_partner_id, l.create_date, l.id
                   ), first_order AS (
                       SELECT p.commercial_partner_id AS customer, MIN(so.date_order) AS date_order
                         FROM sale_order so
                         JOIN res_partner p ON p.id = so.partner_id
                        WHERE so.state = 'sale' AND so.company_id = %(company)s
                        GROUP BY p.commercial_partner_id
                   )
                   SELECT fl.team_id, %(flags)s,
                          COUNT(*) AS prospects,
                          COUNT(*) FILTER (WHERE %(order_day)s <= %(lead_day)s + %(activation_days)s) AS activated
                     FROM first_lead fl
                     LEFT JOIN first_order fo ON fo.customer = fl.customer
                    WHERE fl.create_date >= %(start)s AND fl.create_date < %(stop)s
                      AND (fo.date_order IS NULL OR fo.date_order >= fl.create_date)
                    GROUP BY GROUPING SETS (%(sets)s)""",
                company=company.id,
                flags=flags,
                sets=sets,
                order_day=local_day(SQL("fo.date_order"), tz),
                lead_day=local_day(SQL("fl.create_date"), tz),
                activation_days=company.reseller_kpi_activation_days,
                start=start,
                stop=stop,
            )
        )
        return self._by_dimension(rows, dims, self.ACTIVATION_DEFAULTS)

    # ------------------------------------------------------------------ crm
    CRM_DEFAULTS = {"leads": 0, "won": 0, "lost": 0, "cycle_days_total": 0}

    @api.model
    def _crm(self, company, first_day, last_day):
        """Leads created, won and lost (with their cycle) by company, team, salesperson and source."""
        tz = self._tz(company)
        start, stop = utc_bounds(first_day, last_day, tz)
        dims = {"team_id": "crm.team", "user_id": "res.users", "source_id": "utm.source"}
        sets, flags = self._grouping(dims)
        created = SQL("l.create_date >= %s AND l.create_date < %s", start, stop)
        closed = SQL("l.date_closed >= %s AND l.date_closed < %s", start, stop)
        won = SQL("l.probability = 100 AND %s", closed)
        rows = self._fetch(
            SQL(
                """SELECT l.team_id, l.user_id, l.source_id, %(flags)s,
                          COUNT(*) FILTER (WHERE %(created)s) AS leads,
                          COUNT(*) FILTER (WHERE %(won)s) AS won,
                          COUNT(*) FILTER (WHERE NOT l.active AND l.probability = 0 AND %(closed)s) AS lost,
                          SUM(%(closed_day)s - %(created_day)s) FILTER (WHERE %(won)s) AS cycle_days_total
                     FROM crm_lead l
                    WHERE l.company_id = %(company)s AND ((%(created)s) OR (%(closed)s))
                    GROUP BY GROUPING SETS (%(sets)s)""",
                flags=flags,
                sets=sets,
                created=created,
                closed=closed,
                won=won,
                closed_day=local_day(SQL("l.date_closed"), tz),
                created_day=local_day(SQL("l.create_date"), tz),
                company=company.id,
            )
        )
        return self._by_dimension(rows, dims, self.CRM_DEFAULTS)

    # ------------------------------------------------------------------ suppliers
    SUPPLIER_DEFAULTS = {
        "receipt_qty": 0.0,
        "ontime_qty": 0.0,
        "delay_qty_days": 0.0,
        "lead_days_total": 0,
        "receipts": 0,
        "returned_qty": 0.0,
        "lines": 0,
        "lines_in_full": 0,
        "ordered_qty": 0.0,
        "filled_qty": 0.0,
        "purchase_amount": 0.0,
    }

    @api.model
    def _receipts(self, tz, tolerance):
        """Done receipts of goods from purchase lines, with their vendor, local days and quantity."""
        return SQL(
            """SELECT m.id, m.purchase_line_id, vendor.commercial_partner_id AS vendor_id,
                      %(qty)s AS qty, %(done_day)s AS done_day,
                      %(planned_day)s + %(tolerance)s AS due_day, %(approve_day)s AS approve_day
                 FROM stock_move m
                 JOIN stock_picking_type spt ON spt.id = m.picking_type_id AND spt.code = 'incoming'
                 JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
                 JOIN purchase_order po ON po.id = pol.order_id
                 JOIN res_partner vendor ON vendor.id = po.partner_id
                 JOIN product_product pp ON pp.id = m.product_id
                 JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.type = 'consu'
                 JOIN uom_uom mu ON mu.id = m.product_uom
                 JOIN uom_uom pu ON pu.id = pt.uom_id
                WHERE m.state = 'done'""",
            qty=product_qty(SQL("m.quantity"), "mu", "pu"),
            done_day=local_day(SQL("m.date"), tz),
            planned_day=local_day(SQL("pol.date_planned"), tz),
            approve_day=local_day(SQL("po.date_approve"), tz),
            tolerance=tolerance,
        )

    @api.model
    def _suppliers(self, company, first_day, last_day):
        """Receipts, returns, on-time-in-full lines and purchases of the period, by company and vendor."""
        tz = self._tz(company)
        tolerance = company.reseller_kpi_ontime_tolerance_days
        start, stop = utc_bounds(first_day, last_day, tz)
        # a line is due in the period when local(date_planned) + T falls in it
        due_start, due_stop = utc_bounds(
            first_day - timedelta(days=tolerance), last_day - timedelta(days=tolerance), tz
        )
        dims = {"vendor_id": "res.partner"}
        sets, flags = self._grouping(dims)
        rows = self._fetch(
            SQL(
                """WITH receipts AS (%(receipts)s AND m.company_id = %(company)s
                                           AND m.date >= %(start)s AND m.date < %(stop)s),
                   period_returns AS (
                       SELECT ret.origin_returned_move_id, %(return_qty)s AS qty
                         FROM stock_move ret
                         JOIN product_product pp ON pp.id = ret.product_id
                         JOIN product_template pt ON pt.id = pp.product_tmpl_id
                         JOIN uom_uom mu ON mu.id = ret.product_uom
                         JOIN uom_uom pu ON pu.id = pt.uom_id
                        WHERE ret.state = 'done' AND ret.company_id = %(company)s
                          AND ret.origin_returned_move_id IS NOT NULL
                          AND ret.date >= %(start)s AND ret.date < %(stop)s
                   ),
                   returns AS (
                       SELECT r.vendor_id, pr.qty
                         FROM period_returns pr
                         JOIN (%(returned_receipts)s) r ON r.id = pr.origin_returned_move_id
                   ),
                   due_lines AS (
                       SELECT pol.id, vendor.commercial_partner_id AS vendor_id, pol.product_uom_qty AS ordered,
                              %(planned_day)s + %(tolerance)s AS due_day
                         FROM purchase_order_line pol
                         JOIN purchase_order po ON po.id = pol.order_id AND po.state IN ('purchase', 'done')
                         JOIN res_partner vendor ON vendor.id = po.partner_id
                         JOIN product_product pp ON pp.id = pol.product_id
                         JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.type = 'consu'
                        WHERE pol.company_id = %(company)s AND pol.display_type IS NULL
                          AND pol.date_planned >= %(due_start)s AND pol.date_planned < %(due_stop)s
                   ),
                   line_receipts AS (
                       SELECT d.id, d.vendor_id, d.ordered,
                              COALESCE(SUM(r.qty) FILTER (WHERE r.done_day <= d.due_day), 0) AS ontime_qty,
                              COALESCE(SUM(r.qty) FILTER (WHERE r.done_day <= %(last_day)s), 0) AS received_qty
                         FROM due_lines d
                         LEFT JOIN (%(line_receipts)s) r ON r.purchase_line_id = d.id
                        GROUP BY d.id, d.vendor_id, d.ordered
                   ),
                   purchases AS (
                       SELECT vendor.commercial_partner_id AS vendor_id,
                              pol.price_subtotal / COALESCE(NULLIF(po.currency_rate, 0), 1.0) AS amount
                         FROM purchase_order_line pol
                         JOIN purchase_order po ON po.id = pol.order_id AND po.state IN ('purchase', 'done')
                         JOIN res_partner vendor ON vendor.id = po.partner_id
                        WHERE po.company_id = %(company)s AND pol.display_type IS NULL
                          AND po.date_approve >= %(start)s AND po.date_approve < %(stop)s
                   ),
                   facts AS (
                       SELECT vendor_id, qty AS receipt_qty,
                              CASE WHEN done_day <= due_day THEN qty ELSE 0 END AS ontime_qty,
                              qty * GREATEST(0, done_day - due_day) AS delay_qty_days,
                              done_day - approve_day AS lead_days, 1 AS receipts,
                              0 AS returned_qty, 0 AS lines, 0 AS lines_in_full, 0 AS ordered_qty,
                              0 AS filled_qty, 0 AS purchase_amount
                         FROM receipts
                       UNION ALL
                       SELECT vendor_id, 0, 0, 0, NULL, 0, qty, 0, 0, 0, 0, 0 FROM returns
                       UNION ALL
                       SELECT vendor_id, 0, 0, 0, NULL, 0, 0, 1,
                              CASE WHEN ontime_qty >= ordered THEN 1 ELSE 0 END,
                              ordered, LEAST(received_qty, ordered), 0
                         FROM line_receipts
                       UNION ALL
                       SELECT vendor_id, 0, 0, 0, NULL, 0, 0, 0, 0, 0, 0, amount FROM purchases
                   )
                   SELECT vendor_id, %(flags)s,
                          SUM(receipt_qty) AS receipt_qty, SUM(ontime_qty) AS ontime_qty,
                          SUM(delay_qty_days) AS delay_qty_days, SUM(lead_days) AS lead_days_total,
                          SUM(receipts) AS receipts, SUM(returned_qty) AS returned_qty,
                          SUM(lines) AS lines, SUM(lines_in_full) AS lines_in_full,
                          SUM(ordered_qty) AS ordered_qty, SUM(filled_qty) AS filled_qty,
                          SUM(purchase_amount) AS purchase_amount
                     FROM facts
                    GROUP BY GROUPING SETS (%(sets)s)""",
                receipts=self._receipts(tz, tolerance),
                # only the receipts that matter, found through the indexes on their links
                returned_receipts=SQL(
                    "%s AND m.id IN (SELECT origin_returned_move_id FROM period_returns)",
                    self._receipts(tz, tolerance),
                ),
                line_receipts=SQL(
                    "%s AND m.purchase_line_id IN (SELECT id FROM due_lines)", self._receipts(tz, tolerance)
                ),
                return_qty=product_qty(SQL("ret.quantity"), "mu", "pu"),
                planned_day=local_day(SQL("pol.date_planned"), tz),
                tolerance=tolerance,
                company=company.id,
                start=start,
                stop=stop,
                due_start=due_start,
                due_stop=due_stop,
                last_day=last_day,
                flags=flags,
                sets=sets,
            )
        )
        return self._by_dimension(rows, dims, self.SUPPLIER_DEFAULTS)

    @api.model
    def _supplier_otd(self, company, first_day, last_day):
        """Only the on-time delivery rate per vendor (what the grade needs): {vendor_id: KpiValue}."""
        tz = self._tz(company)
        start, stop = utc_bounds(first_day, last_day, tz)
        rows = self._fetch(
            SQL(
                """SELECT vendor_id, SUM(qty) AS receipt_qty,
                          COALESCE(SUM(qty) FILTER (WHERE done_day <= due_day), 0) AS ontime_qty
                     FROM (%s AND m.company_id = %s AND m.date >= %s AND m.date < %s) receipts
                    GROUP BY vendor_id""",
                self._receipts(tz, company.reseller_kpi_ontime_tolerance_days),
                company.id,
                start,
                stop,
            )
        )
        return {row["vendor_id"]: formulas.rate(row["ontime_qty"], row["receipt_qty"]) for row in rows}

    # ------------------------------------------------------------------ deliveries
    DELIVERY_DEFAULTS = {"qty": 0.0, "ontime_qty": 0.0, "delay_qty_days": 0.0, "lead_days_total": 0, "deliveries": 0}

    @api.model
    def _deliveries(self, company, first_day, last_day):
        """Done deliveries of goods to customers in the period, by company and team."""
        tz = self._tz(company)
        start, stop = utc_bounds(first_day, last_day, tz)
        dims = {"team_id": "crm.team"}
        sets, flags = self._grouping(dims)
        promised = SQL(
            "COALESCE(%s, %s)",
            local_day(SQL("so.commitment_date"), tz),
            local_day(SQL("so.date_order + sol.customer_lead * INTERVAL '1 day'"), tz),
        )
        rows = self._fetch(
            SQL(
                """WITH deliveries AS (
                       SELECT so.team_id, %(qty)s AS qty, %(done_day)s AS done_day,
                              %(promised)s AS promised_day, %(order_day)s AS order_day
                         FROM stock_move m
                         JOIN stock_picking_type spt ON spt.id = m.picking_type_id AND spt.code = 'outgoing'
                         JOIN sale_order_line sol ON sol.id = m.sale_line_id
                         JOIN sale_order so ON so.id = sol.order_id
                         JOIN product_product pp ON pp.id = m.product_id
                         JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.type = 'consu'
                         JOIN uom_uom mu ON mu.id = m.product_uom
                         JOIN uom_uom pu ON pu.id = pt.uom_id
                        WHERE m.state = 'done' AND m.company_id = %(company)s
                          AND m.date >= %(start)s AND m.date < %(stop)s
                   )
                   SELECT team_id, %(flags)s,
                          SUM(qty) AS qty,
                          SUM(qty) FILTER (WHERE done_day <= promised_day) AS ontime_qty,
                          SUM(qty * GREATEST(0, done_day - promised_day)) AS delay_qty_days,
                          SUM(done_day - order_day) AS lead_days_total,
                          COUNT(*) AS deliveries
                     FROM deliveries
                    GROUP BY GROUPING SETS (%(sets)s)""",
                qty=product_qty(SQL("m.quantity"), "mu", "pu"),
                done_day=local_day(SQL("m.date"), tz),
                promised=promised,
                order_day=local_day(SQL("so.date_order"), tz),
                company=company.id,
                start=start,
                stop=stop,
                flags=flags,
                sets=sets,
            )
        )
        return self._by_dimension(rows, dims, self.DELIVERY_DEFAULTS)

    # ------------------------------------------------------------------ finance
    @api.model
    def _finance(self, company, first_day, last_day):
        """Balances of posted lines dated in the period on accounts of each tag setting."""

        def tagged(tags):
            return SQL(
                """EXISTS (SELECT 1 FROM account_account_account_tag rel
                            WHERE rel.account_account_id = aml.account_id
                              AND rel.account_account_tag_id = ANY(%s))""",
                tags.ids or [0],
            )

        rows = self._fetch(
            SQL(
                """SELECT COALESCE(SUM(aml.balance) FILTER (WHERE %s), 0) AS fixed,
                          COALESCE(SUM(aml.balance) FILTER (WHERE %s), 0) AS variable,
                          COALESCE(SUM(aml.balance) FILTER (WHERE %s), 0) AS marketing
                     FROM account_move_line aml
                    WHERE aml.parent_state = 'posted' AND aml.company_id = %s
                      AND aml.date >= %s AND aml.date <= %s""",
                tagged(company.reseller_kpi_fixed_cost_tag_ids),
                tagged(company.reseller_kpi_variable_cost_tag_ids),
                tagged(company.reseller_kpi_marketing_tag_ids),
                company.id,
                first_day,
                last_day,
            )
        )
        return {COMPANY: rows[0]}

    # ------------------------------------------------------------------ figures on records
    @api.model
    def _set_company_dependent(self, model, company, columns, rows, ids=None):
        """Write company-dependent columns of `model` for `company` set-wise.

        `rows` are (id, value, value...) in the order of `columns`; every other
        record (every other of `ids` when given) loses its value for this
        company (it has no data any more).
        """
        table = SQL.identifier(self.env[model]._table)
        key = str(company.id)
        clear = SQL(", ").join(SQL("%s = %s - %s", SQL.identifier(c), SQL.identifier(c), key) for c in columns)
        having = SQL(" OR ").join(SQL("%s ? %s", SQL.identifier(c), key) for c in columns)
        if ids is not None:
            having = SQL("id = ANY(%s) AND (%s)", list(ids), having)
        self.env.cr.execute(SQL("UPDATE %s SET %s WHERE %s", table, clear, having))
        if rows:
            arrays = list(zip(*rows, strict=True))
            sets = SQL(", ").join(
                SQL(
                    """%s = CASE WHEN v.%s IS NULL THEN t.%s
                                 ELSE COALESCE(t.%s, '{}'::jsonb) || jsonb_build_object(%s, v.%s) END""",
                    SQL.identifier(c),
                    SQL.identifier(c),
                    SQL.identifier(c),
                    SQL.identifier(c),
                    key,
                    SQL.identifier(c),
                )
                for c in columns
            )
            types = [self.env[model]._fields[c].type for c in columns]
            casts = {"date": "date[]", "float": "float8[]", "integer": "int4[]", "selection": "varchar[]"}
            unnest = SQL(", ").join(
                SQL("%s::%s", list(values), SQL(casts[t])) for values, t in zip(arrays[1:], types, strict=True)
            )
            self.env.cr.execute(
                SQL(
                    "UPDATE %s t SET %s FROM unnest(%s::int4[], %s) AS v(id, %s) WHERE t.id = v.id",
                    table,
                    sets,
                    list(arrays[0]),
                    unnest,
                    SQL(", ").join(SQL.identifier(c) for c in columns),
                )
            )
        self.env[model].invalidate_model(columns)

    @api.model
    def _refresh_records(self, company, today=None):
        """Per-customer, per-vendor and per-category figures of `company`, as of `today`."""
        today = today or self.env["reseller.kpi.value"]._today(company)
        tz = self._tz(company)
        year_first, year_last = rolling_year(today)
        year_start, year_stop = utc_bounds(year_first, year_last, tz)
        # customers: first/last order, count, revenue and margin over the last 365 days, lifecycle
        customers = self._fetch(
            SQL(
                """WITH orders AS (
                       SELECT so.id, p.commercial_partner_id AS customer, so.date_order, %(day)s AS day
                         FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                        WHERE so.state = 'sale' AND so.company_id = %(company)s AND so.date_order < %(year_stop)s
                   ), recent AS (
                       SELECT o.customer, SUM(%(revenue)s) AS revenue, SUM(%(margin)s) AS margin
                         FROM orders o
                         JOIN sale_order so ON so.id = o.id
                         JOIN sale_order_line l ON l.order_id = o.id
                        WHERE o.date_order >= %(year_start)s AND o.date_order < %(year_stop)s AND %(confirmed)s
                        GROUP BY o.customer
                   ), leads AS (
                       SELECT DISTINCT p.commercial_partner_id AS customer
                         FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
                        WHERE l.company_id = %(company)s
                   ), per_customer AS (
                       SELECT customer, MIN(day) AS first_day, MAX(day) AS last_day, COUNT(*) AS orders
                         FROM orders GROUP BY customer
                   )
                   SELECT COALESCE(c.customer, leads.customer) AS customer, c.first_day, c.last_day,
                          COALESCE(c.orders, 0) AS orders, COALESCE(r.revenue, 0) AS revenue,
                          COALESCE(r.margin, 0) AS margin, leads.customer IS NOT NULL AS has_lead
                     FROM per_customer c
                     FULL JOIN leads ON leads.customer = c.customer
                     LEFT JOIN recent r ON r.customer = c.customer""",
                day=local_day(SQL("so.date_order"), tz),
                company=company.id,
                revenue=LINE_REVENUE,
                margin=LINE_MARGIN,
                confirmed=CONFIRMED_LINE,
                year_start=year_start,
                year_stop=year_stop,
            )
        )
        window, new_age = company.reseller_kpi_inactivity_days, company.reseller_kpi_new_customer_days
        self._set_company_dependent(
            "res.partner",
            company,
            [
                "reseller_kpi_first_order_date",
                "reseller_kpi_last_order_date",
                "reseller_kpi_order_count",
                "reseller_kpi_revenue_365",
                "reseller_kpi_margin_365",
                "reseller_kpi_lifecycle_state",
            ],
            [
                (
                    row["customer"],
                    row["first_day"],
                    row["last_day"],
                    row["orders"],
                    row["revenue"],
                    row["margin"],
                    formulas.lifecycle_state(
                        today, row["first_day"], row["last_day"], row["has_lead"], window, new_age
                    ),
                )
                for row in customers
            ],
        )
        # vendors: on-time and in-full rates over the last 365 days, and grade
        vendors = self._suppliers(company, year_first, year_last)
        vendor_rows = []
        for (model, vendor_id), agg in vendors.items():
            if model != "res.partner":
                continue
            values = formulas.supplier_values(agg)
            otd = values["supplier.otd_rate"].value
            vendor_rows.append((vendor_id, otd, values["supplier.otif_rate"].value, formulas.grade(otd)))
        self._set_company_dependent(
            "res.partner",
            company,
            ["reseller_kpi_otd_rate", "reseller_kpi_otif_rate", "reseller_kpi_supplier_grade"],
            vendor_rows,
        )
        # categories: revenue, margin and margin rate over the last 365 days, rolled up
        category_rows = []
        for (_model, category_id), agg in self._sales_by_category(company, year_first, year_last).items():
            values = formulas.sales_values(agg)
            category_rows.append((category_id, agg["revenue"], agg["margin"], values["margin.rate"].value))
        self._set_company_dependent(
            "product.category",
            company,
            ["reseller_kpi_revenue_12m", "reseller_kpi_margin_12m", "reseller_kpi_margin_rate_12m"],
            category_rows,
        )

    # ------------------------------------------------------------------ drill-down
    @api.model
    def _records_action_name(self, kpi_value):
        labels = dict(kpi_value._fields["kpi_code"]._description_selection(self.env))
        return self.env._("%(kpi)s: records", kpi=labels[kpi_value.kpi_code])

    @api.model
    def _records_action(self, kpi_value):
        """An action listing the records a stored value was computed from."""
        company = kpi_value.company_id
        tz = self._tz(company)
        start, stop = utc_bounds(kpi_value.date_start, kpi_value.date_end, tz)
        code, model, res_id = kpi_value.kpi_code, kpi_value.res_model, kpi_value.res_id
        family = code.split(".")[0]
        context = {}
        if family in ("sales", "margin"):
            res_model = "sale.order.line"
            domain = [
                ("order_id.state", "=", "sale"),
                ("company_id", "=", company.id),
                ("order_id.date_order", ">=", start),
                ("order_id.date_order", "<", stop),
                ("display_type", "=", False),
                ("is_downpayment", "=", False),
            ]
            dimension = {
                "crm.team": "order_id.team_id",
                "utm.source": "order_id.source_id",
                "product.category": "product_id.categ_id",
            }
        elif family == "customers":
            res_model = "sale.order"
            domain = [
                ("state", "=", "sale"),
                ("company_id", "=", company.id),
                ("date_order", ">=", start),
                ("date_order", "<", stop),
            ]
            dimension = {"crm.team": "team_id"}
        elif family == "crm":
            res_model = "crm.lead"
            context = {"active_test": False}
            domain = [
                ("company_id", "=", company.id),
                "|",
                "&",
                ("create_date", ">=", start),
                ("create_date", "<", stop),
                "&",
                ("date_closed", ">=", start),
                ("date_closed", "<", stop),
            ]
            dimension = {"crm.team": "team_id", "res.users": "user_id", "utm.source": "source_id"}
        elif code == "supplier.purchase_amount":
            res_model = "purchase.order.line"
            domain = [
                ("order_id.state", "in", ("purchase", "done")),
                ("company_id", "=", company.id),
                ("order_id.date_approve", ">=", start),
                ("order_id.date_approve", "<", stop),
            ]
            dimension = {"res.partner": "order_id.partner_id.commercial_partner_id"}
        elif family in ("supplier", "delivery"):
            res_model = "stock.move"
            domain = [
                ("state", "=", "done"),
                ("company_id", "=", company.id),
                ("date", ">=", start),
                ("date", "<", stop),
                ("product_id.type", "=", "consu"),
            ]
            if family == "supplier":
                domain += [("purchase_line_id", "!=", False)]
                dimension = {"res.partner": "purchase_line_id.order_id.partner_id.commercial_partner_id"}
            else:
                domain += [("sale_line_id", "!=", False), ("picking_type_id.code", "=", "outgoing")]
                dimension = {"crm.team": "sale_line_id.order_id.team_id"}
        else:
            res_model = "account.move.line"
            tags = (
                company.reseller_kpi_fixed_cost_tag_ids
                | company.reseller_kpi_variable_cost_tag_ids
                | company.reseller_kpi_marketing_tag_ids
            )
            domain = [
                ("parent_state", "=", "posted"),
                ("company_id", "=", company.id),
                ("date", ">=", kpi_value.date_start),
                ("date", "<=", kpi_value.date_end),
                ("account_id.tag_ids", "in", tags.ids),
            ]
            dimension = {}
        if model and model in dimension:
            operator = "child_of" if model == "product.category" else "="
            domain.append((dimension[model], operator, res_id))
        return {
            "type": "ir.actions.act_window",
            "name": self._records_action_name(kpi_value),
            "res_model": res_model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "context": context,
        }
