"""Two cases the hand-computed fixture of ``common.py`` never has, on a fixture of their own in June 2026.

1. A purchase order confirmed days after it was drafted: the lead time runs from the
   confirmation (``date_approve``), not from the order date.
2. A customer ordering through two teams: leaving one team while staying active through
   the other is churn for that team only, and the company's lists never read the team rows.

Company time zone Europe/Paris (UTC+2 in June), W = 365, T = 0. The test database has no
other order, purchase or receipt in these periods.
"""

from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, tagged

from ..engine.periods import Period

JUNE = Period("month", date(2026, 6, 1), date(2026, 6, 30))
WEEK_25 = Period("week", date(2026, 6, 15), date(2026, 6, 21))  # ISO week 25 of 2026
Q2 = Period("quarter", date(2026, 4, 1), date(2026, 6, 30))
YEAR = Period("year", date(2026, 1, 1), date(2026, 12, 31))


@tagged("post_install", "-at_install")
class TestFixtureGaps(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "Europe/Paris"
        cls.company.write({"reseller_kpi_inactivity_days": 365, "reseller_kpi_ontime_tolerance_days": 0})
        Partner = cls.env["res.partner"]
        product = cls.env["product.product"].create({"name": "Gap P", "type": "consu"})

        # ---- 1. purchases: V3 drafted on 1 June, confirmed on 6 June; V4 confirmed the day it was drafted
        cls.v3 = Partner.create({"name": "V3 slow to confirm", "is_company": True})
        cls.v4 = Partner.create({"name": "V4", "is_company": True})
        supplier_loc = cls.env.ref("stock.stock_location_suppliers")
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)

        def purchase(vendor, drafted, approved, planned):
            po = cls.env["purchase.order"].create(
                {
                    "partner_id": vendor.id,
                    "company_id": cls.company.id,
                    "date_order": drafted,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_qty": 5, "price_unit": 10, "date_planned": planned}
                        )
                    ],
                }
            )
            po.write({"state": "purchase", "date_approve": approved})
            po.date_order = drafted  # the confirmation does not move the order date
            return po.order_line

        def receipt(line, when):
            move = cls.env["stock.move"].create(
                {
                    "name": product.name,
                    "product_id": product.id,
                    "product_uom_qty": 5,
                    "product_uom": product.uom_id.id,
                    "picking_type_id": warehouse.in_type_id.id,
                    "location_id": supplier_loc.id,
                    "location_dest_id": warehouse.lot_stock_id.id,
                    "company_id": cls.company.id,
                    "purchase_line_id": line.id,
                }
            )
            cls.env.flush_all()
            cls.env.cr.execute(
                "UPDATE stock_move SET state = 'done', quantity = 5, date = %s WHERE id = %s", (when, move.id)
            )
            move.invalidate_recordset()
            return move

        cls.v3_line = purchase(cls.v3, "2026-06-01 08:00:00", "2026-06-06 08:00:00", "2026-06-12 08:00:00")
        cls.v4_line = purchase(cls.v4, "2026-06-08 08:00:00", "2026-06-08 08:00:00", "2026-06-10 08:00:00")
        # V3 received 15 June (9 days after its confirmation, 14 after its order date), V4 on 10 June (2 days)
        cls.v3_receipt = receipt(cls.v3_line, "2026-06-15 08:00:00")
        cls.v4_receipt = receipt(cls.v4_line, "2026-06-10 08:00:00")

        # ---- 2. X orders through team 1 on 15 June 2025 (never again there) and through team 2 on
        # 1 December 2025 and 10 June 2026; Y ordered through team 1 on 1 March 2025 and comes back
        # through team 2 on 5 June 2026 (reactivated for the company, new for team 2)
        cls.team1 = cls.env["crm.team"].create({"name": "Gap team 1", "company_id": cls.company.id})
        cls.team2 = cls.env["crm.team"].create({"name": "Gap team 2", "company_id": cls.company.id})
        cls.x = Partner.create({"name": "X two teams", "is_company": True})
        cls.y = Partner.create({"name": "Y back through team 2", "is_company": True})

        def order(partner, when, team):
            so = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "team_id": team.id,
                    "company_id": cls.company.id,
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": 100})],
                }
            )
            so.write({"state": "sale", "date_order": when})
            return so

        order(cls.x, "2025-06-15 10:00:00", cls.team1)
        order(cls.x, "2025-12-01 10:00:00", cls.team2)
        order(cls.x, "2026-06-10 10:00:00", cls.team2)
        order(cls.y, "2025-03-01 10:00:00", cls.team1)
        order(cls.y, "2026-06-05 10:00:00", cls.team2)

        cls.Value = cls.env["reseller.kpi.value"]
        cls.Value._refresh(cls.company, [JUNE, WEEK_25, Q2, YEAR], refresh_records=False)

    def value(self, code, dimension=None, period=JUNE):
        domain = [
            ("kpi_code", "=", code),
            ("company_id", "=", self.company.id),
            ("period_type", "=", period.period_type),
            ("date_start", "=", period.date_start),
            ("res_model", "=", dimension._name if dimension else False),
        ]
        if dimension:
            domain.append(("res_id", "=", dimension.id))
        return self.Value.search(domain)

    def assertValues(self, expected, dimension=None, period=JUNE):
        for code, number in expected.items():
            with self.subTest(code=code, dimension=dimension and dimension.display_name, period=period.period_type):
                stored = self.value(code, dimension, period)
                if number is None:
                    # nothing to count for this dimension: no row, or an empty one
                    self.assertFalse(stored.filtered("has_value"))
                    continue
                self.assertEqual(len(stored), 1)
                self.assertTrue(stored.has_value)
                self.assertAlmostEqual(stored.value, number, places=6)

    def opened(self, code, dimension=None, period=JUNE):
        """The records the stored value of `code` opens (its one record set)."""
        value = self.value(code, dimension, period)
        self.assertEqual(len(value), 1)
        action = value.action_open_records()
        return self.env[action["res_model"]].with_context(**action.get("context", {})).search(action["domain"])

    # ------------------------------------------------------------------ 1. lead time from the confirmation
    def test_lead_time_counts_from_the_confirmation(self):
        # June: V3 15 - 6 = 9 days (not 14 from its order date), V4 10 - 8 = 2 days
        self.assertValues({"supplier.lead_days": (9 + 2) / 2})
        self.assertValues({"supplier.lead_days": 9}, self.v3)
        self.assertValues({"supplier.lead_days": 2}, self.v4)
        # ISO week 25 (15-21 June) holds V3's receipt only
        self.assertValues({"supplier.lead_days": 9}, period=WEEK_25)
        self.assertValues({"supplier.lead_days": 9}, self.v3, WEEK_25)
        self.assertValues({"supplier.lead_days": (9 + 2) / 2}, period=Q2)
        self.assertValues({"supplier.lead_days": 9}, self.v3, YEAR)
        # the purchase amount follows the confirmation too: 5 × 10 for each order, both approved in June
        self.assertValues({"supplier.purchase_amount": 100})
        self.assertValues({"supplier.purchase_amount": 50}, self.v3)

    def test_lead_time_drilldown_measures_from_the_confirmation(self):
        receipts = self.opened("supplier.lead_days", self.v3)
        self.assertEqual(receipts, self.v3_receipt)
        approved = receipts.purchase_line_id.order_id.date_approve.date()
        self.assertEqual((receipts.date.date() - approved).days, 9)

    # ------------------------------------------------------------------ 2. one customer, two teams
    def test_company_counts_the_customer_once(self):
        # active(30 June) = orders since 1 July 2025: X (Dec., June), Y (June) → 2
        # active(31 May) = orders since 1 June 2025: X → 1 (Y's last order was March 2025)
        # X retained, Y reactivated, nobody new or churned: 1 + 0 + 1 − 0 = 2
        self.assertValues(
            {
                "customers.active": 2,
                "customers.active_start": 1,
                "customers.new": 0,
                "customers.reactivated": 1,
                "customers.churned": 0,
                "customers.churn_rate": 0,
                "customers.retention_rate": 100,
                "customers.net_balance": 1,
            }
        )

    def test_each_team_counts_its_own_orders(self):
        # team 1: X's only order there (15 June 2025) is in active(31 May), not in active(30 June): churned
        self.assertValues(
            {
                "customers.active": 0,
                "customers.active_start": 1,
                "customers.new": 0,
                "customers.reactivated": 0,
                "customers.churned": 1,
                "customers.churn_rate": 100,
                "customers.retention_rate": 0,
                "customers.net_balance": -1,
            },
            self.team1,
        )
        # team 2: X retained (1 December), Y's first order through team 2 is in June: new there
        self.assertValues(
            {
                "customers.active": 2,
                "customers.active_start": 1,
                "customers.new": 1,
                "customers.reactivated": 0,
                "customers.churned": 0,
                "customers.churn_rate": 0,
                "customers.retention_rate": 100,
                "customers.net_balance": 1,
            },
            self.team2,
        )

    def test_week_quarter_and_year(self):
        # week 25 (15-21 June): active(21 June) = orders since 22 June 2025: X, Y; active(14 June) = orders
        # since 15 June 2025: X (15 June 2025, Dec.) and Y (5 June 2026); nobody ordered in the week
        self.assertValues(
            {"customers.active": 2, "customers.active_start": 2, "customers.churned": 0, "customers.reactivated": 0},
            period=WEEK_25,
        )
        # ... but X's team 1 order of 15 June 2025 leaves team 1's window on 15 June 2026: churned there
        self.assertValues({"customers.active_start": 1, "customers.churned": 1}, self.team1, WEEK_25)
        # 2026: active(31 Dec. 2025) = orders of 2025: X (June, Dec.) and Y (March); both order in June 2026
        self.assertValues(
            {"customers.active": 2, "customers.active_start": 2, "customers.reactivated": 0, "customers.churned": 0},
            period=YEAR,
        )
        # team 1 took X's and Y's 2025 orders and none of 2026: both churned from team 1 in 2026
        self.assertValues(
            {"customers.active": 0, "customers.active_start": 2, "customers.churned": 2}, self.team1, YEAR
        )
        self.assertValues(
            {"customers.active": 2, "customers.active_start": 1, "customers.new": 1, "customers.churned": 0},
            self.team2,
            YEAR,
        )
        # Q2: active(31 March) = orders since 1 April 2025: X only; Y comes back in June
        self.assertValues({"customers.churned": 0, "customers.reactivated": 1}, period=Q2)

    def test_drilldown_lists_of_the_company_and_each_team(self):
        self.assertEqual(self.opened("customers.active"), self.x | self.y)
        self.assertEqual(self.opened("customers.active_start"), self.x)
        self.assertEqual(self.opened("customers.reactivated"), self.y)
        # X left team 1 only: never listed as churned for the company
        self.assertFalse(self.opened("customers.churned"))
        self.assertEqual(self.opened("customers.churned", self.team1), self.x)
        self.assertFalse(self.opened("customers.active", self.team1))
        self.assertEqual(self.opened("customers.active", self.team2), self.x | self.y)
        self.assertEqual(self.opened("customers.new", self.team2), self.y)
        self.assertFalse(self.opened("customers.reactivated", self.team2))
        self.assertFalse(self.opened("customers.churned", self.team2))
