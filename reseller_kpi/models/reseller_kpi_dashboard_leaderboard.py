"""A sales team's leaderboard: its salespeople side by side for one period, from stored values.

The columns are the codes the families name for it (``Family.leaderboard``: revenue, margin, orders,
customers, win rate, NPS when the survey add-on is installed), then the quota: the salesperson's
target of ``sales.revenue`` for the period, its share achieved and, for a period in progress, where it
ends at the current pace. The team's own values (stored per team: orders of the team without a
salesperson, or taken by someone outside it, count there) make the total row.

Who sees it: a KPI manager and a salesperson on all documents, for any team; the leader of a team
(``crm.team.user_id``) for that team, even on their own documents. Nobody else sees a colleague's
figures. A cell opens its records when its reader may open them through the record rules.
"""

from odoo import api, models

from ..engine import display
from ..engine.comparison import achieved, on_pace
from . import kpi_display

QUOTA_CODE = "sales.revenue"


class ResellerKpiPanelLeaderboard(models.AbstractModel):
    _name = "reseller.kpi.panel.leaderboard"
    _inherit = "reseller.kpi.panel"
    _description = "Reseller KPI dashboard: a sales team's leaderboard"

    @api.model
    def _salespeople(self, company, team=None):
        """The salespeople of `team` (its members and its leader) working in `company`, else every
        internal salesperson of the company."""
        users = self.env["res.users"].sudo()
        if team:
            team = team.sudo()
            users = (team.member_ids | team.user_id).filtered(lambda u: not u.share and company in u.company_ids)
            return users.sorted("name").sudo(False)
        group = self.env.ref("sales_team.group_sale_salesman")
        return users.search(
            [("groups_id", "in", group.id), ("share", "=", False), ("company_ids", "in", company.id)], order="name"
        ).sudo(False)

    @api.model
    def _may_read(self, team):
        """Whether the user may see the leaderboard of `team`."""
        return bool(team) and (not self._dashboard._own_documents_only() or team.sudo().user_id == self.env.user)

    @api.model
    def _read(self, company, period, team, today, computed, refreshed):
        """The leaderboard of `team` for `period` (None without a team, or for a user who may not see it);
        `computed` holds the starts of the periods computed for the company, `refreshed` when this one was."""
        if not self._may_read(team):
            return None
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        readable = set(self.env["reseller.kpi.collector"]._readable_families())
        codes = [
            code
            for code in registry.leaderboard()
            if registry.kpi(code).family in readable and "res.users" in registry.kpi(code).dimensions
        ]
        users = self._salespeople(company, team)
        own_only = self._dashboard._own_documents_only()
        # read as the system: a team leader on their own documents may see their team's figures here,
        # and nowhere else (the record rules still decide which cells open their records)
        value_domain = [
            ("company_id", "=", company.id),
            ("period_type", "=", period.period_type),
            ("date_start", "=", period.date_start),
            ("kpi_code", "in", codes),
            "|",
            "&",
            ("res_model", "=", "res.users"),
            ("res_id", "in", users.ids),
            "&",
            ("res_model", "=", "crm.team"),
            ("res_id", "=", team.id),
        ]
        values = {
            (v.res_model, v.res_id, v.kpi_code): v
            for v in self.env["reseller.kpi.value"]
            .sudo()
            .search_fetch(value_domain, ["kpi_code", "res_model", "res_id", "value", "has_value"])
        }
        quotas = {
            t.dimension_ref.id: t
            for t in self.env["reseller.kpi.target"]
            .sudo()
            .search_fetch(
                [
                    ("company_id", "=", company.id),
                    ("period_type", "=", period.period_type),
                    ("date_start", "=", period.date_start),
                    ("kpi_code", "=", QUOTA_CODE),
                    ("dimension_ref", "in", [f"res.users,{uid}" for uid in users.ids]),
                ],
                ["dimension_ref", "target_value", "higher_is_better"],
            )
        }
        computed = period.date_start in computed
        in_progress = period.date_start <= today <= period.date_end
        days = self._dashboard._days_computed(company, period, refreshed) if in_progress else None
        texts = kpi_display.locale(self.env, company.currency_id)

        def cells(res_model, res_id, openable):
            row = {}
            for code in codes:
                kpi = registry.kpi(code)
                stored = values.get((res_model, res_id, code))
                number = stored.value if stored and stored.has_value else None
                if stored is None and kpi.zero_when_empty and computed:
                    number = 0.0  # a computed period with nothing for this salesperson
                row[code] = {
                    "value": number,
                    "text": display.value(texts, kpi.unit, number),
                    "value_id": stored.id if stored and openable else False,
                }
            return row

        rows = []
        for user in users:
            row = {
                "user_id": user.id,
                "name": user.name,
                "cells": cells("res.users", user.id, not own_only or user == self.env.user),
                "quota": None,
            }
            quota = quotas.get(user.id)
            if quota:
                revenue = row["cells"].get(QUOTA_CODE, {}).get("value") if QUOTA_CODE in codes else None
                share = achieved(revenue, quota.target_value, quota.higher_is_better)
                pace = on_pace(revenue, quota.target_value, quota.higher_is_better, period.days, days) if days else None
                row["quota"] = {
                    "target": quota.target_value,
                    "target_text": display.value(texts, "amount", quota.target_value),
                    "achieved": share,
                    "achieved_text": display.value(texts, "percent", share),
                    "pace": pace["achieved"] if pace else None,
                    "pace_text": texts._("on pace for %s", display.percent(texts, pace["achieved"], 0))
                    if pace and pace["achieved"] is not None
                    else "",
                }
            rows.append(row)
        rows.sort(key=lambda r: (-(r["cells"].get(QUOTA_CODE, {}).get("value") or 0.0), r["name"]))
        code_labels = dict(self.env["reseller.kpi.value"]._fields["kpi_code"]._description_selection(self.env))
        return {
            "team_id": team.id,
            "team": team.sudo().display_name,
            "columns": [
                {"code": code, "label": code_labels.get(code, code).split(" · ")[-1], "unit": registry.kpi(code).unit}
                for code in codes
            ],
            "rows": rows,
            "total": cells("crm.team", team.id, not own_only),
            "has_quota": any(row["quota"] for row in rows),
        }
