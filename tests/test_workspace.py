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
