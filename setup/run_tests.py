#!/usr/bin/env python3
"""Run every test of the project on a fresh database and print one summary line.

Steps, all against the database given with ``--database`` (dropped first):

1. Odoo's runner: install the add-ons with ``--test-enable`` (at_install and
   post_install tests of our add-ons only);
2. pytest with pytest-odoo on ``tests/``;
3. uninstall the add-ons and check that nothing of theirs is left.

With ``--odoo-tags`` only step 1 runs (with those tags); with pytest
arguments only step 2 runs, after installing the add-ons without tests.

Any failed test, or any ERROR/CRITICAL line in Odoo's log, fails the run.
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = (
    "reseller_kpi",
    "reseller_kpi_survey",
    "reseller_kpi_mass_mailing",
    "reseller_kpi_website_sale",
    "reseller_kpi_pos",
)
# Odoo's own add-ons installed beside them: the demo's drop-shipped orders need Drop Shipping
ODOO_ADDONS = ("stock_dropshipping",)
MODULES = ",".join(ADDONS + ODOO_ADDONS)  # what -i installs
LAUNCHER = "import os; os.environ['TZ'] = 'UTC'; import odoo.cli, sys; sys.exit(odoo.cli.main())"

# "2026-11-22 10:00:00,123 4242 ERROR dbname odoo.addons...: message"
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>\S+): (?P<msg>.*)"
)
STATS_LINE = re.compile(r"^(?P<module>\w+): (?P<count>\d+) tests ")
OUR_LOGGERS = tuple(f"odoo.addons.{name}." for name in ADDONS)
FAILED_TEST = re.compile(r"^(FAIL|ERROR): ")


def odoo(*args):
    return [sys.executable, "-c", LAUNCHER, *args]


def stream(cmd, log_path):
    """Run `cmd`, echo its output and keep it in `log_path`; return (rc, lines)."""
    lines = []
    with (
        open(log_path, "w") as log,
        subprocess.Popen(
            [str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
        ) as proc,
    ):
        for line in proc.stdout:
            sys.stdout.write(line)
            log.write(line)
            lines.append(line.rstrip("\n"))
    return proc.returncode, lines


def is_our_skip(logger, msg):
    """A skipped test of ours: a test method (logged under our module) or a whole class
    skipped in setUpClass (logged by odoo.tests.suite with the class's dotted path)."""
    if not msg.startswith("skipped "):
        return False
    return logger.startswith(OUR_LOGGERS) or any(prefix in msg for prefix in OUR_LOGGERS)


def read_odoo_log(lines):
    """Count Odoo's tests per add-on from its stats lines, and collect failures and errors.

    Returns ({add-on: tests run}, failed, problem lines).
    """
    ran, failed, problems = dict.fromkeys(ADDONS, 0), 0, []
    for line in lines:
        match = LOG_LINE.match(line)
        if not match:
            continue
        msg = match["msg"]
        if match["logger"] == "odoo.tests.stats":
            stats = STATS_LINE.match(msg)
            if stats and stats["module"] in ADDONS:
                ran[stats["module"]] += int(stats["count"])
        if is_our_skip(match["logger"], msg):
            # a skipped test (missing browser, missing module) hides a problem: fail
            failed += 1
            problems.append(line)
        if match["level"] in ("ERROR", "CRITICAL"):
            if FAILED_TEST.match(msg):
                failed += 1
            problems.append(line)
    return ran, failed, problems


def addons_without_tests(ran, required=ADDONS):
    """The add-ons of `required` of which Odoo's runner ran no test."""
    return [name for name in required if not ran.get(name)]


def step_odoo(conf, database, log_dir, tags):
    print(f"== Odoo test runner: install with --test-enable --test-tags={tags}", flush=True)
    rc, lines = stream(
        odoo(
            "-c",
            conf,
            "-d",
            database,
            "-i",
            MODULES,
            "--without-demo=all",
            "--test-enable",
            f"--test-tags={tags}",
            "--stop-after-init",
            "--log-level=test",
            "--max-cron-threads=0",
        ),
        log_dir / "odoo-tests.log",
    )
    ran, failed, problems = read_odoo_log(lines)
    if rc and not failed:
        failed = 1  # Odoo failed without naming a test (install error): count it
    return ran, failed, problems


PYTEST_SUMMARY = re.compile(r"(\d+) (passed|failed|error|errors)\b")


def step_pytest(conf, database, log_dir, extra):
    print(f"== pytest (pytest-odoo) {' '.join(extra)}", flush=True)
    rc, lines = stream(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            f"--odoo-config={conf}",
            f"--odoo-database={database}",
            *extra,
        ],
        log_dir / "pytest.log",
    )
    return read_pytest_result(rc, lines)


def read_pytest_result(rc, lines):
    """(passed, failed) from pytest's exit code and closing lines.

    Exit code 5 means that no test was collected: a run that tests nothing fails.
    """
    passed = failed = 0
    for line in lines[-5:]:
        if line.startswith("=") or " in " in line:
            for count, word in PYTEST_SUMMARY.findall(line):
                if word == "passed":
                    passed += int(count)
                else:
                    failed += int(count)
    if rc == 5 or (rc == 0 and not passed):
        print("pytest collected no test: that is a failure.")
        failed = max(failed, 1)
    elif rc and not failed:
        failed = 1
    return passed, failed


UNINSTALL_SCRIPT = f"""
modules = env["ir.module.module"].search([("name", "in", {list(ADDONS)!r})])
modules.button_immediate_uninstall()
env.invalidate_all()
left = modules.filtered(lambda m: m.state != "uninstalled").mapped("name")
data = env["ir.model.data"].search_count([("module", "in", {list(ADDONS)!r})])
print("UNINSTALL-CHECK", "ok" if not left and not data else f"left={{left}} data={{data}}")
"""


def step_uninstall(conf, database, log_dir):
    print("== uninstall the add-ons", flush=True)
    script = log_dir / "uninstall.py"
    script.write_text(UNINSTALL_SCRIPT)
    with open(script) as stdin:
        out = subprocess.run(
            odoo("shell", "-c", conf, "-d", database, "--no-http", "--log-level=warn"),
            stdin=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    (log_dir / "uninstall.log").write_text(out.stdout + out.stderr)
    sys.stdout.write(out.stdout[-2000:] + out.stderr[-4000:])
    ok = "UNINSTALL-CHECK ok" in out.stdout
    _ran, _failed, problems = read_odoo_log(out.stderr.splitlines())
    return (1, 0, problems) if ok else (0, 1, problems)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--odoo-tags", default="", help="only Odoo's runner, with these --test-tags")
    args, pytest_args = parser.parse_known_args()
    log_dir = Path(args.config).parent / "test-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    prepare_database(args.config, args.database)

    # one part only (make test TESTS=... or ODOO_TAGS=...), or everything
    run_odoo = bool(args.odoo_tags) or not pytest_args
    run_pytest = bool(pytest_args) or not args.odoo_tags
    full = run_odoo and run_pytest
    odoo_failed = py_passed = py_failed = un_passed = un_failed = 0
    odoo_ran_by_addon, problems = {}, []
    if run_odoo:
        tags = args.odoo_tags or ",".join(f"/{name}" for name in ADDONS)
        odoo_ran_by_addon, odoo_failed, problems = step_odoo(args.config, args.database, log_dir, tags)
    else:
        problems = install_only(args.config, args.database, log_dir)
    if run_pytest:
        py_passed, py_failed = step_pytest(args.config, args.database, log_dir, pytest_args or ["tests"])
    if full:
        un_passed, un_failed, un_problems = step_uninstall(args.config, args.database, log_dir)
        problems += un_problems

    odoo_ran = sum(odoo_ran_by_addon.values())
    # failed subtests are counted one by one: never fewer than 0 passed
    passed = max(odoo_ran - odoo_failed, 0) + py_passed + un_passed
    failed = odoo_failed + py_failed + un_failed
    print()
    print(
        f"Odoo runner: {odoo_ran} tests, {odoo_failed} failed; pytest: {py_passed} passed, "
        f"{py_failed} failed; uninstall: {'ok' if un_passed else 'FAILED' if full else 'not run'}"
    )
    if problems:
        print(f"{len(problems)} ERROR/CRITICAL line(s) in Odoo's log:")
        for line in problems[:30]:
            print("   ", line[:300])
    if run_odoo:
        # every add-on when all tests run; at least one test when tags chose some
        silent = addons_without_tests(odoo_ran_by_addon, ADDONS if not args.odoo_tags else ())
        if silent or odoo_ran == 0:
            print(f"Odoo's runner ran no test of {', '.join(silent) or 'ours'}: that is a failure.")
            failed += max(len(silent), 1)
    print(f"tests: {passed} passed, {failed} failed")
    return 1 if failed or problems else 0


def install_only(conf, database, log_dir):
    """The add-ons without their tests, for a pytest-only run."""
    print("== installing the add-ons (no Odoo tests)", flush=True)
    rc, lines = stream(
        odoo("-c", conf, "-d", database, "-i", MODULES, "--without-demo=all", "--stop-after-init"),
        log_dir / "odoo-install.log",
    )
    if rc:
        raise SystemExit("installing the add-ons failed, see the log above")
    return read_odoo_log(lines)[2]


# written on the test database when it is created: only a database carrying it is ever dropped
TEST_DB_MARKER = "reseller-kpi: test database created by make test, dropped and recreated by each run"


def psql(conf, script, **variables):
    """Run `script` with psql on the maintenance database; values travel as psql variables."""
    cmd = ["psql", "-d", "postgres", "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1"]
    for name, value in variables.items():
        cmd += ["-v", f"{name}={value}"]
    out = subprocess.run(cmd, input=script, capture_output=True, text=True, env=pg_env(conf))
    if out.returncode:
        raise SystemExit(f"PostgreSQL refused: {out.stderr.strip()}")
    return out.stdout.strip()


def database_comment(conf, name):
    """(exists, comment) of the database `name`."""
    found = psql(
        conf,
        "SELECT COALESCE(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = :'name';\n"
        "SELECT COUNT(*) FROM pg_database WHERE datname = :'name';\n",
        name=name,
    ).splitlines()
    exists = found[-1] == "1"
    return exists, found[0] if exists and len(found) > 1 else ""


def on_private_cluster(conf):
    """True when the configuration points at the workspace's own cluster (every database there is ours)."""
    socket_file = ROOT / ".odoo" / "pg-socket"
    return socket_file.exists() and conf_options(conf).get("db_host") == socket_file.read_text().strip()


def prepare_database(conf, name):
    """A new, empty, marked test database `name`; an existing one is dropped only if this script made it."""
    exists, comment = database_comment(conf, name)
    if exists and comment != TEST_DB_MARKER and not on_private_cluster(conf):
        raise SystemExit(
            f"A database {name} exists and was not created by make test: it is left untouched. "
            "Drop it yourself if it is a leftover, or point the tests at another server (PGHOST...)."
        )
    if exists:
        subprocess.run(["dropdb", name], check=True, env=pg_env(conf))
    # as Odoo creates its databases: unicode, C collation, from template0
    subprocess.run(["createdb", "-E", "UTF8", "--lc-collate=C", "-T", "template0", name], check=True, env=pg_env(conf))
    psql(conf, "COMMENT ON DATABASE :\"name\" IS :'marker';\n", name=name, marker=TEST_DB_MARKER)


def conf_options(conf):
    options = {}
    for line in Path(conf).read_text().splitlines():
        key, _sep, value = (part.strip() for part in line.partition("="))
        options[key] = value
    return options


def pg_env(conf):
    """PG* variables from the generated Odoo configuration."""
    env = dict(os.environ)
    mapping = {"db_host": "PGHOST", "db_port": "PGPORT", "db_user": "PGUSER", "db_password": "PGPASSWORD"}
    for key, value in conf_options(conf).items():
        if key in mapping and value != "False":
            env[mapping[key]] = value
    return env


if __name__ == "__main__":
    sys.exit(main())
