"""Refreshes on real connections: two at once, one killed with SIGKILL half-way, the unique key.

These tests commit (a second connection sees nothing of an uncommitted test
transaction), so they work on periods of 2001, far from any fixture, and delete
every value and day of those periods before and after each test.
"""

import signal
import subprocess
import sys
import threading
import time
from datetime import date

import pytest

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

from odoo.addons.reseller_kpi.engine.periods import Period, periods_between

FIRST_DAY, LAST_DAY = date(2001, 1, 1), date(2001, 12, 31)
JANUARY = Period("month", date(2001, 1, 1), date(2001, 1, 31))
LAUNCHER = "import os; os.environ['TZ'] = 'UTC'; import odoo.cli, sys; sys.exit(odoo.cli.main())"
# refreshes the twelve months of 2001 one by one, each committed, and stops for good in March's
# transaction once its values are deleted and inserted again, before its commit: the test kills it there
KILLED_REFRESH = """
import time
from datetime import date
from odoo.addons.reseller_kpi.engine.periods import periods_between

Day = env.registry["reseller.kpi.day"]
replace_days = Day._replace_days_of

def replace_days_then_hang(self, company, periods):
    result = replace_days(self, company, periods)
    if periods[0].date_start.month == 3:
        print("MARCH-WRITTEN-NOT-COMMITTED", flush=True)
        time.sleep(120)
    return result

Day._replace_days_of = replace_days_then_hang
values = env["reseller.kpi.value"].with_context(reseller_kpi_no_commit=True)
for period in periods_between(date(2001, 1, 1), date(2001, 12, 31), ("month",)):
    assert not values._refresh(env.company, [period], refresh_records=False)
    env.cr.commit()
    print("COMMITTED", period.date_start, flush=True)
"""


@pytest.fixture
def registry():
    return Registry(odoo.tools.config["db_name"])


def new_env(cr):
    return api.Environment(cr, SUPERUSER_ID, {"reseller_kpi_no_commit": True})


def delete_2001(registry):
    with registry.cursor() as cr:
        cr.execute("DELETE FROM reseller_kpi_value WHERE date_start BETWEEN %s AND %s", [FIRST_DAY, LAST_DAY])
        cr.execute("DELETE FROM reseller_kpi_day WHERE day BETWEEN %s AND %s", [FIRST_DAY, LAST_DAY])


@pytest.fixture
def clean_2001(registry):
    delete_2001(registry)
    yield
    delete_2001(registry)


def stored(registry):
    """{month start: {value key and figures: row id}} of the months of 2001, as committed."""
    with registry.cursor() as cr:
        cr.execute(
            """SELECT date_start, id, kpi_code, COALESCE(res_model, ''), COALESCE(res_id, 0),
                      value, numerator, denominator
                 FROM reseller_kpi_value
                WHERE date_start BETWEEN %s AND %s AND period_type = 'month'""",
            [FIRST_DAY, LAST_DAY],
        )
        rows = {}
        for start, row_id, *figures in cr.fetchall():
            rows.setdefault(start, {})[tuple(figures)] = row_id
        return rows


def duplicate_keys(registry):
    with registry.cursor() as cr:
        cr.execute(
            """SELECT COUNT(*) FROM (
                   SELECT 1 FROM reseller_kpi_value WHERE date_start BETWEEN %s AND %s
                    GROUP BY kpi_code, period_type, date_start, date_end, company_id,
                             COALESCE(res_model, ''), COALESCE(res_id, 0)
                   HAVING COUNT(*) > 1) duplicates""",
            [FIRST_DAY, LAST_DAY],
        )
        return cr.fetchone()[0]


def waiting_for_advisory_lock(registry, timeout=10):
    """True once some backend waits for an advisory lock (the second refresh)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with registry.cursor() as cr:
            cr.execute("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            if cr.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


def test_two_refreshes_of_one_period_at_once_store_one_set(registry, clean_2001):
    """The second waits for the first one's lock, then neither fails nor duplicates."""
    first_done, release_first = threading.Event(), threading.Event()
    outcome = {}

    def refresh(name, hold):
        try:
            with registry.cursor() as cr:
                env = new_env(cr)
                outcome[name] = env["reseller.kpi.value"]._refresh(env.company, [JANUARY], refresh_records=False)
                if hold:
                    cr.execute("SELECT id FROM reseller_kpi_value WHERE date_start = %s", [JANUARY.date_start])
                    outcome["first_ids"] = {row[0] for row in cr.fetchall()}
                    first_done.set()
                    # keep the period's lock (and the uncommitted rows) while the second refresh starts
                    release_first.wait(20)
                # leaving the block commits
        except Exception as error:
            outcome[name] = error

    first = threading.Thread(target=refresh, args=("first", True))
    first.start()
    assert first_done.wait(60), "the first refresh did not finish"
    second = threading.Thread(target=refresh, args=("second", False))
    second.start()
    try:
        assert waiting_for_advisory_lock(registry), "the second refresh did not wait for the first one's lock"
        assert second.is_alive()
    finally:
        release_first.set()
        first.join(60)
        second.join(60)
    # no exception, no failure reported by either refresh
    first_ids = outcome.pop("first_ids")
    assert outcome == {"first": [], "second": []}
    rows = stored(registry)[JANUARY.date_start]
    assert rows, "the refresh stored values"
    assert duplicate_keys(registry) == 0
    # one set: the first one's. The second, a REPEATABLE READ transaction begun before the first committed,
    # cannot see those rows to delete them; it meets them on the unique key and keeps them
    assert set(rows.values()) == first_ids


def test_a_refresh_killed_half_way_leaves_every_period_whole(registry, clean_2001):
    months = periods_between(FIRST_DAY, LAST_DAY, ("month",))
    with registry.cursor() as cr:
        env = new_env(cr)
        assert not env["reseller.kpi.value"]._refresh(env.company, months, refresh_records=False)
    before = stored(registry)
    assert sorted(before) == [month.date_start for month in months]

    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            LAUNCHER,
            "shell",
            "-c",
            odoo.tools.config.rcfile,
            "-d",
            odoo.tools.config["db_name"],
            "--no-http",
            "--log-level=warn",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    committed, output = [], []
    try:
        proc.stdin.write(KILLED_REFRESH)
        proc.stdin.close()
        for line in proc.stdout:
            output.append(line)
            if line.startswith("COMMITTED "):
                committed.append(date.fromisoformat(line.split()[1]))
            if line.startswith("MARCH-WRITTEN-NOT-COMMITTED"):
                break
        else:
            pytest.fail("the refresh ended before March:\n" + "".join(output[-30:]))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    assert committed == [date(2001, 1, 1), date(2001, 2, 1)]

    after = stored(registry)
    assert sorted(after) == sorted(before)
    for start, rows in after.items():
        # the same figures in every month; new rows in the two committed months, the old ones elsewhere
        assert set(rows) == set(before[start]), start
        if start in committed:
            assert not set(rows.values()) & set(before[start].values()), start
        else:
            assert rows == before[start], start
    with registry.cursor() as cr:
        cr.execute("SELECT COUNT(*) FROM reseller_kpi_day WHERE day BETWEEN %s AND %s", [FIRST_DAY, LAST_DAY])
        assert cr.fetchone()[0] == 365, "every day of 2001 kept its row"

    # the next run completes: the killed transaction's locks went with its connection
    with registry.cursor() as cr:
        cr.execute("SET LOCAL lock_timeout = '20s'")
        env = new_env(cr)
        assert not env["reseller.kpi.value"]._refresh(env.company, months, refresh_records=False)
    again = stored(registry)
    assert {start: set(rows) for start, rows in again.items()} == {start: set(rows) for start, rows in before.items()}
    assert duplicate_keys(registry) == 0


def test_unique_key_is_a_unique_index_any_postgresql_12_to_16_enforces(env):
    env.cr.execute(
        """SELECT ix.indisunique, pg_get_indexdef(ix.indexrelid)
             FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
            WHERE i.relname = 'reseller_kpi_value_key_idx'"""
    )
    unique, definition = env.cr.fetchone()
    assert unique
    # the company-wide value's NULL dimension is made equal by COALESCE, not by PostgreSQL 15's
    # NULLS NOT DISTINCT, which PostgreSQL 12 to 14 reject
    assert "NULLS NOT DISTINCT" not in definition
    assert "COALESCE(res_model, ''::character varying)" in definition
    assert "COALESCE(res_id, 0)" in definition
