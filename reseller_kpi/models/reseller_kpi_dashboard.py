"""The KPI dashboard's data: one read-only call returns a whole screen from stored values.

Nothing is computed on read: the cards, sparklines, customer movement and the
top categories and vendors read ``reseller.kpi.value``, the cohort matrix reads
``reseller.kpi.cohort`` and break-even pacing ``reseller.kpi.day``, all filled
by the scheduled refresh. A handful of queries serve the whole screen whatever
the number of cards, and every read goes through the record rules, so each
user sees exactly the figures their roles allow. This model builds the cards;
the panels beside them are readers of their own (``reseller_kpi_dashboard_panels``),
and the comparisons, targets and pacing are plain functions of the engine
(``engine/comparison.py``).
"""

from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..engine import display, formulas
from ..engine.comparison import achieved, change, on_pace, same_period_last_year
from ..engine.periods import local_date, period_of, periods_between
from . import kpi_arguments as arguments
from . import kpi_display
from .reseller_kpi_collector import company_tz
from .reseller_kpi_dashboard_panels import SPARK_PERIODS
from .reseller_kpi_value import period_label, user_locale

# break-even and safety margin are empty while no fixed cost is posted in a period in progress
WAITS_FOR_FIXED_COSTS = ("finance.break_even", "finance.safety_margin")


class ResellerKpiDashboard(models.AbstractModel):
    _name = "reseller.kpi.dashboard"
    _description = "Reseller KPI dashboard"

    # ------------------------------------------------------------------ the screen
    @api.readonly
    @api.model
    def get_dashboard(
        self, period_type="month", day=None, compare="previous", company_id=None, team_id=None, user_id=None
    ):
        """Everything the dashboard shows for one period, company and (optional) sales team or salesperson.

        A salesperson limited to their own documents always sees their own figures (scope ``own``);
        a salesperson on all documents and a KPI manager may choose a salesperson (scope ``user``),
        whose figures replace the company's for the codes stored per salesperson.

        `compare` is "previous" (the previous period), "last_year" (the same period a year before) or
        "both": the cards then also carry ``last_year``, their change against the same period a year
        before, so the management report builds one screen for both comparisons.
        """
        self._check_reader()
        period_type = arguments.period_type(self.env, period_type)
        compare = arguments.comparison(self.env, compare or "previous")
        day = arguments.kpi_day(self.env, day)
        company = self._dashboard_company(company_id)
        team = arguments.team(self.env, team_id, company)
        salesperson = arguments.salesperson(self.env, user_id, company)
        today = self.env["reseller.kpi.value"]._today(company)
        period = period_of(day or today, period_type)
        reference = same_period_last_year(period) if compare == "last_year" else period.previous()
        year_reference = same_period_last_year(period) if compare == "both" else None
        references = {reference.date_start} | ({year_reference.date_start} if year_reference else set())
        scope = self._dashboard_scope(team.id, salesperson.id)
        if scope == "own" and salesperson and salesperson != self.env.user:
            raise AccessError(self.env._("Your access is limited to your own documents: you see your own figures."))
        # the team chosen frames the leaderboard; the cards show the salesperson's figures when one is chosen
        board_team = team
        team = team if scope == "team" else self.env["crm.team"]
        salesperson = salesperson if scope == "user" else self.env.user if scope == "own" else self.env["res.users"]
        sparks = [period]
        for _index in range(SPARK_PERIODS - 1):
            sparks.insert(0, sparks[0].previous())
        # 1. the values of every card: its period, the comparison and the sparkline's periods
        rows = self._value_rows(
            company, period_type, {p.date_start for p in sparks} | references, scope, salesperson=salesperson
        )
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        values = self._pick_dimension(rows, registry, scope, team, salesperson)
        in_progress = period.date_start <= today <= period.date_end
        refreshed = self._computed_at(company, period)
        # 2. the targets of the period
        targets = self._targets(company, period, scope, team, list(registry.by_code), salesperson)
        computed = self._computed_starts(company, period_type, {p.date_start for p in sparks} | references)
        # the company's currency for the cards' texts: the company shown may not be the current one
        sections = self.with_company(company)._sections(
            registry,
            values,
            sparks,
            period,
            reference,
            targets,
            in_progress,
            computed,
            scope,
            year_reference,
            salesperson,
            self._days_computed(company, period, refreshed) if in_progress else None,
        )
        leaderboard = self.env["reseller.kpi.panel.leaderboard"]._read(
            company, period, board_team, today, computed, refreshed
        )
        result = {
            "company": {"id": company.id, "name": company.name, "currency_id": company.currency_id.id},
            "companies": [{"id": c.id, "name": c.name} for c in self.env.companies],
            "teams": self._teams(company, scope),
            "team_id": (team or board_team).id or False,
            "salespeople": self._salespeople(company, scope, board_team),
            "user_id": salesperson.id or False,
            "salesperson": salesperson.name or False,
            "scope": scope,
            "is_manager": self.env.user.has_group("reseller_kpi.group_manager"),
            "today": fields.Date.to_string(today),
            "period": self._period_info(period, today),
            "compare": compare,
            "reference": self._period_info(reference, today),
            "reference_last_year": self._period_info(year_reference, today) if year_reference else None,
            "refreshed_at": fields.Datetime.to_string(refreshed) if refreshed else False,
            # 3. is there any history at all (the empty state says Recompute)
            "has_history": bool(
                self.env["reseller.kpi.value"].search_count([("company_id", "=", company.id)], limit=1)
            ),
            "sections": sections,
            "movement": self.env["reseller.kpi.panel.movement"]._read(sections),
            "leaderboard": leaderboard,
            "categories": None,
            "vendors": None,
            "cohorts": None,
            "pacing": None,
        }
        if scope not in ("own", "user"):
            # 4. categories and vendors of the period (company-wide: they have no team or salesperson;
            # a salesperson's screen, theirs or chosen, shows only what is theirs)
            result["categories"], result["vendors"] = self.env["reseller.kpi.panel.rankings"]._read(company, period)
            # 5. the cohort matrix, 6. the days of the period for pacing
            result["cohorts"] = self.env["reseller.kpi.panel.cohorts"]._read(company, period, today)
            result["pacing"] = self.env["reseller.kpi.panel.pacing"]._read(company, period, today, values, refreshed)
        return result

    @api.model
    def _check_reader(self):
        """Every public method of the dashboard starts here: it is for KPI users only."""
        if not self.env.user.has_group("reseller_kpi.group_user"):
            raise AccessError(self.env._("The reseller KPIs are for users of the Reseller KPIs app."))

    @api.model
    def _dashboard_company(self, company_id):
        return arguments.company(self.env, company_id)

    @api.model
    def _dashboard_scope(self, team_id, user_id=False):
        """`own` for a salesperson limited to their own documents (they may read only their own
        figures), else `user` when a salesperson is chosen, `team` when a team is, else `company`."""
        if self._own_documents_only():
            return "own"
        return "user" if user_id else "team" if team_id else "company"

    @api.model
    def _own_documents_only(self):
        """Whether the user is a salesperson limited to their own documents (no KPI manager)."""
        user = self.env.user
        return user.has_group("sales_team.group_sale_salesman") and not (
            user.has_group("sales_team.group_sale_salesman_all_leads") or user.has_group("reseller_kpi.group_manager")
        )

    @api.model
    def _computed_at(self, company, period):
        """When the company's values of `period` were computed (whoever may read them: a salesperson
        reading only their own figures still learns when the period was refreshed)."""
        self.env.cr.execute(
            SQL(
                """SELECT MAX(computed_at) FROM reseller_kpi_value
                    WHERE company_id = %s AND period_type = %s AND date_start = %s AND date_end = %s""",
                company.id,
                period.period_type,
                period.date_start,
                period.date_end,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _days_computed(self, company, period, refreshed):
        """The days of a period in progress its stored values cover: up to and including the local day
        of their computation (none when never computed)."""
        if not refreshed:
            return None
        day = local_date(refreshed, company_tz(company))
        return max(0, min((day - period.date_start).days + 1, period.days))

    @api.model
    def _computed_starts(self, company, period_type, starts):
        """The periods among `starts` that were computed for the company: there a sum stored for no
        dimension record is 0 (nothing happened for it), not unknown."""
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT date_start FROM reseller_kpi_value
                    WHERE company_id = %s AND period_type = %s AND date_start = ANY(%s) AND res_model IS NULL""",
                company.id,
                period_type,
                sorted(starts),
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _teams(self, company, scope):
        """The teams to choose from: every team of the company, or for a salesperson on their own
        documents the teams they lead (for the leaderboard)."""
        domain = [("company_id", "in", [company.id, False])]
        if scope == "own":
            domain.append(("user_id", "=", self.env.uid))
        teams = self.env["crm.team"].search_fetch(domain, ["display_name"], order="sequence, name")
        return [{"id": t.id, "name": t.display_name} for t in teams]

    @api.model
    def _salespeople(self, company, scope, team):
        """The salespeople to choose from (none for a salesperson on their own documents): the team's
        members when a team is chosen, else the company's salespeople."""
        if scope == "own":
            return []
        users = self.env["reseller.kpi.panel.leaderboard"]._salespeople(company, team)
        return [{"id": u.id, "name": u.name} for u in users]

    @api.model
    def _period_info(self, period, today):
        last = min(period.date_end, today)
        return {
            "type": period.period_type,
            "start": fields.Date.to_string(period.date_start),
            "end": fields.Date.to_string(period.date_end),
            "label": period_label(self.env, period),
            "in_progress": period.date_start <= today <= period.date_end,
            "future": period.date_start > today,
            "days": period.days,
            "elapsed": max(0, (last - period.date_start).days + 1),
        }

    # ------------------------------------------------------------------ stored values
    @api.model
    def _value_rows(self, company, period_type, starts, scope, codes=None, models=None, salesperson=None):
        """Stored values of `company` starting on `starts`, read through the record rules (one query)."""
        domain = [
            ("company_id", "=", company.id),
            ("period_type", "=", period_type),
            ("date_start", "in", sorted(starts)),
        ]
        if codes:
            domain.append(("kpi_code", "in", list(codes)))
        if models:
            domain.append(("res_model", "in", list(models)))
        elif scope == "own":
            domain += [("res_model", "=", "res.users"), ("res_id", "=", self.env.uid)]
        elif scope == "user":
            domain += [
                "|",
                ("res_model", "=", False),
                "&",
                ("res_model", "=", "res.users"),
                ("res_id", "=", salesperson.id),
            ]
        else:
            domain += ["|", ("res_model", "=", False), ("res_model", "=", "crm.team")]
        query = self.env["reseller.kpi.value"]._search(domain)
        self.env.cr.execute(
            query.select(
                *(
                    SQL.identifier("reseller_kpi_value", column)
                    for column in (
                        "id",
                        "kpi_code",
                        "date_start",
                        "res_model",
                        "res_id",
                        "dimension_name",
                        "value",
                        "has_value",
                        "numerator",
                        "denominator",
                        "expected_denominator",
                        "computed_at",
                    )
                )
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _pick_dimension(self, rows, registry, scope, team, salesperson=None):
        """{date_start: {code: row}}: the team's value for codes stored per team when a team is chosen,
        the salesperson's for codes stored per salesperson when one is chosen, the salesperson's own
        for `own`, the company's otherwise."""
        values = {}
        for row in rows:
            kpi = registry.by_code.get(row["kpi_code"])
            if kpi is None:
                continue
            if scope == "team" and "crm.team" in kpi.dimensions:
                wanted = ("crm.team", team.id)
            elif scope == "user" and "res.users" in kpi.dimensions:
                wanted = ("res.users", salesperson.id)
            elif scope == "own":
                wanted = ("res.users", self.env.uid)
            else:
                wanted = (None, None)
            if (row["res_model"] or None, row["res_id"] if row["res_model"] else None) == wanted:
                values.setdefault(row["date_start"], {})[row["kpi_code"]] = row
        return values

    @staticmethod
    def _dimension_of(row):
        return (row["res_model"], row["res_id"]) if row and row["res_model"] else (None, None)

    @api.model
    def _targets(self, company, period, scope, team, codes, salesperson=None):
        if scope in ("own", "user"):
            dimension = f"res.users,{(salesperson or self.env.user).id}"
        elif scope == "team":
            dimension = f"crm.team,{team.id}"
        else:
            dimension = False
        domain = [
            ("company_id", "=", company.id),
            ("period_type", "=", period.period_type),
            ("date_start", "=", period.date_start),
            ("kpi_code", "in", codes),
        ]
        targets = self.env["reseller.kpi.target"].search_fetch(
            [*domain, ("dimension_ref", "in", [dimension, False] if dimension else [False])],
            ["kpi_code", "target_value", "higher_is_better", "dimension_ref"],
        )
        # {(code, dimension): target}; a card reads the target of the dimension its value is for
        return {
            (t.kpi_code, (t.dimension_ref._name, t.dimension_ref.id) if t.dimension_ref else (None, None)): t
            for t in targets
        }

    @staticmethod
    def _number(row):
        return row["value"] if row and row["has_value"] else None

    @api.model
    def _sections(
        self,
        registry,
        values,
        sparks,
        period,
        reference,
        targets,
        in_progress,
        computed,
        scope,
        year_reference=None,
        salesperson=None,
        days_computed=None,
    ):
        collector = self.env["reseller.kpi.collector"]
        labels = dict(self.env["reseller.kpi.value"]._fields["kpi_family"]._description_selection(self.env))
        code_labels = dict(self.env["reseller.kpi.value"]._fields["kpi_code"]._description_selection(self.env))
        current = values.get(period.date_start, {})
        shown = {code for period_values in values.values() for code in period_values}
        salesperson = salesperson or self.env.user
        if scope in ("own", "user") and computed:
            # a salesperson with no order or lead in the periods shown has no stored row, but their figures
            # exist: 0 orders, an empty win rate (of the families this user may read)
            readable = set(self.env["reseller.kpi.collector"]._readable_families())
            shown |= {
                code
                for code, kpi in registry.by_code.items()
                if "res.users" in kpi.dimensions and kpi.family in readable
            }
        locale = user_locale(self.env)
        spark_labels = [period_label(self.env, spark, locale) for spark in sparks]
        texts = kpi_display.locale(self.env)
        sections = []
        # each family's section where the family says (its sequence): the base names none of another add-on
        for family in (family.name for family in registry.sections()):
            cards = []
            for kpi in registry.families[family].kpis:
                row = current.get(kpi.code)
                if kpi.code not in shown:
                    # not readable by this user, or never computed for this dimension
                    continue
                # the dimension of the card's value (any period of its sparkline tells it)
                any_row = row or next((v[kpi.code] for v in values.values() if kpi.code in v), None)
                dimension = self._dimension_of(any_row) if any_row else ("res.users", salesperson.id)

                def number(start, kpi=kpi):
                    row = values.get(start, {}).get(kpi.code)
                    if row is None and kpi.zero_when_empty and start in computed:
                        return 0.0  # a computed period with nothing for this team or salesperson
                    return self._number(row)

                value = number(period.date_start)

                def compared(reference_period, kpi=kpi, value=value, number=number):
                    compared_change = change(kpi, value, number(reference_period.date_start))
                    if kpi.to_date and in_progress:
                        # part of a period against a whole one: a share, not a better or worse
                        reference_value = compared_change["reference"]
                        compared_change = dict(
                            compared_change,
                            trend=None,
                            share=value / reference_value * 100
                            if kpi.additive and value is not None and reference_value
                            else None,
                        )
                    return compared_change

                card = {
                    "code": kpi.code,
                    "label": code_labels.get(kpi.code, kpi.label).split(" · ")[-1],
                    "description": collector._kpi_text(kpi, kpi.description),
                    "unit": kpi.unit,
                    "higher_is_better": kpi.higher_is_better,
                    "value": value,
                    "value_id": row["id"] if row else False,
                    "dimension": row["dimension_name"] if row else False,
                    "numerator": row["numerator"] if row else None,
                    "denominator": row["denominator"] if row else None,
                    # a period in progress judged on what is due so far: what the whole period will hold
                    "expected": row["expected_denominator"] if row and in_progress else None,
                    "expected_measure": next(
                        (rs.measure for rs in kpi.records if rs.explains == "denominator"), "count"
                    ),
                    # a figure that waits for a cost not posted yet (contract, "Periods in progress")
                    "waiting": bool(
                        in_progress
                        and kpi.code in WAITS_FOR_FIXED_COSTS
                        and value is None
                        and not self._number(current.get("finance.fixed_costs"))
                    ),
                    "change": compared(reference),
                    "to_date": bool(kpi.to_date and in_progress),
                    "target": None,
                    "spark": [
                        {"label": label, "value": number(spark.date_start)}
                        for spark, label in zip(sparks, spark_labels, strict=True)
                    ],
                }
                target = targets.get((kpi.code, dimension))
                if target:
                    card["target"] = {
                        "value": target.target_value,
                        "status": formulas.status(value, target.target_value, target.higher_is_better) or False,
                        "achieved": achieved(value, target.target_value, target.higher_is_better),
                        # a sum of a period in progress: where it ends at this pace
                        "pace": on_pace(value, target.target_value, target.higher_is_better, period.days, days_computed)
                        if kpi.additive and days_computed
                        else None,
                    }
                # the texts it shows, written as the reports and mails write them
                card.update(display.card(texts, card))
                if year_reference:
                    year_card = dict(card, change=compared(year_reference))
                    year_texts = display.card(texts, year_card)
                    card["last_year"] = {
                        "change": year_card["change"],
                        **{key: year_texts[key] for key in ("reference_text", "change_text", "comparison_text")},
                    }
                cards.append(card)
            if cards:
                sections.append({"family": family, "label": labels.get(family, family), "cards": cards})
        return sections

    # ------------------------------------------------------------------ actions
    @api.readonly
    @api.model
    def action_open_cohort(self, company_id, cohort_month, month_offset):
        """The customers of one cohort cell."""
        self._check_reader()
        company = self._dashboard_company(company_id)
        if self._dashboard_scope(False) == "own":
            raise AccessError(self.env._("Cohorts count every salesperson's customers: ask for All Documents."))
        # the cell is read in SQL: the caller must be allowed to read the cohorts and the customers listed
        self.env["reseller.kpi.cohort"].check_access("read")
        self.env["res.partner"].check_access("read")
        cohort = arguments.kpi_day(self.env, cohort_month, required=True).replace(day=1)
        month_offset = arguments.month_offset(self.env, month_offset, SPARK_PERIODS)
        ids = self.env["reseller.kpi.cohort"]._member_ids(company, cohort, month_offset)
        month = period_label(self.env, period_of(cohort + relativedelta(months=month_offset), "month"))
        name = self.env._(
            "Customers of the %(cohort)s cohort ordering in %(month)s",
            cohort=period_label(self.env, period_of(cohort, "month")),
            month=month,
        )
        return self.env["reseller.kpi.collector"]._list_action(
            "res.partner", ids, name, "reseller_kpi.res_partner_action_customers"
        )

    @api.readonly
    @api.model
    def action_customers_to_call(self, company_id=None, user_id=None):
        """The customers to call of a salesperson (oneself on own documents; the one chosen, or every
        salesperson's, for all documents and KPI managers): at risk, or churned in the last 90 days."""
        self._check_reader()
        company = self._dashboard_company(company_id)
        self.env["res.partner"].check_access("read")
        call_list = self.env["reseller.kpi.call.list"]
        return call_list._action(company, call_list._salesperson(company, user_id))

    @api.model
    def _report_arguments(self, period_type, day, company_id, team_id, user_id):
        """The management report's filters, checked as the dashboard's: the report data (period_type, day,
        company_id, team_id, user_id; False when not given)."""
        self._check_reader()
        period_type = arguments.period_type(self.env, period_type)
        day = arguments.kpi_day(self.env, day)
        company = self._dashboard_company(company_id)
        team = arguments.team(self.env, team_id, company)
        salesperson = arguments.salesperson(self.env, user_id, company)
        return {
            "period_type": period_type,
            "day": fields.Date.to_string(day) if day else False,
            "company_id": company.id,
            "team_id": team.id or False,
            "user_id": salesperson.id or False,
        }

    @api.model
    def action_print_report(
        self, period_type="month", day=None, compare="previous", company_id=None, team_id=None, user_id=None
    ):
        """The management report of the dashboard's filters; it prints both comparisons, so `compare`
        only keeps the dashboard's signature."""
        data = self._report_arguments(period_type, day, company_id, team_id, user_id)
        company = self.env["res.company"].browse(data["company_id"])
        action = self.env.ref("reseller_kpi.management_report_action").report_action(company, data=data)
        # printed from a dialog (the wizard), the download closes it
        action["close_on_report_download"] = True
        return action

    @api.model
    def action_export_xlsx(
        self, period_type="month", day=None, compare="previous", company_id=None, team_id=None, user_id=None
    ):
        """The management report of the dashboard's filters as an Excel workbook (a download)."""
        data = self._report_arguments(period_type, day, company_id, team_id, user_id)
        keys = ("period_type", "company_id", "day", "team_id", "user_id")
        query = {key: data[key] for key in keys if data[key]}
        return {
            "type": "ir.actions.act_url",
            "url": f"/reseller_kpi/management_report.xlsx?{urlencode(query)}",
            "target": "download",
            "close": True,
        }

    @api.model
    def _management_report_xlsx(self, period_type="month", day=None, company_id=None, team_id=None, user_id=None):
        """(bytes, file name) of the Excel management report, with the arguments' checks of the dashboard."""
        data = self._report_arguments(period_type, day, company_id, team_id, user_id)
        return self.env["report.reseller_kpi.management_report_xlsx"]._render(
            self.env["res.company"].browse(data["company_id"]),
            data["period_type"],
            data["day"],
            data["team_id"],
            data["user_id"],
        )

    @api.model
    def action_refresh(self, company_id=None, period_type="month", day=None):
        """Recompute the chosen period and the current one of its type, with the cohorts (managers).

        A week or a month (with its months, a few seconds) is recomputed at once; a quarter or a year,
        whose months take longer, is queued as a background request like *Recompute KPIs*.
        Returns {"queued": bool, "failures": [message]}.
        """
        if not self.env.user.has_group("reseller_kpi.group_manager"):
            raise AccessError(self.env._("Only KPI managers can recompute the KPIs."))
        period_type = arguments.period_type(self.env, period_type)
        day = arguments.kpi_day(self.env, day)
        company = self._dashboard_company(company_id)
        value_model = self.env["reseller.kpi.value"].with_context(reseller_kpi_no_commit=True)
        today = value_model._today(company)
        current = period_of(today, period_type)
        chosen = period_of(day, period_type) if day else current
        if period_type in ("quarter", "year"):
            first = min(chosen.date_start, current.date_start)
            last = min(max(chosen.date_end, current.date_end), today)
            self.env["reseller.kpi.recompute.job"]._request(company, first, max(first, last), [period_type, "month"])
            return {"queued": True, "failures": []}
        periods = {chosen, current}
        if period_type == "week":
            # the days of a week (break-even pacing) come from its months
            for period in list(periods):
                periods |= set(periods_between(period.date_start, min(period.date_end, today), ("month",)))
        failures = value_model._refresh(company, sorted(periods))
        return {
            "queued": False,
            "failures": [
                f"{period_label(self.env, period)}: {error}" if period else error
                for _company, period, error in failures
            ],
        }
