"""The customers' spells of activity are stored and kept in step with the orders.

A pass rebuilds the spells of the customers whose orders changed, only those,
and computes exactly what it computed from the orders themselves (see
``reseller.kpi.customer.spell``).
"""

from datetime import date
from unittest.mock import patch

import psycopg2

from odoo import Command
from odoo.tests import tagged

from .common import MARCH, Q1, WEEK_10, YEAR, KpiFixtureCase

COLUMNS = ("customer", "team_id", "user_id", "g_team_id", "g_user_id", "first_day", "start_day", "end_day")


@tagged("post_install", "-at_install")
class TestStoredSpells(KpiFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Collector = cls.env["reseller.kpi.collector"]
        cls.Spell = cls.env["reseller.kpi.customer.spell"]
        cls.Customers = cls.env["reseller.kpi.family.customers"]

    def from_orders(self, company):
        rows = self.Collector._fetch(self.Customers._spells(company, self.Collector._tz(company), None))
        return sorted((tuple(row[column] for column in COLUMNS) for row in rows), key=str)

    def stored_spells(self, company, customer=None):
        rows = self.Collector._fetch(self.Spell._relation(company))
        return sorted(
            (tuple(row[column] for column in COLUMNS) for row in rows if customer in (None, row["customer"])), key=str
        )

    def sync(self, company=None):
        self.env.flush_all()
        company = company or self.company
        return self.Spell._sync(company, self.Collector._tz(company))

    def assertSameAsWithoutStore(self, periods):
        """A pass reading the stored spells computes what a pass reading the orders computes."""
        stored = self.Collector._compute_periods(self.company, periods)
        with patch.object(type(self.Spell), "_sync", lambda *args: False):
            computed = self.Collector._compute_periods(self.company, periods)
        for period in periods:
            with self.subTest(period=period):
                self.assertEqual(stored[period], computed[period])

    def test_stored_spells_are_those_of_the_orders(self):
        # the fixture's refresh stored them, for each company
        self.assertEqual(self.sync(), 0)
        self.assertEqual(self.sync(self.other), 0)
        self.assertEqual(self.stored_spells(self.company), self.from_orders(self.company))
        self.assertEqual(self.stored_spells(self.other), self.from_orders(self.other))
        # C3: orders of 1 December 2024 and 20 March 2026 (team 1), 474 days apart with W = 365: two spells
        user = self.o4.user_id.id or None
        first, second = (date(2024, 12, 1), date(2025, 11, 30)), (date(2026, 3, 20), date(2027, 3, 19))
        self.assertEqual(
            self.stored_spells(self.company, self.c3.id),
            sorted(
                (
                    (self.c3.id, team, person, g_team, g_user, date(2024, 12, 1), *spell)
                    for team, person, g_team, g_user in (
                        (None, None, 1, 1),
                        (self.team1.id, None, 0, 1),
                        (None, user, 1, 0),
                    )
                    for spell in (first, second)
                ),
                key=str,
            ),
        )

    def test_changed_orders_rebuild_their_customers_only(self):
        """A moved order, a new one, a redated one and a contact moved to another company: the next pass
        rebuilds C1, C2, C3, C4 and C8, and counts March as the orders now say."""
        other_spells = self.stored_spells(self.other)
        self.o5.team_id = self.team2  # C3's March order, now team 2's
        new = self.env["sale.order"].create(
            {
                "partner_id": self.c4.id,
                "team_id": self.team1.id,
                "order_line": [Command.create({"product_id": self.p1.id, "product_uom_qty": 1, "price_unit": 10})],
            }
        )
        new.write({"state": "sale", "date_order": "2026-03-28 10:00:00"})  # C4 orders again
        self.o10.date_order = "2025-02-10 10:00:00"  # C8's spell now ends on 9 February 2026
        self.c1_contact.parent_id = self.c2  # O1 (10 January 2025) is C2's now
        self.assertEqual(self.sync(), 5)
        self.assertEqual(self.stored_spells(self.company), self.from_orders(self.company))
        self.assertEqual(self.stored_spells(self.other), other_spells)
        self.assertEqual(self.sync(), 0)

        self.Value._refresh(self.company, [MARCH], refresh_records=False)
        # active(31/3): C1, C2, C3, C4, C8, C9; active(28/2): C4 only (C8's spell ended on 9 February);
        # new: C1 (its first order is now 5 March), C9; reactivated: C2 (O1 a year before), C3, C8; C4 kept
        self.assertValues(
            {
                "customers.active": 6,
                "customers.active_start": 1,
                "customers.new": 2,
                "customers.reactivated": 3,
                "customers.churned": 0,
                "customers.churn_rate": 0,
                "customers.retention_rate": 100,
            }
        )
        # team 2 (O3, O5, O6, O7, O10, O13): active C2, C3, C8; at start C4 (its new order is team 1's),
        # new C2 and C3 to the team, C8 back, C4 lost
        self.assertValues(
            {
                "customers.active": 3,
                "customers.active_start": 1,
                "customers.new": 2,
                "customers.reactivated": 1,
                "customers.churned": 1,
            },
            self.team2,
        )
        self.assertSameAsWithoutStore([MARCH, WEEK_10, Q1, YEAR])

    def test_a_new_activity_window_rebuilds_every_customer(self):
        # C1, C2, C3, C4, C6, C8, C9 have confirmed orders of the company
        self.company.reseller_kpi_inactivity_days = 90
        self.assertEqual(self.sync(), 7)
        self.assertEqual(self.stored_spells(self.company), self.from_orders(self.company))
        self.assertSameAsWithoutStore([MARCH, Q1, YEAR])

    def test_a_sync_that_fails_loses_nothing(self):
        """Another transaction synced the spells after this one's snapshot: writing them fails, the attempt
        is undone, the pass reads the spells from the orders, and the next pass brings the stored ones in step."""
        before = self.stored_spells(self.company)
        self.env.cr.execute(
            "SELECT * FROM reseller_kpi_customer_activity WHERE company_id = %s ORDER BY id", [self.company.id]
        )
        signatures = self.env.cr.fetchall()
        self.o5.team_id = self.team2  # C3's March order, now team 2's

        def concurrent(*args):
            raise psycopg2.errors.SerializationFailure("could not serialize access due to concurrent update")

        with patch.object(type(self.Spell), "_rebuild", concurrent):
            self.assertIs(self.sync(), False)
            results = self.Collector._compute_periods(self.company, [MARCH])[MARCH]
        self.assertEqual(self.stored_spells(self.company), before)
        self.env.cr.execute(
            "SELECT * FROM reseller_kpi_customer_activity WHERE company_id = %s ORDER BY id", [self.company.id]
        )
        self.assertEqual(self.env.cr.fetchall(), signatures)
        # counted from the orders, not from the stored spells: team 1 keeps C1 and C9, team 2 has C2, C3, C8
        self.assertEqual(results[("customers.active", "crm.team", self.team1.id)].value, 2)
        self.assertEqual(results[("customers.active", "crm.team", self.team2.id)].value, 3)
        self.assertEqual(self.sync(), 1)
        self.assertEqual(self.stored_spells(self.company), self.from_orders(self.company))

    def test_who_reads_the_stored_spells(self):
        """Who each customer bought from and when is sales data: KPI managers read their companies'
        spells; a salesperson, a plain employee and a portal user read none."""
        self.assertReadByKpiManagersOnly("reseller.kpi.customer.spell", "rk_spell")
        self.assertReadByKpiManagersOnly("reseller.kpi.customer.activity", "rk_activity")
