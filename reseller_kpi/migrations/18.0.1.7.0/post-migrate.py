"""The nightly run sums the quarter and the year in progress of the sales, delivery and CRM families
from their months, when each month over carries a stamp of what it was computed with
(``reseller.kpi.month.stamp``). The months stored before this version carry none: those of the year in
progress are queued for a recompute, as *Recompute KPIs* does, so that the nightly run sums them from
the next night on (until then it reads the year's records, as before)."""

from datetime import timedelta

from odoo import SUPERUSER_ID, api


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
