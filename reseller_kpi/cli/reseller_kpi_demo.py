"""``odoo-bin reseller-kpi-demo``: fill a database with the demo reseller."""

import argparse
import logging
import sys
import time
from datetime import date

import odoo
from odoo.cli import Command
from odoo.exceptions import UserError
from odoo.modules.registry import Registry

_logger = logging.getLogger(__name__)


class ResellerKpiDemo(Command):
    """Generate the demo reseller (deterministic with --seed, sized by --scale)"""

    name = "reseller-kpi-demo"

    def run(self, cmdargs):
        parser = argparse.ArgumentParser(
            prog=f"odoo-bin {self.name}",
            description=self.__doc__,
            epilog="Other options (-c, -d, --db_host...) are Odoo's own.",
        )
        parser.add_argument("--scale", type=float, default=1.0, help="1 gives about 10,000 sale order lines")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--end-date", type=date.fromisoformat, default=None, help="last day (default: today)")
        args, odoo_args = parser.parse_known_args(cmdargs)
        odoo.tools.config.parse_config(odoo_args, setup_logging=True)
        database = odoo.tools.config["db_name"]
        if not database or "," in database:
            sys.exit("Give the database to fill with -d DATABASE.")
        if args.scale <= 0 or args.months < 13:
            sys.exit("--scale must be positive and --months at least 13.")
        started = time.time()
        registry = Registry(database)
        try:
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                summary = env["reseller.kpi.demo.generator"].generate(
                    seed=args.seed, scale=args.scale, months=args.months, end_date=args.end_date
                )
        except UserError as exc:
            # nothing was written: the cursor rolled back
            sys.exit(str(exc))
        seconds = time.time() - started
        for key, value in sorted(summary.items()):
            print(f"{key}: {value}")  # noqa: T201  # pylint: disable=print-used
        print(f"seconds: {seconds:.1f}")  # noqa: T201  # pylint: disable=print-used
