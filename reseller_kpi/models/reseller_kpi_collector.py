"""Data layer of the KPIs: what the families share.

Each KPI family (``reseller_kpi_family_<name>.py``) owns its SQL: one
parameterised query (``odoo.tools.SQL``, never string formatting) per period
returning every dimension at once with GROUPING SETS, its typed aggregates
(``..engine.aggregates``) and its *member query*, which lists the ids of the
records a value counts from the same conditions as the count. This model
holds what they share: the period's scope (local dates and UTC bounds,
computed once), the SQL helpers, the computation of a whole period in the
registry's order, and the drill-down.
"""

import itertools
import logging
from collections import defaultdict
from datetime import timedelta
from typing import NamedTuple

import pytz

from odoo import api, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.translate import get_translation

from ..engine.aggregates import from_row
from ..engine.codes import REGISTRY
from ..engine.periods import periods_between, rolling_year, utc_bounds

_logger = logging.getLogger(__name__)

COMPANY = (None, None)

# names of the temporary tables of `_shared`: unique in the process, so a pass never meets an earlier one's
_SHARED_TABLES = itertools.count(1)


class MemberSet(NamedTuple):
    """Records a family counts: those of `model` whose ids are the `id_column` of the rows of the
    family's facts (its method `facts`, called with the period's scope) where `condition` holds
    (alias ``f``). The count and the drill-down read the same condition, so a number and the
    records it opens cannot disagree; `label` names the list (marked with ``_lt``)."""

    model: str
    facts: str
    id_column: str
    condition: SQL
    label: str


def local_day(column, tz):
    """Local date, in time zone `tz`, of a naive UTC timestamp column."""
    return SQL("(((%s) AT TIME ZONE 'UTC') AT TIME ZONE %s)::date", column, tz)


def product_qty(qty, line_uom, product_uom):
    """Quantity converted to the product's unit of measure, as sale.report does."""
    return SQL("(%s / %s.factor * %s.factor)", qty, SQL.identifier(line_uom), SQL.identifier(product_uom))


# a sale line's revenue and margin in company currency (sale.report's conversion, sale_margin's cost)
LINE_REVENUE = SQL("(l.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1.0))")
LINE_MARGIN = SQL(
    """((l.price_subtotal - COALESCE(l.purchase_price, 0) * l.product_uom_qty)
        / COALESCE(NULLIF(so.currency_rate, 0), 1.0))"""
)
CONFIRMED_LINE = SQL("so.state = 'sale' AND l.display_type IS NULL AND NOT COALESCE(l.is_downpayment, FALSE)")


def company_tz(company):
    """The company's time zone (its partner's), UTC when unset; an unknown zone, which only SQL can have
    written, is read as UTC with a warning instead of stopping every computation of the company."""
    tz = company.partner_id.tz or "UTC"
    if tz not in pytz.all_timezones_set:
        _logger.warning("Reseller KPIs: %s has an unknown time zone %r: its dates are read in UTC", company.name, tz)
        return "UTC"
    return tz


class PassCache:
    """What the families of one pass of `_compute_periods` share (see `_shared`): {name: SQL of the
    relation} and the temporary tables to drop at the pass's end."""

    def __init__(self):
        self.relations = {}
        self.temporary = []


class KpiScope:
    """A company and a period, with the local dates and UTC bounds every family reads; `shared` is the
    PassCache of the pass of `_compute_periods` the scope belongs to (None outside one)."""

    def __init__(self, company, period, today=None, shared=None):
        self.company = company
        self.shared = shared
        self.period = period
        self.tz = company_tz(company)
        self.first, self.last = period.date_start, period.date_end
        # the local day of the computation: a period in progress counts what is due up to it
        self.today = today or self.last
        self.in_progress = self.first <= self.today <= self.last
        self.through = min(self.last, self.today)
        self.start, self.stop = utc_bounds(self.first, self.last, self.tz)
        self.year_first, self.year_last = rolling_year(self.last)
        self.year_start, self.year_stop = utc_bounds(self.year_first, self.year_last, self.tz)

    def bounds(self, first, last):
        return utc_bounds(first, last, self.tz)


class ResellerKpiCollector(models.AbstractModel):
    _name = "reseller.kpi.collector"
    _description = "Reseller KPIs: set-wise data gathering"

    # ------------------------------------------------------------------ registry
    @api.model
    @tools.ormcache()
    def _kpi_registry(self):
        """The KPIs of the installed add-ons: an add-on adds its families with
        ``return super()._kpi_registry().extended(FAMILY)``."""
        return REGISTRY

    @api.model
    def _readable_families(self):
        """The families the current user may read (a family without groups: every KPI user)."""
        return self._kpi_registry().readable(self.env.user.has_group)

    @api.model
    def _member_set(self, record_set):
        return self._family(record_set.family)._kpi_member_sets[record_set.member_set]

    @api.model
    def _family(self, family):
        return self.env[f"reseller.kpi.family.{family}"]

    @api.model
    def _scope(self, company, period, shared=None):
        return KpiScope(company, period, self.env["reseller.kpi.value"]._today(company), shared)

    # ------------------------------------------------------------------ SQL helpers
    @api.model
    def _tz(self, company):
        return company_tz(company)

    # ------------------------------------------------------------------ sales channels
    @api.model
    def _customer_orders(self, company, stop=None):
        """The confirmed orders of `company` that have a customer, of every sales channel, dated
        before `stop` (naive UTC; None: all): one row (channel, order_id, customer, team_id, user_id,
        date_order), the customer being the order's commercial partner. Every customer figure reads
        its orders here; a channel add-on (the point of sale) adds its own with ``UNION ALL``, and its
        lines to ``reseller.kpi.family.sales`` (``_facts`` and ``_lean_lines``)."""
        return SQL(
            """SELECT 'sale'::varchar AS channel, so.id AS order_id, p.commercial_partner_id AS customer,
                      so.team_id, so.user_id, so.date_order
                 FROM sale_order so
                 JOIN res_partner p ON p.id = so.partner_id
                WHERE so.state = 'sale' AND so.company_id = %s%s""",
            company.id,
            SQL(" AND so.date_order < %s", stop) if stop else SQL(),
        )

    @api.model
    def _fetch(self, query):
        self.env.cr.execute(query)
        columns = [desc.name for desc in self.env.cr.description]
        return [dict(zip(columns, row, strict=True)) for row in self.env.cr.fetchall()]

    @api.model
    def _by_dimension(self, rows, dimensions, aggregate_type):
        """{(res_model, res_id): aggregate} from GROUPING SETS rows.

        Each row carries one ``g_<column>`` flag per dimension column (1 when the
        column is rolled up); the row where every flag is 1 is the company's.
        A dimension value that is NULL (an order without team) is not stored.
        """
        result = {COMPANY: aggregate_type()}  # the company value exists even without any record
        for row in rows:
            key = self._row_key(row, dimensions)
            if key is not None:
                result[key] = from_row(aggregate_type, row)
        return result

    @staticmethod
    def _row_key(row, dimensions):
        for column, model in dimensions.items():
            if not row[f"g_{column}"]:
                return (model, row[column]) if row[column] else None
        return COMPANY

    @api.model
    def _by_period(self, rows, scopes, dimensions, aggregate_type):
        """{period: {(res_model, res_id): aggregate}} from GROUPING SETS rows that carry the
        ``period_index`` of their scope (see `_by_dimension`)."""
        rows_of = defaultdict(list)
        for row in rows:
            rows_of[row["period_index"]].append(row)
        return {
            scope.period: self._by_dimension(rows_of[index], dimensions, aggregate_type)
            for index, scope in enumerate(scopes)
        }

    @staticmethod
    def _grouping(dimensions, by_period=False):
        """GROUPING SETS ((), (a), (b)) and GROUPING(x) flags for `dimensions`; with `by_period`,
        each set also groups by ``period_index`` (((period_index), (period_index, a), ...))."""
        if by_period:
            sets = SQL(", ").join(
                [SQL("(period_index)")] + [SQL("(period_index, %s)", SQL.identifier(col)) for col in dimensions]
            )
            flags = SQL(", ").join(
                SQL("GROUPING(%s) AS %s", SQL.identifier(col), SQL.identifier(f"g_{col}")) for col in dimensions
            )
            return sets, flags
        sets = SQL(", ").join([SQL("()")] + [SQL("(%s)", SQL.identifier(col)) for col in dimensions])
        flags = SQL(", ").join(
            SQL("GROUPING(%s) AS %s", SQL.identifier(col), SQL.identifier(f"g_{col}")) for col in dimensions
        )
        return sets, flags

    @staticmethod
    def _dimension_condition(dimensions, key, alias="f"):
        """The condition on a family's facts that keeps the records of one dimension value."""
        model, res_id = key
        if model is None:
            return SQL("TRUE")
        column = {dimension_model: col for col, dimension_model in dimensions.items()}[model]
        return SQL("%s = %s", SQL.identifier(alias, column), res_id)

    # ------------------------------------------------------------------ a whole period
    @api.model
    def _compute_period(self, company, period):
        """Every KPI of `company` for `period`: {(code, res_model, res_id): KpiValue}."""
        return self._compute_periods(company, [period])[period]

    @api.model
    def _compute_periods(self, company, periods):
        """Every KPI of `company` for each of `periods`: {period: {(code, res_model, res_id): KpiValue}}.

        The families run in the registry's order, each over every period at once (a family that reads
        its facts once for the whole range groups them by period); each may read the aggregates of
        those before it (customers read sales, finance reads both).
        """
        self.env.flush_all()  # the queries read the tables: pending ORM writes first
        shared = PassCache()  # what several families of this pass read (see `_shared`)
        scopes = [self._scope(company, period, shared) for period in periods]
        aggregates, results = {}, {period: {} for period in periods}
        for family in self._kpi_registry().families:
            model = self._family(family).with_company(company)
            aggregates[family] = model._aggregate_pass(scopes, aggregates)
            for period in periods:
                before = {name: by_period[period] for name, by_period in aggregates.items()}
                for key, agg in aggregates[family][period].items():
                    for code, kpi_value in model._kpi_values(key, agg, before).items():
                        results[period][(code, *key)] = kpi_value
        # on a failure the caller's savepoint drops them with the rest of the pass
        for table in shared.temporary:
            self.env.cr.execute(SQL("DROP TABLE %s", SQL.identifier(table)))
        return results

    @api.model
    def _shared(self, scopes, name, build, stored=None):
        """The query that `build()` returns, as a relation several families of one pass read: in a pass
        of `_compute_periods` it runs once, into a temporary table (analysed, so the planner knows its
        size) that the later readers of `name` in the pass read instead; outside a pass (a drill-down,
        maybe on a read-only replica) it is the query itself. `name` must say everything the query
        depends on besides the pass's company and periods.

        `stored()`, when given, is tried first in a pass: it brings a stored copy of the relation up to
        date and returns the SQL reading it, or None when it cannot (the temporary table then)."""
        shared = scopes[0].shared
        if shared is None or self.env.cr.readonly:
            return build()
        if name not in shared.relations:
            relation = stored() if stored else None
            if relation is None:
                table = f"reseller_kpi_pass_{next(_SHARED_TABLES)}"
                self.env.cr.execute(
                    SQL("CREATE TEMPORARY TABLE %s ON COMMIT DROP AS %s", SQL.identifier(table), build())
                )
                self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
                shared.temporary.append(table)
                relation = SQL("SELECT * FROM %s", SQL.identifier(table))
            shared.relations[name] = relation
        return shared.relations[name]

    # ------------------------------------------------------------------ drill-down
    @api.model
    def _member_ids(self, kpi_value, record_set):
        """(model, ids) of the records of `record_set` behind a stored value."""
        scope = self._scope(kpi_value.company_id, kpi_value._period())
        family = self._family(record_set.family)
        key = (kpi_value.res_model, kpi_value.res_id) if kpi_value.res_model else COMPANY
        res_model, query = family._member_query(scope, record_set.member_set, key)
        self.env.flush_all()
        self.env.cr.execute(query)
        return res_model, sorted({row[0] for row in self.env.cr.fetchall()})

    @api.model
    def _record_set_label(self, record_set):
        """The set's label in the user's language, from the translations of the add-on of its family."""
        return self._family_text(record_set.family, self._member_set(record_set).label)

    @api.model
    def _kpi_text(self, kpi, text):
        """A text of the registry (a KPI's definition) in the user's language."""
        return self._family_text(kpi.family, text)

    @api.model
    def _family_text(self, family, text):
        """A text of a family's registry (its label, a KPI's definition, a member set's label) in the
        user's language, from the translations of the add-on that declares the family or of an add-on
        that extends it (a sales channel's member sets)."""
        lang = self.env.lang or "en_US"
        if lang == "en_US":
            return text
        for module in self._family_modules(family):
            translated = get_translation(module, lang, text, ())
            if translated != text:
                return translated
        return text

    @api.model
    def _family_modules(self, family):
        """The add-ons of a family's model: the one that declares it first, then those that extend it."""
        model = self._family(family)
        modules = [model._original_module]
        modules += [cls._module for cls in reversed(type(model).__mro__) if getattr(cls, "_module", None)]
        return list(dict.fromkeys(module for module in modules if module))

    @api.model
    def _records_action_name(self, kpi_value, record_set=None):
        """What a list shows, for which KPI, period and dimension: "Churned customers · Churn rate · March 2026"."""
        kpi_name = dict(kpi_value._fields["kpi_code"]._description_selection(self.env))[kpi_value.kpi_code]
        kpi_name = kpi_name.split(" · ")[-1]
        listed = self._record_set_label(record_set) if record_set else None
        parts = [listed, kpi_name if kpi_name != listed else None, kpi_value._period_label(), kpi_value.dimension_name]
        return " · ".join(part for part in parts if part)

    @api.model
    def _records_action(self, kpi_value, record_set):
        """An action listing exactly the records of `record_set` behind a stored value."""
        res_model, ids = self._member_ids(kpi_value, record_set)
        if not self.env[res_model].has_access("read"):
            records = self._record_set_label(record_set).lower()
            groups = self._reading_groups(res_model)
            if groups:
                raise UserError(
                    self.env._(
                        "You can read this figure but not the %(records)s it counts: ask an administrator for "
                        "the access rights to them (%(groups)s).",
                        records=records,
                        groups=self.env._(" or ").join(groups),
                    )
                )
            raise UserError(
                self.env._(
                    "You can read this figure but not the %(records)s it counts: ask an administrator for the "
                    "access rights to them.",
                    records=records,
                )
            )
        return self._list_action(
            res_model,
            ids,
            self._records_action_name(kpi_value, record_set),
            self._family(record_set.family)._kpi_records_action,
        )

    @api.model
    def _reading_groups(self, res_model, most=3):
        """The names of the internal user groups that give read access to `res_model` (the least ones:
        a group implying another of them is left out), or none when there are more than `most`."""
        accesses = (
            self.env["ir.model.access"]
            .sudo()
            .search([("model_id.model", "=", res_model), ("perm_read", "=", True), ("group_id", "!=", False)])
        )
        groups = accesses.group_id.filtered(lambda group: not group.share)
        least = groups.filtered(lambda group: not (group.trans_implied_ids & groups))
        return sorted(least.mapped("full_name")) if len(least) <= most else []

    @api.model
    def _list_action(self, res_model, ids, name, xmlid=None):
        """A list of exactly `ids`, titled `name`, in the view of action `xmlid` when given."""
        # archived records are counted too (leads, customers, users...): the list shows them; a drill-down
        # creates nothing
        context = {"create": False}
        if "active" in self.env[res_model]._fields:
            context["active_test"] = False
        action = (
            self.env["ir.actions.act_window"]._for_xml_id(xmlid)
            if xmlid
            else {
                "type": "ir.actions.act_window",
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
            }
        )
        action.update(
            # the breadcrumb shows display_name, which an action read from its xml id carries too
            name=name,
            display_name=name,
            res_model=res_model,
            domain=[("id", "in", ids)],
            context=context,
        )
        return action

    # ------------------------------------------------------------------ figures on records
    @api.model
    def _set_company_dependent(self, model, company, columns, rows, ids=None):
        """Write company-dependent columns of `model` for `company` set-wise.

        `rows` are (id, value, value...) in the order of `columns`; every other
        record (every other of `ids` when given) loses its value for this
        company (it has no data any more). Only the records whose values change
        are written: a nightly refresh rewrites few of 40,000 customers, not all.
        """
        table = SQL.identifier(self.env[model]._table)
        key = str(company.id)
        new_ids = [row[0] for row in rows]
        clear = SQL(", ").join(SQL("%s = %s - %s", SQL.identifier(c), SQL.identifier(c), key) for c in columns)
        having = SQL(" OR ").join(SQL("%s ? %s", SQL.identifier(c), key) for c in columns)
        if ids is not None:
            having = SQL("id = ANY(%s) AND (%s)", list(ids), having)
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s WHERE (%s) AND id NOT IN (SELECT unnest(%s::int4[]))",
                table,
                clear,
                having,
                new_ids,
            )
        )
        if rows:
            arrays = list(zip(*rows, strict=True))
            sets = SQL(", ").join(
                SQL(
                    """%s = CASE WHEN v.%s IS NULL THEN t.%s - %s
                                 ELSE COALESCE(t.%s, '{}'::jsonb) || jsonb_build_object(%s, v.%s) END""",
                    SQL.identifier(c),
                    SQL.identifier(c),
                    SQL.identifier(c),
                    key,
                    SQL.identifier(c),
                    key,
                    SQL.identifier(c),
                )
                for c in columns
            )
            changed = SQL(" OR ").join(
                SQL("(t.%s -> %s) IS DISTINCT FROM to_jsonb(v.%s)", SQL.identifier(c), key, SQL.identifier(c))
                for c in columns
            )
            types = [self.env[model]._fields[c].type for c in columns]
            casts = {"date": "date[]", "float": "float8[]", "integer": "int4[]", "selection": "varchar[]"}
            unnest = SQL(", ").join(
                SQL("%s::%s", list(values), SQL(casts[t])) for values, t in zip(arrays[1:], types, strict=True)
            )
            self.env.cr.execute(
                SQL(
                    "UPDATE %s t SET %s FROM unnest(%s::int4[], %s) AS v(id, %s) WHERE t.id = v.id AND (%s)",
                    table,
                    sets,
                    list(arrays[0]),
                    unnest,
                    SQL(", ").join(SQL.identifier(c) for c in columns),
                    changed,
                )
            )
        self.env[model].invalidate_model(columns)


class ResellerKpiFamily(models.AbstractModel):
    """What every KPI family model provides (``reseller.kpi.family.<family>``)."""

    _name = "reseller.kpi.family"
    _description = "Reseller KPIs: a KPI family"

    # {facts column: dimension model} of the family's facts, for GROUPING SETS and member queries
    _kpi_dimensions = {}
    # the window action (xml id) that lists the family's records, when Odoo's default views are not enough
    _kpi_records_action = None
    # {name: MemberSet}: the records its values count, for the counts and the drill-down alike
    _kpi_member_sets = {}
    # True when the family adds up over days: each field of a period's aggregate, for each key, is the
    # sum of that field over the days of the period, each day counting what happened on it whatever the
    # period (a sum or a count of records dated in it; no distinct count over the period, nothing of
    # the period's end). Its quarters and years are then the sums of their months, which the nightly
    # run reads from the stored months (see `_aggregate_pass`); such a family reads no aggregate of
    # the families before it, and says how its aggregate is read back from its values
    # (`_kpi_from_values`)
    _kpi_additive = False
    # raised when the family's computation changes: the stored months of another version are not summed
    _kpi_version = 1

    @property
    def _collector(self):
        return self.env["reseller.kpi.collector"]

    @api.model
    def _aggregate(self, scope, aggregates):
        """{key: aggregate} of the period; `aggregates` holds those of the families computed before."""
        raise NotImplementedError

    @api.model
    def _aggregate_periods(self, scopes, aggregates):
        """{period: {key: aggregate}} of every scope (one company); `aggregates` holds those of the
        families computed before, {family: {period: {key: aggregate}}}.

        By default one `_aggregate` per period; a family that reads its facts once for the whole
        range and groups them by period overrides this, and answers `_aggregate` through it
        (``_one_period``), so that one period and many are the same computation.
        """
        return {
            scope.period: self._aggregate(
                scope, {name: by_period[scope.period] for name, by_period in aggregates.items()}
            )
            for scope in scopes
        }

    @api.model
    def _aggregate_pass(self, scopes, aggregates):
        """`_aggregate_periods` of a pass of `_compute_periods`. In the nightly run (context
        ``reseller_kpi_sum_months``), a family that adds up over days sums each quarter and year from
        its months: those of the pass as computed in it, the months over before today as stored when
        their stamps allow it (``reseller.kpi.month.stamp``), the month in progress and those after it
        from their records. A quarter or year one of whose months cannot be summed is read from its
        records, as outside the nightly run."""
        if not (self._kpi_additive and self.env.context.get("reseller_kpi_sum_months")):
            return self._aggregate_periods(scopes, aggregates)
        first = scopes[0]
        today = first.today
        in_pass = {scope.period for scope in scopes}
        months_of = {
            scope.period: periods_between(scope.first, scope.last)
            for scope in scopes
            if scope.period.period_type in ("quarter", "year")
        }
        over = {month for months in months_of.values() for month in months if month.date_end < today} - in_pass
        stored = self._stored_months(first.company, over)
        summed = {
            period: months
            for period, months in months_of.items()
            if all(month in stored or month in in_pass or month.date_end >= today for month in months)
        }
        # the month in progress and those after it, when the pass does not compute them: from their records
        extra = sorted(
            {month for months in summed.values() for month in months if month not in stored and month not in in_pass}
        )
        to_read = [scope for scope in scopes if scope.period not in summed]
        to_read += [self._collector._scope(first.company, month, first.shared) for month in extra]
        # a family that adds up over days reads no aggregate of those before it (the extra months have none)
        computed = self._aggregate_periods(to_read, {}) if to_read else {}
        result = {}
        for scope in scopes:
            months = summed.get(scope.period)
            result[scope.period] = (
                added([computed[m] if m in computed else stored[m] for m in months])
                if months
                else computed[scope.period]
            )
        if summed:
            _logger.debug(
                "Reseller KPIs: %s of %s summed from their months (%d stored)",
                self._name,
                ", ".join(str(period.date_start) for period in summed),
                len({m for months in summed.values() for m in months if m in stored and m not in computed}),
            )
        return result

    @api.model
    def _stored_months(self, company, months):
        """{month: {key: aggregate}} of those of `months` whose stored values may be summed (see
        ``reseller.kpi.month.stamp``), read back from the values (`_kpi_from_values`)."""
        if not months:
            return {}
        family = self._kpi_family_name()
        summable = self.env["reseller.kpi.month.stamp"]._summable(company, family, months)
        if not summable:
            return {}
        self.env.cr.execute(
            SQL(
                """SELECT date_start, res_model, res_id, kpi_code, value, numerator, denominator
                     FROM reseller_kpi_value
                    WHERE company_id = %s AND kpi_family = %s AND period_type = 'month' AND date_start = ANY(%s)""",
                company.id,
                family,
                sorted(summable),
            )
        )
        values = defaultdict(lambda: defaultdict(dict))
        for day, res_model, res_id, code, value, numerator, denominator in self.env.cr.fetchall():
            key = (res_model, res_id) if res_model else COMPANY
            values[day][key][code] = (value, numerator, denominator)
        return {
            month: {key: self._kpi_from_values(codes) for key, codes in values[month.date_start].items()}
            for month in months
            # a stamped month always has its company's values; without them it is not summed
            if month.date_start in summable and COMPANY in values[month.date_start]
        }

    @api.model
    def _kpi_family_name(self):
        return self._name.removeprefix("reseller.kpi.family.")

    @api.model
    def _kpi_basis(self, company):
        """What the family's stored months were computed with besides the records (see
        ``reseller.kpi.month.stamp``): its version, the add-ons of its model, the company's time zone
        and currency."""
        # the add-ons that define or extend the family's model (a sales channel adds its orders), not
        # those that extend every model
        modules = sorted(
            {cls._module for cls in type(self).__mro__ if cls.__dict__.get("_name") == self._name and cls._module}
        )
        name = self._kpi_family_name()
        return f"{name}/{self._kpi_version}/{','.join(modules)}/{company_tz(company)}/{company.currency_id.name}"

    @api.model
    def _kpi_from_values(self, values):
        """The aggregate of one key of a stored month from its values, {code: (value, numerator,
        denominator)}, for a family that adds up over days."""
        raise NotImplementedError

    @api.model
    def _one_period(self, scope, aggregates):
        """`_aggregate` of a family that overrides `_aggregate_periods`."""
        before = {name: {scope.period: by_key} for name, by_key in (aggregates or {}).items()}
        return self._aggregate_periods([scope], before)[scope.period]

    @api.model
    def _merged_by_period(self, aggregate_type, scopes, *queries, also=None):
        """{period: {key: aggregate}} from `queries` whose rows carry the ``period_index`` of their scope
        and the family's dimension columns: each query fills its own columns of each key (see `merged`),
        a dimension value that is NULL is not stored; `also` ({period: {key: {column: value}}}) adds
        columns computed otherwise."""
        parts = [defaultdict(dict) for _scope in scopes]
        for query in queries:
            for row in self._collector._fetch(query):
                key = self._collector._row_key(row, self._kpi_dimensions)
                if key is not None:
                    parts[row["period_index"]][key].update(row)
        return {
            scope.period: merged(aggregate_type, parts[index], (also or {}).get(scope.period, {}))
            for index, scope in enumerate(scopes)
        }

    @api.model
    def _periods_table(self, scopes):
        """SQL of the periods of `scopes` as a relation ``(period_index, start, stop, first_day, last_day,
        through, year_first, year_last)``: UTC bounds and local days of each, the index of its scope."""
        # a VALUES list: the planner knows how many periods there are (it guesses 10 rows of an unnest)
        rows = SQL(", ").join(
            SQL(
                "(%s, %s::timestamp, %s::timestamp, %s::date, %s::date, %s::date, %s::date, %s::date)",
                index,
                scope.start,
                scope.stop,
                scope.first,
                scope.last,
                scope.through,
                scope.year_first,
                scope.year_last,
            )
            for index, scope in enumerate(scopes)
        )
        return SQL(
            """SELECT * FROM (VALUES %s)
                   AS p(period_index, start, stop, first_day, last_day, through, year_first, year_last)""",
            rows,
        )

    @api.model
    def _in_periods(self, facts, scopes, column):
        """The rows of the `facts` subquery whose naive UTC datetime `column` falls in each period of
        `scopes`, with that period's ``period_index`` (a row of several periods, a month and its year,
        comes once per period). The row's local day is looked up in a calendar of the periods' days
        (a hash join), not compared with every period's bounds."""
        return SQL(
            """SELECT f.*, c.period_index FROM (%s) f
                 JOIN (%s) c ON c.day = %s""",
            facts,
            self._calendar(scopes),
            local_day(SQL.identifier("f", column), scopes[0].tz),
        )

    @api.model
    def _calendar(self, scopes):
        """SQL of (day, period_index, through): every local day of each period of `scopes`, with the
        period's last day counted (its `through`). A VALUES list, whose size the planner knows: joined
        to the periods' table instead, it would guess a few rows where there are hundreds, and choose
        a nested loop over facts that are many."""
        rows = [
            SQL("(%s::date, %s, %s::date)", scope.first + timedelta(days=offset), index, scope.through)
            for index, scope in enumerate(scopes)
            for offset in range((scope.last - scope.first).days + 1)
        ]
        return SQL("SELECT * FROM (VALUES %s) AS c(day, period_index, through)", SQL(", ").join(rows))

    @staticmethod
    def _span(scopes):
        """The UTC bounds [start, stop[ covering every scope."""
        return min(scope.start for scope in scopes), max(scope.stop for scope in scopes)

    @api.model
    def _kpi_values(self, key, agg, aggregates):
        """{code: KpiValue} of one key from its aggregate (the engine's formulas)."""
        raise NotImplementedError

    @api.model
    def _member_query(self, scope, member_set, key):
        """(model, SQL selecting the ids of the records of `member_set` for one key)."""
        members = self._kpi_member_sets[member_set]
        facts = getattr(self, members.facts)(scope)
        return members.model, self._members(facts, members.id_column, members.condition, key)

    @api.model
    def _counts(self, names):
        """``COUNT(*) FILTER (WHERE <its condition>) AS <name>`` for each member set of `names`."""
        return SQL(", ").join(
            SQL("COUNT(*) FILTER (WHERE %s) AS %s", self._kpi_member_sets[name].condition, SQL.identifier(name))
            for name in names
        )

    @api.model
    def _grouped(self, facts, metrics, scope_dimensions=None, by_period=False):
        """SELECT of `metrics` over the `facts` subquery by GROUPING SETS of the family's dimensions
        (and by ``period_index`` too with `by_period`, for facts read through `_in_periods`)."""
        dimensions = scope_dimensions or self._kpi_dimensions
        sets, flags = self._collector._grouping(dimensions, by_period)
        columns = SQL(", ").join(
            SQL.identifier("f", col) for col in [*(["period_index"] if by_period else []), *dimensions]
        )
        return SQL("SELECT %s, %s, %s FROM (%s) f GROUP BY GROUPING SETS (%s)", columns, flags, metrics, facts, sets)

    @api.model
    def _members(self, facts, id_column, condition, key):
        """SELECT DISTINCT of `id_column` over the `facts` subquery, for one key and condition."""
        return SQL(
            "SELECT DISTINCT %s FROM (%s) f WHERE %s AND %s",
            SQL.identifier("f", id_column),
            facts,
            condition,
            self._collector._dimension_condition(self._kpi_dimensions, key),
        )


def stored_number(values, code, part="value"):
    """One number of a stored value in `values` ({code: (value, numerator, denominator)}, see
    `_kpi_from_values`), 0 when the value or that number is not stored."""
    number = values.get(code, (None, None, None))[("value", "numerator", "denominator").index(part)]
    return number or 0


def added(parts):
    """{key: aggregate}: the sums, field by field, of the aggregates of each key in `parts` (a list of
    {key: aggregate} of one family), a key missing from a part counting as its type's defaults."""
    aggregate_type = type(parts[0][COMPANY])
    keys = dict.fromkeys(key for part in parts for key in part)
    empty = aggregate_type()
    return {
        key: aggregate_type(*(sum(values) for values in zip(*(part.get(key, empty) for part in parts), strict=True)))
        for key in keys
    }


# a defaultdict of aggregates by key, for families that merge several queries
def merged(aggregate_type, *parts):
    """{key: aggregate} where each part {key: {column: value}} fills its own columns."""
    columns = defaultdict(dict)
    for part in parts:
        for key, values in part.items():
            columns[key].update(values)
    columns.setdefault(COMPANY, {})
    return {key: from_row(aggregate_type, values) for key, values in columns.items()}
