#!/usr/bin/env python3
"""Show where an Odoo served with ``db_replica_host`` sends the dashboard's queries.

    python setup/replica_check.py --url http://127.0.0.1:8079 --database DB \\
        --primary-host SOCKET --replica-host SOCKET [--primary-port 5432] [--replica-port 5433]

Run by ``make replica``, against an Odoo it started on both servers. It logs in
as admin, loads the dashboard (``get_dashboard``, decorated ``@api.readonly``)
a few times, opens the records behind a value, then asks for a recompute of
the month (a write), and after each step prints what each server did, from
``pg_stat_database``: transactions, rows read, rows written. Statistics of
idle connections reach ``pg_stat_database`` up to 10 s late, so each step waits
11 s before reading them. The password is read from ``PGPASSWORD``.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent))
from odoo_client import OdooSession

STATS_DELAY = 11  # PostgreSQL flushes an idle backend's statistics at most 10 s later
DASHBOARD = "reseller.kpi.dashboard"


def stats(host, port, user, database):
    """(in recovery, transactions, rows read, rows written) of `database` on one server."""
    connection = psycopg2.connect(
        host=host, port=port, user=user, password=os.environ.get("PGPASSWORD"), dbname=database
    )
    try:
        with connection.cursor() as cr:
            cr.execute(
                """SELECT pg_is_in_recovery(), xact_commit + xact_rollback, tup_returned + tup_fetched,
                          tup_inserted + tup_updated + tup_deleted
                     FROM pg_stat_database WHERE datname = current_database()"""
            )
            return cr.fetchone()
    finally:
        connection.close()


class Servers:
    def __init__(self, args):
        self.args = args
        self.last = self.read()

    def read(self):
        a = self.args
        return {
            "primary": stats(a.primary_host, a.primary_port, a.user, a.database),
            "replica": stats(a.replica_host, a.replica_port, a.user, a.database),
        }

    def step(self, label):
        """Print what each server did since the previous step; return {server: (xacts, read, written)}."""
        time.sleep(STATS_DELAY)
        now = self.read()
        delta = {name: tuple(n - o for n, o in zip(now[name][1:], self.last[name][1:])) for name in now}
        self.last = now
        print(f"{label}:")
        for name, (xacts, read, written) in delta.items():
            print(f"    {name:<8} {xacts:6d} transactions, {read:8d} rows read, {written:6d} rows written")
        return delta


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--primary-host", required=True)
    parser.add_argument("--primary-port", default="5432")
    parser.add_argument("--replica-host", required=True)
    parser.add_argument("--replica-port", default="5433")
    parser.add_argument("--user", default="odoo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--calls", type=int, default=10)
    args = parser.parse_args(argv)

    servers = Servers(args)
    roles = {name: "standby (in recovery)" if row[0] else "primary" for name, row in servers.last.items()}
    print(f"servers: primary = {roles['primary']}, replica = {roles['replica']}")
    if roles["replica"] == "primary":
        print("the replica server is not in recovery: it is no streaming replica")
        return 1

    session = OdooSession(args.url)
    session.login(args.database, args.login, args.password)
    servers.step("login (read/write route)")

    screens = []
    for call in range(args.calls):
        period_type = ("month", "quarter", "year")[call % 3]
        screens.append(session.call(DASHBOARD, "get_dashboard", period_type=period_type))
    dashboard = servers.step(f"dashboard, {args.calls} calls of get_dashboard (read-only)")
    cards = sum(len(section["cards"]) for section in screens[0]["sections"])
    print(f"    first screen: {screens[0]['period']['label']}, {cards} cards")

    values = session.call(
        "reseller.kpi.value",
        "search_read",
        [[("kpi_code", "=", "sales.revenue"), ("period_type", "=", "month"), ("res_model", "=", False)]],
        fields=["id"],
        limit=1,
    )
    if values:
        session.call("reseller.kpi.value", "action_open_records", [values[0]["id"]])
    reads = servers.step("report list and drill-down (search_read, action_open_records: read-only)")

    failures = session.call(DASHBOARD, "action_refresh", period_type="month")
    refresh = servers.step("recompute of the month (action_refresh: read/write)")
    if failures:
        print(f"    the recompute reported: {failures}")
    session.close()

    read_on_replica = dashboard["replica"][1] + reads["replica"][1]
    written_on_primary = refresh["primary"][2]
    print(
        f"reads on replica: {dashboard['replica'][0] + reads['replica'][0]} transactions ({read_on_replica} rows), "
        f"writes on primary: {written_on_primary} rows "
        f"(rows written on the replica by Odoo: {sum(step['replica'][2] for step in (dashboard, reads, refresh))})"
    )
    # each request also opens a short transaction on the primary (Odoo's registry signaling check and
    # routing), so the test is where the rows are read, not where transactions are opened
    ok = (
        dashboard["replica"][0] >= args.calls
        and dashboard["replica"][1] > dashboard["primary"][1]
        and written_on_primary > 0
        and all(step["replica"][2] == 0 for step in (dashboard, reads, refresh))
    )
    print("replica check: " + ("ok" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
