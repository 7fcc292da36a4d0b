"""The test runner's verdicts (setup/run_tests.py): it must not pass on nothing."""

import pytest
import run_tests


def log(level, logger, msg):
    return f"2026-12-01 10:00:00,123 4242 {level} reseller_kpi_test {logger}: {msg}"


def test_stats_lines_are_counted_per_addon():
    ran, failed, problems = run_tests.read_odoo_log(
        [
            log("INFO", "odoo.tests.stats", "reseller_kpi: 40 tests 12.00s 9000 queries"),
            log("INFO", "odoo.tests.stats", "reseller_kpi: 2 tests 1.00s 90 queries"),
            log("INFO", "odoo.tests.stats", "sale: 7 tests 1.00s 90 queries"),
        ]
    )
    # every add-on of the run is listed, those that ran nothing with 0; sale's tests are not ours
    assert ran == {name: 0 for name in run_tests.ADDONS} | {"reseller_kpi": 42}
    assert (failed, problems) == (0, [])


def test_an_addon_that_ran_no_test_is_named():
    two = ("reseller_kpi", "reseller_kpi_survey")
    assert run_tests.addons_without_tests({"reseller_kpi": 42, "reseller_kpi_survey": 0}, two) == [
        "reseller_kpi_survey"
    ]
    assert run_tests.addons_without_tests({"reseller_kpi": 42, "reseller_kpi_survey": 3}, two) == []
    # by default every add-on of the run must have run a test
    everything = dict.fromkeys(run_tests.ADDONS, 1)
    assert run_tests.addons_without_tests(everything) == []
    assert run_tests.addons_without_tests(everything | {"reseller_kpi_website_sale": 0}) == [
        "reseller_kpi_website_sale"
    ]
    # a run restricted by tags needs no test of each add-on
    assert run_tests.addons_without_tests({"reseller_kpi": 0}, ()) == []


def test_a_skipped_test_method_fails():
    skipped = log("INFO", "odoo.addons.reseller_kpi.tests.test_ui", "skipped TestUi.test_tour : no browser")
    _ran, failed, problems = run_tests.read_odoo_log([skipped])
    assert (failed, problems) == (1, [skipped])


def test_a_class_skipped_in_setupclass_fails():
    skipped = log(
        "INFO",
        "odoo.tests.suite",
        "skipped setUpClass (odoo.addons.reseller_kpi_survey.tests.test_x.TestX) : survey missing",
    )
    _ran, failed, problems = run_tests.read_odoo_log([skipped])
    assert (failed, problems) == (1, [skipped])


def test_skips_of_other_modules_do_not_count():
    other = log("INFO", "odoo.tests.suite", "skipped setUpClass (odoo.addons.sale.tests.test_x.TestX) : no")
    assert run_tests.read_odoo_log([other])[1:] == (0, [])


def test_failed_test_and_error_lines():
    failure = log("ERROR", "odoo.addons.reseller_kpi.tests.test_kpi_values", "FAIL: TestKpiValues.test_sales")
    error = log("ERROR", "odoo.sql_db", "bad query")
    _ran, failed, problems = run_tests.read_odoo_log([failure, error])
    assert failed == 1
    assert problems == [failure, error]


def test_pytest_collecting_nothing_fails():
    assert run_tests.read_pytest_result(5, ["no tests ran in 0.01s"]) == (0, 1)
    assert run_tests.read_pytest_result(0, ["===== 0 passed in 0.01s ====="]) == (0, 1)


def test_pytest_counts():
    assert run_tests.read_pytest_result(0, ["===== 22 passed in 3.10s ====="]) == (22, 0)
    assert run_tests.read_pytest_result(1, ["===== 2 failed, 20 passed in 3.10s ====="]) == (20, 2)
    # pytest failed without a summary (collection error): one failure
    assert run_tests.read_pytest_result(2, ["ERROR collecting tests/x.py"]) == (0, 1)


def test_an_unmarked_database_is_never_dropped(monkeypatch):
    """A database of the same name on the user's own server, not made by make test, stays."""
    calls = []
    monkeypatch.setattr(run_tests, "database_comment", lambda conf, name: (True, "the user's accounts"))
    monkeypatch.setattr(run_tests, "on_private_cluster", lambda conf: False)
    monkeypatch.setattr(run_tests.subprocess, "run", lambda cmd, **kw: calls.append(cmd))
    with pytest.raises(SystemExit, match="was not created by make test: it is left untouched"):
        run_tests.prepare_database("test.conf", "reseller_kpi_test")
    assert calls == []


def test_the_marked_database_is_recreated_and_a_new_one_is_marked(monkeypatch):
    calls, scripts = [], []
    monkeypatch.setattr(run_tests, "database_comment", lambda conf, name: (True, run_tests.TEST_DB_MARKER))
    monkeypatch.setattr(run_tests, "pg_env", lambda conf: {})
    monkeypatch.setattr(run_tests.subprocess, "run", lambda cmd, **kw: calls.append(cmd[0]))
    monkeypatch.setattr(run_tests, "psql", lambda conf, script, **variables: scripts.append((script, variables)))
    run_tests.prepare_database("test.conf", "reseller_kpi_test")
    assert calls == ["dropdb", "createdb"]
    assert scripts[0][1] == {"name": "reseller_kpi_test", "marker": run_tests.TEST_DB_MARKER}
    assert scripts[0][0].startswith("COMMENT ON DATABASE")
    # absent: created and marked, nothing dropped
    calls.clear()
    monkeypatch.setattr(run_tests, "database_comment", lambda conf, name: (False, ""))
    run_tests.prepare_database("test.conf", "reseller_kpi_test")
    assert calls == ["createdb"]
