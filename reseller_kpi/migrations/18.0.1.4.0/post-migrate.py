"""Periods in progress judge only what has happened (contract, "Periods in progress"): the on time in
full and fill rates stored for a period in progress counted lines due later, and break-even and safety
margin read 0 and 100 % before any fixed cost was posted. Their periods computed before they were over
are queued for a recompute, as *Recompute KPIs* does."""

from odoo import SUPERUSER_ID, api

CODES = ("supplier.otif_rate", "supplier.fill_rate", "finance.break_even", "finance.safety_margin")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["reseller.kpi.recompute.job"]._queue_stored(CODES, computed_in_progress=True)
