from . import models

from odoo.tools import SQL

TRACE_INDEX = "reseller_kpi_mailing_trace_sent_idx"


def post_init_hook(env):
    """The e-mail KPIs read the traces of a period by their sending time."""
    env.cr.execute(
        SQL(
            "CREATE INDEX IF NOT EXISTS %s ON mailing_trace (sent_datetime) WHERE sent_datetime IS NOT NULL",
            SQL.identifier(TRACE_INDEX),
        )
    )


def uninstall_hook(env):
    env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(TRACE_INDEX)))
