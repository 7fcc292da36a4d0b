"""pytest-odoo: the dashboard's reads are routed to a replica, its writes are not.

Odoo 18's /web/dataset/call_kw opens a read-only cursor, on the db_replica_host
server when one is set, for a method marked @api.readonly (its `_readonly`).
"""

import pytest

READ_ONLY = [
    ("reseller.kpi.dashboard", "get_dashboard"),
    ("reseller.kpi.dashboard", "action_open_cohort"),
    ("reseller.kpi.dashboard", "action_customers_to_call"),
    ("reseller.kpi.value", "action_open_records"),
    # the report (list, pivot, graph of the stored values): Odoo's own read methods
    ("reseller.kpi.value", "web_search_read"),
    ("reseller.kpi.value", "web_read_group"),
]


@pytest.mark.parametrize(("model", "method"), READ_ONLY)
def test_reads_are_read_only(env, model, method):
    assert getattr(getattr(type(env[model]), method), "_readonly", False) is True


def test_recompute_is_read_write(env):
    assert not getattr(type(env["reseller.kpi.dashboard"]).action_refresh, "_readonly", False)
