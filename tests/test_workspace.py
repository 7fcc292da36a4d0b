"""The workspace script (make run / make test) without starting anything."""

import socket
from pathlib import Path

import pytest
import workspace


def test_odoo_src_must_hold_odoo(tmp_path, monkeypatch):
    monkeypatch.setenv("ODOO_SRC", str(tmp_path))
    with pytest.raises(workspace.WorkspaceError, match="does not hold an Odoo source tree"):
        workspace.ensure_odoo()


def test_version_other_than_18_is_refused(tmp_path):
    (tmp_path / "odoo").mkdir()
    (tmp_path / "odoo" / "release.py").write_text("version_info = (17, 0, 0, 'final', 0, '')\n")
    with pytest.raises(workspace.WorkspaceError, match=r"not Odoo 18\.0"):
        workspace.check_odoo_version(tmp_path)


def test_version_18_is_accepted(tmp_path):
    (tmp_path / "odoo").mkdir()
    (tmp_path / "odoo" / "release.py").write_text("version_info = (18, 0, 0, 'final', 0, '')\n")
    workspace.check_odoo_version(tmp_path)


def test_addons_path_has_core_addons_and_ours(tmp_path):
    (tmp_path / "odoo" / "addons").mkdir(parents=True)
    (tmp_path / "addons").mkdir()
    paths = workspace.addons_path(tmp_path).split(",")
    assert paths == [str(tmp_path / "odoo" / "addons"), str(tmp_path / "addons"), str(workspace.ROOT)]
    assert (Path(paths[-1]) / "reseller_kpi" / "__manifest__.py").exists()


def test_external_server_is_used_as_given(monkeypatch):
    for var in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD"):
        monkeypatch.delenv(var, raising=False)
    assert not workspace.external_pg()
    monkeypatch.setenv("PGHOST", "db.example")
    monkeypatch.setenv("PGUSER", "kpi")
    assert workspace.db_params() == {
        "db_host": "db.example",
        "db_port": "False",
        "db_user": "kpi",
        "db_password": "False",
    }


def test_config_file(tmp_path, monkeypatch):
    monkeypatch.setattr(workspace, "STATE", tmp_path)
    (tmp_path / "odoo" / "addons").mkdir(parents=True)
    conf = workspace.write_config(
        tmp_path,
        {"db_host": "/run/pg", "db_port": "5432", "db_user": "odoo", "db_password": "False"},
        "x",
        http_port=8070,
    )
    text = conf.read_text()
    assert text.startswith("[options]\n")
    assert "db_user = odoo\n" in text
    assert "http_port = 8070\n" in text
    assert f"data_dir = {tmp_path / 'data'}\n" in text


def test_busy_port_is_detected():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        assert not workspace.port_free(sock.getsockname()[1])


def test_run_refuses_a_busy_port(monkeypatch, capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        monkeypatch.setenv("PORT", str(sock.getsockname()[1]))
        monkeypatch.setattr(workspace, "ensure_venv", lambda: None)
        assert workspace.main(["run"]) == 2
    assert "already in use" in capsys.readouterr().out


# Odoo's requirements that compile C code against system headers (no wheel for Python 3.11 on Linux
# in the pinned versions, or built from source by pip): each must be covered by BUILD_PACKAGES
REQUIREMENTS_WITH_HEADERS = ("psycopg2", "python-ldap")


def test_build_packages_cover_odoo_requirements():
    odoo_root = workspace.importable_odoo()
    assert odoo_root is not None
    names = {
        line.split(";")[0].split("=")[0].split("<")[0].split(">")[0].strip().lower()
        for line in (odoo_root / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    covered = {requirement for needs in workspace.BUILD_PACKAGES.values() for requirement in needs}
    for requirement in REQUIREMENTS_WITH_HEADERS:
        assert requirement in names, f"{requirement} is no longer in Odoo's requirements: update this test"
        assert requirement in covered


def test_missing_build_packages_are_named_when_apt_is_forbidden(monkeypatch):
    monkeypatch.setenv("RESELLER_KPI_APT", "0")
    monkeypatch.setattr(workspace, "missing_debian_packages", lambda names: ["libldap2-dev", "libsasl2-dev"])
    with pytest.raises(
        workspace.WorkspaceError, match="need these Debian packages to build: libldap2-dev libsasl2-dev"
    ):
        workspace.ensure_build_packages()


def test_odoo_is_found_before_its_requirements_are_installed(tmp_path, monkeypatch):
    # a source tree on the path whose import would fail (no babel yet) is still found
    (tmp_path / "odoo").mkdir()
    (tmp_path / "odoo" / "__init__.py").write_text("import a_module_that_is_not_installed\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    assert workspace.importable_odoo() == tmp_path


def test_served_odoo_listens_on_this_machine_only(tmp_path, monkeypatch):
    monkeypatch.setattr(workspace, "STATE", tmp_path)
    for name in ("run", "test"):
        conf = workspace.write_config(tmp_path, {"db_host": "/run/pg", "db_user": "odoo"}, name)
        assert "http_interface = 127.0.0.1\n" in conf.read_text()


def test_clean_with_yes_0_still_asks(monkeypatch, capsys):
    # make clean YES=0 passes no --yes (the Makefile keeps only YES=1/y/yes/true), and without a terminal
    # nothing is removed without confirmation
    makefile = (workspace.ROOT / "Makefile").read_text()
    assert "$(if $(filter 1 y yes true,$(YES)),--yes)" in makefile
    monkeypatch.setattr(workspace, "cluster_dirs", lambda: (workspace.ROOT / ".pg", None, workspace.ROOT / ".pg"))
    monkeypatch.setattr(workspace.sys.stdin, "isatty", lambda: False)
    monkeypatch.setattr(workspace, "VENV", workspace.ROOT / "setup")  # an existing folder that must stay
    assert workspace.main(["clean"]) == 2
    assert "Not removing anything without confirmation" in capsys.readouterr().out
    assert (workspace.ROOT / "setup").exists()


def test_private_cluster_is_private():
    """The cluster make test started: password authentication, no trust, socket folder for its owner only."""
    if workspace.external_pg():
        pytest.skip("the tests run against the user's own PostgreSQL server")
    base, data, sock = workspace.cluster_dirs()
    hba = [
        line.split()
        for line in (data / "pg_hba.conf").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert hba, "pg_hba.conf has rules"
    assert {rule[-1] for rule in hba} == {"scram-sha-256"}
    assert oct(sock.stat().st_mode & 0o777) == "0o700"
    assert oct((base / "password").stat().st_mode & 0o777) == "0o600"


def fake_apt(monkeypatch, present, uid):
    """apt-get calls recorded instead of run; an installed package's command appears on the PATH."""
    present = set(present)
    calls = []

    def run(cmd, **kwargs):
        calls.append([str(c) for c in cmd])
        if "install" in cmd:
            present.add(cmd[-1])

    monkeypatch.setenv("RESELLER_KPI_APT", "1")
    monkeypatch.setattr(workspace.shutil, "which", lambda name: f"/usr/bin/{name}" if name in present else None)
    monkeypatch.setattr(workspace.os, "geteuid", lambda: uid)
    monkeypatch.setattr(workspace, "run", run)
    return calls


def test_missing_chromium_and_wkhtmltopdf_are_installed_as_root(monkeypatch):
    calls = fake_apt(monkeypatch, {"apt-get"}, uid=0)
    workspace.ensure_test_tools()
    assert ["apt-get", "install", "-y", "-qq", "chromium"] in calls
    assert ["apt-get", "install", "-y", "-qq", "wkhtmltopdf"] in calls


def test_missing_wkhtmltopdf_is_installed_with_sudo(monkeypatch):
    calls = fake_apt(monkeypatch, {"apt-get", "sudo", "chromium"}, uid=1000)
    assert workspace.ensure_pdf_tool()
    assert calls == [
        ["sudo", "apt-get", "update", "-qq"],
        ["sudo", "apt-get", "install", "-y", "-qq", "wkhtmltopdf"],
    ]


def test_present_tools_are_not_installed(monkeypatch):
    calls = fake_apt(monkeypatch, {"apt-get", "chromium", "wkhtmltopdf"}, uid=0)
    workspace.ensure_test_tools()
    assert calls == []


def test_missing_wkhtmltopdf_is_named_without_root_or_sudo(monkeypatch, capsys):
    calls = fake_apt(monkeypatch, {"apt-get", "chromium"}, uid=1000)
    assert not workspace.ensure_pdf_tool()
    assert calls == []
    assert "no wkhtmltopdf found: PDF reports cannot be printed" in capsys.readouterr().out


def test_apt_0_forbids_installing_wkhtmltopdf(monkeypatch, capsys):
    calls = fake_apt(monkeypatch, {"apt-get", "sudo"}, uid=0)
    monkeypatch.setenv("RESELLER_KPI_APT", "0")
    workspace.ensure_test_tools()
    assert calls == []
    out = capsys.readouterr().out
    assert "(apt-get install wkhtmltopdf)" in out
    assert "(apt-get install chromium)" in out


def test_threaded_by_default_workers_on_request():
    assert workspace.server_options(0, 8069) == []
    options = workspace.server_options(4, 18069)
    assert "--workers=4" in options
    # one cron worker beside the HTTP workers, and the bus on the HTTP port + 3
    assert "--max-cron-threads=1" in options
    assert "--gevent-port=18072" in options
    assert any(option.startswith("--limit-time-real=") for option in options)


def test_replica_is_made_of_the_private_cluster_only(monkeypatch):
    monkeypatch.setenv("PGHOST", "db.example.com")
    with pytest.raises(workspace.WorkspaceError, match="db_replica_host"):
        workspace.start_replica({"db_host": "db.example.com", "db_port": "5432", "db_user": "odoo"})
