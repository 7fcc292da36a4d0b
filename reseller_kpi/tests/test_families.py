"""A KPI family is a plug-in: what each family declares is complete, and no trap is silent.

Every family of the installed add-ons is checked, whichever add-on declares it:
each field of its aggregate is produced by its queries (a misspelt column
would otherwise read as 0), each record set of its KPIs is one of its member
sets, and every string of its registry is in its add-on's ``.pot`` and
translated in its ``fr.po`` (the strings are marked with ``_lt``, so Odoo's
exporter keeps them). The base add-on names no family of another add-on.
"""

from datetime import date
from pathlib import Path
from unittest.mock import patch

import polib

from odoo.modules.module import get_module_path
from odoo.tests import tagged

from ..engine.codes import REGISTRY
from ..engine.periods import periods_between
from ..models.reseller_kpi_collector import PassCache
from .common import MARCH, YEAR, KpiFixtureCase


@tagged("post_install", "-at_install")
class TestFamilies(KpiFixtureCase):
    def families(self):
        return self.env["reseller.kpi.collector"]._kpi_registry().families.values()

    def test_every_aggregate_field_is_produced_by_its_queries(self):
        Collector = self.env["reseller.kpi.collector"]
        scope = Collector._scope(self.company, MARCH)
        original = type(Collector)._fetch
        produced = set()

        def spy(collector, query):
            rows = original(collector, query)
            produced.update(column.name for column in collector.env.cr.description)
            return rows

        aggregates = {}
        with patch.object(type(Collector), "_fetch", spy):
            for family in self.families():
                produced.clear()
                aggregates[family.name] = Collector._family(family.name)._aggregate(scope, aggregates)
                aggregate_types = {type(aggregate) for aggregate in aggregates[family.name].values()}
                self.assertEqual(len(aggregate_types), 1, family.name)
                fields = set(aggregate_types.pop()._fields)
                with self.subTest(family=family.name):
                    self.assertEqual(fields - produced, set(), "fields that no query of the family produces")

    def test_one_pass_over_many_periods_gives_each_period_alone(self):
        """Every family reads its facts once for the periods of a refresh and groups them by period:
        weeks, months and quarters of the fixture and the year in progress, each with the same values,
        numerators, denominators and dimensions as when computed alone."""
        Collector = self.env["reseller.kpi.collector"]
        periods = [*periods_between(date(2026, 1, 1), date(2026, 4, 30), ["week", "month", "quarter"]), YEAR]
        together = Collector._compute_periods(self.company, periods)
        self.assertEqual(set(together), set(periods))
        for period in periods:
            alone = Collector._compute_period(self.company, period)
            with self.subTest(period=period):
                self.assertEqual(set(together[period]), set(alone))
                for key, kpi_value in alone.items():
                    for name, expected in kpi_value._asdict().items():
                        got = getattr(together[period][key], name)
                        if expected is None:
                            self.assertIsNone(got, (key, name))
                        else:
                            self.assertAlmostEqual(got, expected, places=6, msg=(key, name))
        # not a comparison of empty periods: March's revenue and customers are the fixture's
        march = together[MARCH]
        self.assertEqual(march[("sales.revenue", None, None)].value, 1100)
        self.assertGreater(march[("customers.active", None, None)].value, 0)

    def test_a_pass_reads_the_customers_activity_once(self):
        """The customers, data-quality (and e-mail) families all read the customers' spells of activity:
        one pass brings the stored ones in step once; when it cannot, it builds them once, into a temporary
        table dropped at its end. The active customers read in a pass are those read straight from the
        orders (a drill-down's way)."""
        Collector = self.env["reseller.kpi.collector"]
        Customers = self.env["reseller.kpi.family.customers"]
        Spell = self.env["reseller.kpi.customer.spell"]
        periods = [MARCH, MARCH.previous(), YEAR]
        syncs, spells = [], []
        original_sync, original_spells = type(Spell)._sync, type(Customers)._spells

        def spy_sync(model, *args):
            syncs.append(args)
            return original_sync(model, *args)

        def spy_spells(family, *args, **kwargs):
            spells.append(args)
            return original_spells(family, *args, **kwargs)

        with patch.object(type(Spell), "_sync", spy_sync), patch.object(type(Customers), "_spells", spy_spells):
            results = Collector._compute_periods(self.company, periods)
        # the fixture's refresh stored them: nothing to rebuild
        self.assertEqual((len(syncs), len(spells)), (1, 0))
        with (
            patch.object(type(Spell), "_sync", lambda *args: False),
            patch.object(type(Customers), "_spells", spy_spells),
        ):
            self.assertEqual(Collector._compute_periods(self.company, periods), results)
        self.assertEqual(len(spells), 1)
        self.env.cr.execute(
            "SELECT COUNT(*) FROM pg_class WHERE relname LIKE 'reseller_kpi_pass_%%' AND relpersistence = 't'"
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

        Data = self.env["reseller.kpi.family.data"]
        alone = Collector._fetch(Data._active_in([Collector._scope(self.company, MARCH)]))
        in_pass = Collector._fetch(Data._active_in([Collector._scope(self.company, MARCH, shared=PassCache())]))
        self.assertEqual(sorted(row["customer"] for row in in_pass), sorted(row["customer"] for row in alone))
        self.assertEqual(len(alone), results[MARCH][("customers.active", None, None)].value)
        self.assertGreater(len(alone), 0)

    def test_every_record_set_is_a_member_set_of_its_family(self):
        Collector = self.env["reseller.kpi.collector"]
        for family in self.families():
            member_sets = Collector._family(family.name)._kpi_member_sets
            self.assertTrue(member_sets, family.name)
            for kpi in family.kpis:
                self.assertTrue(kpi.records, f"{kpi.code}: a controller opens the records of every KPI")
                for record_set in kpi.records:
                    with self.subTest(code=kpi.code, records=record_set.ref):
                        members = Collector._member_set(record_set)
                        self.assertIn(members.model, self.env)
                        self.assertTrue(members.label)
                        self.assertTrue(hasattr(Collector._family(record_set.family), members.facts))

    def test_every_registry_string_is_translated(self):
        Collector = self.env["reseller.kpi.collector"]
        for family in self.families():
            model = Collector._family(family.name)
            # the add-on declaring the family and those extending it (a sales channel's member sets)
            template, french = set(), {}
            for module in Collector._family_modules(family.name):
                folder = Path(get_module_path(module)) / "i18n"
                if not (folder / f"{module}.pot").exists():
                    continue
                template |= {entry.msgid for entry in polib.pofile(str(folder / f"{module}.pot"))}
                for entry in polib.pofile(str(folder / "fr.po")):
                    french[entry.msgid] = french.get(entry.msgid) or entry.msgstr
            texts = {family.label}
            texts |= {text for kpi in family.kpis for text in (kpi.label, kpi.description)}
            texts |= {members.label for members in model._kpi_member_sets.values()}
            for text in texts:
                with self.subTest(family=family.name, text=text):
                    self.assertTrue(text in template, f"not in the .pot of {model._original_module} (make i18n)")
                    self.assertTrue(french.get(text), f"not translated in the fr.po of {model._original_module}")

    def test_the_base_names_no_family_of_another_add_on(self):
        # the word is built here so that this file does not name it either
        other_family = "satis" + "faction"
        root = Path(get_module_path("reseller_kpi"))
        for path in root.rglob("*"):
            if path.suffix not in (".py", ".xml", ".js", ".csv") or {"tests", "i18n"} & set(path.parts):
                continue
            with self.subTest(path=path.name):
                self.assertNotIn(other_family, path.read_text().lower())
        self.assertNotIn(other_family, REGISTRY.families)

    def test_the_registry_of_the_installed_add_ons_extends_the_base(self):
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        self.assertEqual(list(registry.families)[: len(REGISTRY.families)], list(REGISTRY.families))
        # every family's codes are stored with their family, and the selection offers them all
        selection = dict(self.env["reseller.kpi.value"]._fields["kpi_code"].selection)
        families = dict(self.env["reseller.kpi.value"]._fields["kpi_family"].selection)
        for family in registry.families.values():
            self.assertIn(family.name, families)
            for kpi in family.kpis:
                self.assertIn(kpi.code, selection)
