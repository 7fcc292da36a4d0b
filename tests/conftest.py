import sys
from pathlib import Path

import pytest

import odoo
from odoo.modules.registry import Registry

# the workspace scripts are imported by the tests as plain modules
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "setup"))


@pytest.fixture
def env():
    """An environment on the test database (pytest-odoo's --odoo-database), rolled back after the test."""
    registry = Registry(odoo.tools.config["db_name"])
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.rollback()
