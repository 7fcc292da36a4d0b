"""docker-compose.yml cannot run here (no Docker engine): check it is consistent."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ADDONS = {
    "reseller_kpi",
    "reseller_kpi_survey",
    "reseller_kpi_mass_mailing",
    "reseller_kpi_website_sale",
    "reseller_kpi_pos",
}


def load():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_images():
    services = load()["services"]
    assert services["odoo"]["image"] == "odoo:18.0"
    assert services["db"]["image"].startswith("postgres:16")
    assert "db" in services["odoo"]["depends_on"]


def test_addons_are_mounted_on_the_addons_path():
    odoo = load()["services"]["odoo"]
    mounts = {}
    for volume in odoo["volumes"]:
        source, _sep, target = volume.partition(":")
        mounts[target.split(":")[0]] = source
    for addon in ADDONS:
        target = f"/mnt/extra-addons/{addon}"
        assert mounts[target] == f"./{addon}", target
        assert (ROOT / addon / "__manifest__.py").exists()
    # the official image reads /mnt/extra-addons from its odoo.conf
    assert not any(str(arg).startswith("--addons-path") for arg in odoo.get("command", []))


def test_database_credentials_match():
    services = load()["services"]
    db_env, odoo_env = services["db"]["environment"], services["odoo"]["environment"]
    assert odoo_env["HOST"] == "db"
    assert odoo_env["USER"] == db_env["POSTGRES_USER"] != "postgres"
    assert odoo_env["PASSWORD"] == db_env["POSTGRES_PASSWORD"]


def test_readme_documents_the_docker_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "docker compose run --rm odoo odoo" in readme
    assert (
        "--test-tags /reseller_kpi,/reseller_kpi_survey,/reseller_kpi_mass_mailing,"
        "/reseller_kpi_website_sale,/reseller_kpi_pos" in readme
    )
