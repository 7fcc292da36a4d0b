#!/usr/bin/env python3
"""Load of the dashboard: concurrent users on a running Odoo while a refresh runs (a benchmark, not a test).

    python setup/load_test.py --url http://127.0.0.1:8079 --database DB --config .odoo/load.conf \\
        [--users 20] [--seconds 60]

Run by ``make load`` against an Odoo it starts with ``--workers``. First a
separate process (Odoo's shell on ``--config``) starts refreshing every KPI of
the last 12 months of the demo reseller, over and over, committing each pass;
once it runs, each simulated user logs in (its own session, its own keep-alive
connection) and loads the dashboard again and again, as fast as answers come,
with a period type, a day within the last two years and a comparison drawn at
random (seeded), until the time is up; ``--think`` makes each user read a
screen for that long on average before the next one (0: none, the server's
saturation). Printed: requests, errors,
median (p50), p95 and maximum latency, requests per second, refresh passes.
"""

import argparse
import math
import random
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from odoo_client import OdooSession

LAUNCHER = "import os; os.environ['TZ'] = 'UTC'; import odoo.cli, sys; sys.exit(odoo.cli.main())"
TARGET_P95_MS = 500
# every KPI of the demo reseller's last 12 months, again and again until the deadline, each pass committed
REFRESH = """
import time
from datetime import timedelta
from odoo.addons.reseller_kpi.engine.periods import periods_between

deadline = time.monotonic() + {seconds}
company = env["sale.order"]._read_group([], ["company_id"], ["__count"], order="__count desc", limit=1)[0][0]
values = env["reseller.kpi.value"]
today = values._today(company)
months = periods_between(today - timedelta(days=365), today, ("month",))
print("REFRESH-STARTED", company.name, len(months), "months", flush=True)
passes = 0
while time.monotonic() < deadline:
    failures = values._refresh(company, months, refresh_records=False)
    env.cr.commit()
    passes += 1
    print("REFRESH-PASS", passes, "failures", len(failures), flush=True)
"""


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    # nearest rank: the smallest value with at least `fraction` of the values at or below it
    index = max(0, min(len(sorted_values) - 1, math.ceil(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


class User(threading.Thread):
    """One dashboard user: logs in, then loads screens until `deadline`."""

    def __init__(self, number, args, start, deadline):
        super().__init__(daemon=True)
        self.number, self.args, self.start_event, self.deadline = number, args, start, deadline
        self.latencies, self.errors = [], []

    def run(self):
        session = OdooSession(self.args.url)
        picker = random.Random(self.number)
        try:
            session.login(self.args.database, self.args.login, self.args.password)
        except Exception as error:
            self.errors.append(f"login: {error}")
            return
        try:
            # a first screen, not counted: a worker's first request of a model warms its caches
            session.call("reseller.kpi.dashboard", "get_dashboard")
        except Exception as error:
            self.errors.append(f"warm-up: {error}")
        self.start_event.wait()
        while time.monotonic() < self.deadline[0]:
            if self.args.think:
                time.sleep(picker.uniform(0.5, 1.5) * self.args.think)
            kwargs = {
                "period_type": picker.choice(("month", "month", "quarter", "year", "week")),
                "day": (date.today() - timedelta(days=picker.randrange(730))).isoformat(),
                "compare": picker.choice(("previous", "last_year")),
            }
            started = time.perf_counter()
            try:
                session.call("reseller.kpi.dashboard", "get_dashboard", **kwargs)
            except Exception as error:
                self.errors.append(str(error)[:200])
                continue
            self.latencies.append(time.perf_counter() - started)
        session.close()


def start_refresh(args):
    """The refresh process; returns it once it announced its first pass (or ended)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            LAUNCHER,
            "shell",
            "-c",
            args.config,
            "-d",
            args.database,
            "--no-http",
            "--log-level=warn",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    proc.stdin.write(REFRESH.format(seconds=args.seconds + 30))
    proc.stdin.close()
    proc.passes, proc.lines = [], []
    for line in proc.stdout:
        proc.lines.append(line)
        if line.startswith("REFRESH-STARTED"):
            print("refresh:", line.split(" ", 1)[1].strip(), flush=True)
            break

    def follow():
        for line in proc.stdout:
            proc.lines.append(line)
            if line.startswith("REFRESH-PASS"):
                proc.passes.append(time.monotonic())

    threading.Thread(target=follow, daemon=True).start()
    return proc


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--config", required=True, help="Odoo configuration of the refresh process")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--think", type=float, default=0, help="mean seconds a user reads a screen before the next (0: none)"
    )
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    args = parser.parse_args(argv)

    refresh = start_refresh(args)
    if refresh.poll() is not None:
        print("the refresh process ended before refreshing:\n" + "".join(refresh.lines[-20:]))
        return 1
    start, deadline = threading.Event(), [0.0]
    users = [User(number, args, start, deadline) for number in range(args.users)]
    for user in users:
        user.start()
    time.sleep(10)  # the logins and first screens
    deadline[0] = time.monotonic() + args.seconds
    began = time.monotonic()
    start.set()
    for user in users:
        user.join(args.seconds + 120)
    elapsed = time.monotonic() - began
    passes_during = sum(1 for moment in refresh.passes if began <= moment <= began + elapsed)
    if refresh.poll() is None:
        refresh.terminate()  # our own refresh process, stopped once the users are done
        refresh.wait(30)

    latencies = sorted(latency for user in users for latency in user.latencies)
    errors = [error for user in users for error in user.errors]
    p50, p95 = percentile(latencies, 0.50) * 1000, percentile(latencies, 0.95) * 1000
    print(
        f"users: {args.users}, duration: {elapsed:.0f} s, "
        f"refresh passes (12 months each) completed meanwhile: {passes_during}"
    )
    print(
        f"requests: {len(latencies) + len(errors)}, errors: {len(errors)}, "
        f"p50: {p50:.0f} ms, p95: {p95:.0f} ms, max: {(latencies[-1] * 1000 if latencies else 0):.0f} ms, "
        f"{len(latencies) / elapsed:.1f} requests/s"
    )
    for error in sorted(set(errors))[:5]:
        print("   error:", error)
    met = not errors and latencies and p95 < TARGET_P95_MS
    print(f"target (0 errors, p95 under {TARGET_P95_MS} ms): {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
