"""The survey response rate is now the share of the period's invitations answered (contract, never
above 100): it divided the responses completed in the period by the invitations sent in it. Every
stored period of it is queued for a recompute, as *Recompute KPIs* does."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["reseller.kpi.recompute.job"]._queue_stored(("survey.response_rate",))
