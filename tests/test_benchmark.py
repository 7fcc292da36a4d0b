"""pytest-odoo: the benchmark script's steps still run against the add-ons (it is no test, so nothing
else would notice when a change of the add-ons breaks it)."""

from datetime import date

import benchmark


def test_drilldown_step_lists_the_records_of_each_value(env, capsys):
    from odoo.addons.reseller_kpi.engine.periods import period_of  # noqa: PLC0415

    company = env.company
    month = period_of(date(2026, 3, 1), "month")
    env["reseller.kpi.value"].with_context(reseller_kpi_no_commit=True)._refresh(company, [month], False)
    listed = benchmark.bench_drilldown(env, company, month)
    assert set(listed) == {"sales.revenue", "customers.churned", "supplier.otd_rate"}
    printed = capsys.readouterr().out
    assert "records behind sales.revenue (Confirmed order lines), 1 month" in printed
