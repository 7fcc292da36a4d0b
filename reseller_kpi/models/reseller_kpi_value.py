import logging
import time
import zlib
from datetime import datetime

import babel.dates
import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, babel_locale_parse, config, format_date, get_lang

from ..engine.codes import selection
from ..engine.periods import PERIOD_TYPES, Period, local_date, period_of, periods_between
from .reseller_kpi_coded import KPI_CODE_SELECTION, KPI_FAMILY_SELECTION  # noqa: F401 (imported from here)
from .reseller_kpi_collector import company_tz

_logger = logging.getLogger(__name__)

PERIOD_TYPE_SELECTION = [("week", "Week"), ("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]


def family_selection_fields(family):
    """The `kpi_code` and `kpi_family` fields of ``reseller.kpi.coded`` (values, targets, alerts and their
    firings) extended with `family`, for the add-on that declares it:
    ``kpi_code, kpi_family = family_selection_fields(FAMILY)`` in a model inheriting ``reseller.kpi.coded``.
    Its values, targets and alerts go with it when it is uninstalled."""
    return (
        fields.Selection(selection_add=selection(family.kpis), ondelete={kpi.code: "cascade" for kpi in family.kpis}),
        fields.Selection(selection_add=[(family.name, family.label)], ondelete={family.name: "cascade"}),
    )


def period_label(env, period, locale=None):
    """The period as a reader names it: March 2026, Q1 2026, 2026, week 10 of 2026.

    `locale` (a Babel locale of the user's language) spares looking the language up again
    when many periods are named at once.
    """
    start = period.date_start
    if period.period_type == "week":
        year, week, _day = start.isocalendar()
        return env._("week %(week)s of %(year)s", week=week, year=year)
    if period.period_type == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if period.period_type == "year":
        return str(start.year)
    if locale is not None:
        return babel.dates.format_date(start, format="MMMM y", locale=locale)
    return format_date(env, start, date_format="MMMM y")


def user_locale(env):
    return babel_locale_parse(get_lang(env).code)


class ResellerKpiValue(models.Model):
    """One stored KPI value: the public history BI tools read by code (see the readme)."""

    _name = "reseller.kpi.value"
    _inherit = ["reseller.kpi.coded"]
    _description = "Reseller KPI value"
    _order = "date_start desc, kpi_code, res_model, dimension_name"
    _rec_name = "kpi_code"

    kpi_code = fields.Selection(readonly=True)
    period_type = fields.Selection(PERIOD_TYPE_SELECTION, required=True, readonly=True)
    date_start = fields.Date(required=True, readonly=True)
    date_end = fields.Date(required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    res_model = fields.Char(string="Dimension model", readonly=True, index=True)
    res_id = fields.Many2oneReference(string="Dimension record", model_field="res_model", readonly=True)
    dimension_name = fields.Char(string="Dimension", readonly=True, help="Empty for the company-wide value.")
    value = fields.Float(readonly=True, help="Empty when the denominator is 0.")
    has_value = fields.Boolean(readonly=True, help="False when the value is empty (zero denominator).")
    numerator = fields.Float(readonly=True)
    denominator = fields.Float(readonly=True)
    expected_denominator = fields.Float(
        "Denominator of the whole period",
        readonly=True,
        help="For a period in progress whose value judges only what is due so far (supplier on time in full, "
        "fill rate): the denominator the whole period will have; the denominator is what is due so far.",
    )
    computed_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("period_check", "CHECK (date_start <= date_end)", "A period cannot end before it starts."),
    ]

    def init(self):
        # one value per code, period, company and dimension; the company-wide value has no dimension:
        # COALESCE makes its NULLs equal on every PostgreSQL Odoo 18 supports (NULLS NOT DISTINCT is 15+)
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS reseller_kpi_value_key_idx
                       ON reseller_kpi_value (kpi_code, period_type, date_start, date_end, company_id,
                                              COALESCE(res_model, ''), COALESCE(res_id, 0))"""
            )
        )
        # what the dashboards, targets and BI tools filter on
        self.env.cr.execute(
            SQL(
                """CREATE INDEX IF NOT EXISTS reseller_kpi_value_lookup_idx
                       ON reseller_kpi_value (company_id, period_type, date_start, kpi_code)"""
            )
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """A group of several stored values (codes, periods or dimensions) has no meaningful total:
        adding a churn rate to a revenue, or twelve monthly rates, means nothing. The pivot and the
        grouped lists show a group's value only when it holds exactly one stored value, and never
        the 0 of an empty value."""
        if aggregate_spec in ("value:sum", "value:avg"):
            return SQL(
                "CASE WHEN COUNT(*) = 1 AND BOOL_AND(%s) THEN SUM(%s) END",
                self._field_to_sql(self._table, "has_value", query),
                self._field_to_sql(self._table, "value", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------------ compute
    @api.model
    def _compute_period(self, company, period):
        """Every KPI of `company` for `period`: {(code, res_model, res_id): KpiValue}."""
        return self.env["reseller.kpi.collector"]._compute_period(company, period)

    @api.model
    def _compute_periods(self, company, periods):
        """Every KPI of `company` for each of `periods` in one pass: {period: {(code, res_model, res_id): KpiValue}}."""
        return self.env["reseller.kpi.collector"]._compute_periods(company, periods)

    @api.model
    def _dimension_names(self, results):
        names = {}
        ids_by_model = {}
        for _code, model, res_id in results:
            if model:
                ids_by_model.setdefault(model, set()).add(res_id)
        for model, ids in ids_by_model.items():
            for record in self.env[model].sudo().with_context(active_test=False).browse(ids).exists():
                names[(model, record.id)] = record.display_name
        return names

    @api.model
    def _lock_period(self, company, period):
        """Wait for any other transaction replacing the same company and period (a cron and a manager's
        recompute at once): the second replaces the first's values instead of failing on the unique key.
        Released with the transaction."""
        key = zlib.crc32(f"{period.period_type}:{period.date_start}:{period.date_end}".encode()) & 0x7FFFFFFF
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", company.id, key))
        return key

    @api.model
    def _lock_company_figures(self, company):
        """Take the lock of `company`'s customer, vendor and category figures and cohorts for this transaction;
        True when another transaction held it, i.e. refreshed them while this one waited."""
        key = zlib.crc32(b"records") & 0x7FFFFFFF
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", company.id, key))
        if self.env.cr.fetchone()[0]:
            return False
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", company.id, key))
        return True

    @api.model
    def _replace_period(self, company, period, results):
        """Replace the stored values of `company` for `period` by `results` (delete + insert)."""
        now = fields.Datetime.now()
        names = self._dimension_names(results)
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        self._lock_period(company, period)
        self.env.cr.execute(
            SQL(
                """DELETE FROM reseller_kpi_value
                    WHERE company_id = %s AND period_type = %s AND date_start = %s AND date_end = %s""",
                company.id,
                period.period_type,
                period.date_start,
                period.date_end,
            )
        )
        rows = [
            SQL(
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                code,
                registry.family_of(code),
                period.period_type,
                period.date_start,
                period.date_end,
                company.id,
                model,
                res_id,
                names.get((model, res_id)) if model else None,
                kpi_value.value,
                kpi_value.value is not None,
                kpi_value.numerator,
                kpi_value.denominator,
                kpi_value.expected,
                now,
                self.env.uid,
                now,
                self.env.uid,
                now,
            )
            for (code, model, res_id), kpi_value in sorted(results.items(), key=lambda item: str(item[0]))
            if not model or (model, res_id) in names
        ]
        for offset in range(0, len(rows), 1000):
            self.env.cr.execute(
                SQL(
                    """INSERT INTO reseller_kpi_value
                           (kpi_code, kpi_family, period_type, date_start, date_end, company_id, res_model, res_id,
                            dimension_name, value, has_value, numerator, denominator, expected_denominator,
                            computed_at,
                            create_uid, create_date, write_uid, write_date)
                       VALUES %s""",
                    SQL(", ").join(rows[offset : offset + 1000]),
                ),
                # a unique violation is a concurrent refresh of the period, which _refresh handles
                log_exceptions=False,
            )
        self.invalidate_model()
        if period.period_type == "month":
            self.env["reseller.kpi.month.stamp"]._replace(company, period, self._today(company))
        self.env["reseller.kpi.target"]._refresh_status(company, period)
        return len(rows)

    @api.model
    def _refresh(self, companies, periods, refresh_records=True):
        """Recompute `periods` for each company; one failing company or period leaves its
        previous values intact and does not stop the others.

        Returns a list of (company, period, error message) for the failures.
        """
        failures = []
        total = len(companies) * len(set(periods))
        done = 0
        started = time.monotonic()
        for company in companies:
            for chunk in self._period_chunks(periods):
                try:
                    # one pass of each family over the chunk's periods; the queries only read
                    with self.env.cr.savepoint():
                        computed = self._compute_periods(company, chunk)
                except Exception as error:
                    _logger.exception(
                        "Reseller KPIs: %s %s %s failed%s",
                        company.name,
                        *chunk[0][:2],
                        f" with the {len(chunk) - 1} after it computed in the same pass" if len(chunk) > 1 else "",
                    )
                    computed = dict.fromkeys(chunk, error)
                months = []
                for period in chunk:
                    count = None
                    if isinstance(computed[period], Exception):
                        failures.append((company, period, str(computed[period])))
                    else:
                        count = self._write_period(company, period, computed[period], failures)
                    if count is not None and period.period_type == "month":
                        months.append(period)
                    done += 1
                    _logger.info(
                        "Reseller KPIs: %s, %s from %s: %d values (%d/%d, %.1f s)",
                        company.name,
                        period.period_type,
                        period.date_start,
                        count or 0,
                        done,
                        total,
                        time.monotonic() - started,
                    )
                    if not self.env.context.get("reseller_kpi_no_progress"):
                        self.env["ir.cron"]._notify_progress(done=done, remaining=total - done)
                self._write_days(company, months, failures)
            if refresh_records:
                failures += self._refresh_figures(company)
            self._commit_progress()
        return failures

    # periods computed in one pass: the more, the fewer reads of the same facts, and the more values in memory
    CHUNK = 24

    @api.model
    def _period_chunks(self, periods):
        """`periods` by type, oldest first, in runs of at most CHUNK computed in one pass."""
        ordered = sorted(set(periods), key=lambda period: (PERIOD_TYPES.index(period.period_type), period.date_start))
        return [ordered[offset : offset + self.CHUNK] for offset in range(0, len(ordered), self.CHUNK)]

    @api.model
    def _write_period(self, company, period, results, failures):
        """Replace the stored values of one period by `results`; a failure keeps its previous values and
        is added to `failures`. Returns the number of values written, None when nothing was."""
        try:
            with self.env.cr.savepoint():
                return self._replace_period(company, period, results)
        except psycopg2.errors.UniqueViolation:
            # Odoo's transactions are REPEATABLE READ: the values that another refresh of this period
            # committed while this one waited for the lock are invisible to this DELETE and meet this
            # INSERT; computed as recently as these, they are kept (nothing duplicated, nothing failed)
            _logger.info(
                "Reseller KPIs: %s %s %s was recomputed meanwhile by another refresh; its values are kept",
                company.name,
                *period[:2],
            )
            return 0
        except Exception as error:
            _logger.exception("Reseller KPIs: %s %s %s failed", company.name, *period[:2])
            failures.append((company, period, str(error)))
        return None

    @api.model
    def _write_days(self, company, months, failures):
        """Replace the daily rows of the `months` just written (months tile the calendar: the days of any
        period come from its months), consecutive months in one read; a failure keeps the previous rows
        and adds each month to `failures`."""
        if not months:
            return
        try:
            with self.env.cr.savepoint():
                self.env["reseller.kpi.day"]._replace_days_of(company, months)
        except psycopg2.errors.UniqueViolation:
            # written meanwhile by another refresh of these months (see _write_period): kept
            _logger.info("Reseller KPIs: the days of %s from %s were recomputed meanwhile", company.name, months[0][1])
        except Exception as error:
            _logger.exception("Reseller KPIs: the days of %s from %s failed", company.name, months[0].date_start)
            failures.extend((company, month, str(error)) for month in months)

    @api.model
    def _refresh_figures(self, company):
        """The per-customer, vendor and category figures and the cohort cells of `company`, as of today;
        a failure keeps the previous ones and is returned as [(company, None, error)]."""
        try:
            with self.env.cr.savepoint():
                if self._lock_company_figures(company):
                    # refreshed by another transaction while this one waited: writing them again
                    # would fail on rows this REPEATABLE READ transaction cannot see
                    _logger.info("Reseller KPIs: figures of %s were recomputed meanwhile", company.name)
                else:
                    self.env["reseller.kpi.collector"]._refresh_records(company)
                    self.env["reseller.kpi.cohort"]._refresh_company(company)
        except Exception as error:
            _logger.exception("Reseller KPIs: customer/vendor/category figures of %s failed", company.name)
            return [(company, None, str(error))]
        return []

    @api.model
    def _commit_progress(self):
        # a cron commits each company's work so a later failure or timeout keeps it;
        # never inside tests, whose transaction is rolled back
        if not (config["test_enable"] or self.env.context.get("reseller_kpi_no_commit")):
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _today(self, company):
        return local_date(datetime.now().replace(microsecond=0), company_tz(company))

    @api.model
    def _nightly_periods(self, company, today, since, period_types=PERIOD_TYPES):
        """The periods the nightly run recomputes for `company` (see `_cron_refresh`)."""
        periods = set()
        last_run = local_date(since, company_tz(company)) if since else None
        if last_run and last_run <= today:
            # the periods in progress at the last run get their final values once they are over, and the
            # periods that began and ended since (the scheduled action did not run for days) get theirs
            periods |= set(periods_between(last_run, today, period_types))
        else:
            # without a last run: the periods in progress and the previous ones
            for period_type in period_types:
                current = period_of(today, period_type)
                periods |= {current, current.previous()}
        touched = self.env["reseller.kpi.collector"]._earliest_touched_day(company, since) if since else None
        if touched and touched < today:
            _logger.info("Reseller KPIs: %s, records written since %s touch %s", company.name, since, touched)
            periods |= set(periods_between(touched, today, period_types))
        return sorted(periods, key=lambda period: (period.date_start, period.date_end))

    @api.model
    def _cron_refresh(self, period_types=PERIOD_TYPES):
        """Daily, for every company: what time itself changes, i.e. the periods in progress (whose
        values count what is due up to today) and those that were in progress at the last run or began
        since (their final values); and every period from the earliest day that records written since
        the last run touch (an order confirmed, a receipt validated, a bill posted or a lead closed with
        an older date), up to today; then the company's KPI alerts are evaluated on what is stored. A period
        over before the last run and touched by nothing written since keeps its values.

        Later periods are recomputed too: a customer's order counts in the activity window of the
        following months, so a backdated order can change their lifecycle counts as well. The quarters
        and years of the families that add up over days (sales, deliveries, CRM) are the sums of their
        months, those over as stored (see ``reseller.kpi.month.stamp``).
        """
        for company in self.env["res.company"].search([]):
            started = fields.Datetime.now()
            today = self._today(company)
            periods = self._nightly_periods(company, today, company.reseller_kpi_refreshed_at, period_types)
            # the quarters and years of the families that add up over days: from their months (see
            # reseller.kpi.family._aggregate_pass); a recompute asked for reads every period's records
            failures = self.with_context(reseller_kpi_sum_months=True)._refresh(company, periods)
            if not failures:
                # the next run looks at what was written from this run's start on
                company.sudo().reseller_kpi_refreshed_at = started
                self._commit_progress()
            # the alerts judge what is stored now: a period that failed keeps its previous values
            self.env["reseller.kpi.alert"]._evaluate_company(company, today)
            self._commit_progress()

    @api.model
    def _cron_close_month(self):
        """Monthly: the previous month (and its week, quarter and year) recomputed once it is over, then
        its management report mailed to the company's recipients (once per company and month)."""
        for company in self.env["res.company"].search([]):
            previous_month = period_of(self._today(company), "month").previous()
            periods = [previous_month] + [
                period_of(previous_month.date_end, period_type) for period_type in ("week", "quarter", "year")
            ]
            failures = self._refresh(company, periods, refresh_records=False)
            if failures:
                # a report of figures the close could not recompute would mislead: the next run sends it
                _logger.warning("Reseller KPIs: %s not closed, its management report is not sent", company.name)
                continue
            self.env["reseller.kpi.report.sent"]._send_period_reports(company, previous_month)
            self._commit_progress()

    # ------------------------------------------------------------------ drill-down
    def _period(self):
        self.ensure_one()
        return Period(self.period_type, self.date_start, self.date_end)

    def _period_label(self):
        self.ensure_one()
        return period_label(self.env, self._period())

    def _record_sets(self):
        """The distinct record sets a controller can open for this value (the registry's)."""
        self.ensure_one()
        kpi = self.env["reseller.kpi.collector"]._kpi_registry().kpi(self.kpi_code)
        return list({record_set.ref: record_set for record_set in kpi.records}.values())

    @api.readonly
    def action_open_records(self, record_set_ref=None):
        """Exactly the records this value counts; a choice when it has several sets (numerator, denominator).

        Read-only: with a replica (db_replica_host) the list is computed there; the choice is a wizard,
        a write, which Odoo replays on the primary when the replica refuses it.
        """
        self.ensure_one()
        record_sets = self._record_sets()
        ref = record_set_ref or self.env.context.get("reseller_kpi_record_set")
        if ref:
            chosen = next((record_set for record_set in record_sets if record_set.ref == ref), None)
            if chosen is None:
                raise UserError(
                    self.env._("%(kpi)s opens no records called %(ref)s.", kpi=self.kpi_code, ref=repr(ref))
                )
            return self.env["reseller.kpi.collector"]._records_action(self, chosen)
        if len(record_sets) == 1:
            return self.env["reseller.kpi.collector"]._records_action(self, record_sets[0])
        if self.env.cr.readonly:
            # the choice is a wizard, a write: Odoo replays the call on a read/write cursor, without the
            # failed INSERT an error line in the log would show
            raise psycopg2.errors.ReadOnlySqlTransaction("choosing the records of a value creates a wizard")
        wizard = self.env["reseller.kpi.drilldown"].create({"value_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env["reseller.kpi.collector"]._records_action_name(self),
            "res_model": "reseller.kpi.drilldown",
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
