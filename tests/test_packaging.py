"""Each add-on builds as an OCA-style wheel with whool; manifests follow the house style."""

import ast
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = [
    "reseller_kpi",
    "reseller_kpi_survey",
    "reseller_kpi_mass_mailing",
    "reseller_kpi_website_sale",
    "reseller_kpi_pos",
]


def manifest(addon):
    return ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_house_style(addon):
    data = manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", data["version"])
    assert data["license"] == "LGPL-3"
    assert data["development_status"] in {"Alpha", "Beta", "Production/Stable", "Mature"}
    assert data["maintainers"]
    for fragment in ("DESCRIPTION.md", "USAGE.md", "CONTRIBUTORS.md"):
        assert (ROOT / addon / "readme" / fragment).exists(), fragment
    assert (ROOT / addon / "i18n" / "fr.po").exists()
    assert (ROOT / addon / "i18n" / f"{addon}.pot").exists()
    assert (ROOT / addon / "static" / "description" / "icon.png").exists()


def test_dependencies():
    assert manifest("reseller_kpi")["depends"] == [
        "sale_management",
        "sale_margin",
        "sale_stock",
        "purchase_stock",
        "account",
        "crm",
        "digest",
        "spreadsheet_dashboard",
        "mail",
    ]
    assert manifest("reseller_kpi_survey")["depends"] == ["reseller_kpi", "survey"]
    # a bridge add-on installs itself when both sides are there
    mass_mailing = manifest("reseller_kpi_mass_mailing")
    assert (mass_mailing["depends"], mass_mailing["auto_install"]) == (["reseller_kpi", "mass_mailing"], True)
    shop = manifest("reseller_kpi_website_sale")
    assert (shop["depends"], shop["auto_install"]) == (["reseller_kpi", "website_sale"], True)
    # the till's add-on needs pos_sale (a ticket's team) but installs itself with the point of sale
    pos = manifest("reseller_kpi_pos")
    assert pos["depends"] == ["reseller_kpi", "point_of_sale", "pos_sale"]
    assert pos["auto_install"] == ["reseller_kpi", "point_of_sale"]


@pytest.mark.parametrize("addon", ADDONS)
def test_wheel_builds_with_whool(addon, tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT / addon)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    assert wheel.name.startswith(f"odoo_addon_{addon}-18.0.")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert f"odoo/addons/{addon}/__manifest__.py" in names
        metadata = archive.read(next(n for n in names if n.endswith("METADATA"))).decode()
    requires = set(re.findall(r"^Requires-Dist: (\S+)", metadata, re.M))
    for dependency in manifest(addon)["depends"]:
        if dependency.startswith("reseller_kpi"):
            assert any(r.startswith(f"odoo-addon-{dependency}") for r in requires)
    assert any(r.startswith("odoo") for r in requires)


def test_metapackage_lists_every_addon():
    text = (ROOT / "setup" / "_metapackage" / "pyproject.toml").read_text()
    for addon in ADDONS:
        assert f'"odoo-addon-{addon}==18.0.*"' in text
