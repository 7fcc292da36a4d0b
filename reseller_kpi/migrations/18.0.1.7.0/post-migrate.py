"""The nightly run sums the quarter and the year in progress of the sales, delivery and CRM families
from their months, when each month over carries a stamp of what it was computed with
(``reseller.kpi.month.stamp``). The months stored before this version carry none: those of the year in
progress are queued for a recompute, as *Recompute KPIs* does, so that the nightly run sums them from
the next night on (until then it reads the year's records, as before).

The nightly scheduled action is renamed after what it does since December 2026: its record is not
updated by an upgrade (an administrator may edit it), so the name is written here, unless changed."""

from datetime import timedelta

from odoo import SUPERUSER_ID, api

NAMES = {"en_US": "Reseller KPIs: refresh what changed", "fr_FR": "Indicateurs revendeur : actualiser ce qui a changé"}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Value = env["reseller.kpi.value"]
    cr.execute("SELECT DISTINCT company_id FROM reseller_kpi_value WHERE period_type = 'month'")
    for company in env["res.company"].browse([row[0] for row in cr.fetchall()]).exists():
        today = Value._today(company)
        first, last = today.replace(month=1, day=1), today.replace(day=1) - timedelta(days=1)
        if first <= last:
            env["reseller.kpi.recompute.job"]._request(company, first, last, ["month"])
    cron = env.ref("reseller_kpi.ir_cron_reseller_kpi_refresh", raise_if_not_found=False)
    if cron and cron.with_context(lang="en_US").name == "Reseller KPIs: refresh current and previous periods":
        # a name an administrator chose is kept
        installed = {code for code, _name in env["res.lang"].get_installed()}
        cron.ir_actions_server_id.update_field_translations(
            "name", {lang: name for lang, name in NAMES.items() if lang in installed}
        )
