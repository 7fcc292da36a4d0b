"""A web shop fixture computed by hand (company time zone Europe/Paris: UTC+1 in winter, UTC+2 from
29 March 2026; computed on 15 April 2026 at 12:00 UTC).

Websites: W1 (abandoned after 2 hours) and W2 (no delay: 1 hour) of the company, WO of the other one.

Carts (UTC; amounts untaxed):

| cart | website | partner | created | ordered | state | note |
|---|---|---|---|---|---|---|
| k1 | W1 | A | 3 March | 3 March | sale | validated, 100 |
| k2 | W1 | A's contact | 5 March | 5 March | sale | validated (A again) |
| k3 | W1 | B | 10 March | 10 March | draft | abandoned, 200 |
| k4 | W2 | C | 31 March 22:30 (1 April in Paris) | same | draft | an April cart, abandoned, 80 |
| k5 | W2 | C | 20 March | 15 April 11:30 | draft | within its hour: not abandoned |
| k6 | W1 | W1's public partner | 12 March | | draft | no cart |
| k7 | W1 | B | 12 March | | draft | a note line only: no cart |
| k8 | W2 | C | 15 March | | cancel | a cart, neither validated nor abandoned |
| k9 | W1 | A | 25 March | 25 March | draft | abandoned, 100 at rate 2: 50 |
| k10 | W1 | B | 27 February | 2 March | sale | a February cart; B converted in March |
| kO | WO | A | 5 March | 5 March | sale | the other company's |
| n1 | — | A | 6 March | 6 March | sale | no web order |

Visitors and their tracked pages: v1 (W1) product 3 March and product 20 February; v2 (W1) product
31 March 21:30 (23:30 in Paris); v3 (W1) product 31 March 22:30 (1 April in Paris); v4 (W2) a page
and a product 10 March; v5 (W1) a page 10 February; vO (WO) a product 10 March.

Sign-ups: u1 portal of W1 4 March; u2 portal without website, of the company, 6 March; u3 portal
of W2, archived, 7 March; u4 internal 8 March (no); u5 portal of WO 9 March and u6 portal without
website of the other company 9 March (the other company's); u7 portal of W1 2 April. Odoo's template
of portal users (archived, created with the database) is no sign-up.
"""

from datetime import date
from itertools import count

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import SQL

from odoo.addons.reseller_kpi.engine.periods import Period

MARCH = Period("month", date(2026, 3, 1), date(2026, 3, 31))
APRIL = Period("month", date(2026, 4, 1), date(2026, 4, 30))
WEEK_10 = Period("week", date(2026, 3, 2), date(2026, 3, 8))
Q1 = Period("quarter", date(2026, 1, 1), date(2026, 3, 31))
YEAR = Period("year", date(2026, 1, 1), date(2026, 12, 31))
NOW = "2026-04-15 12:00:00"


class ShopFixtureCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "Europe/Paris"
        cls.other = cls.env["res.company"].create({"name": "Shop Other"})
        Website = cls.env["website"]
        cls.w1 = Website.create({"name": "W1", "company_id": cls.company.id, "cart_abandoned_delay": 2.0})
        cls.w2 = Website.create({"name": "W2", "company_id": cls.company.id, "cart_abandoned_delay": 0.0})
        cls.wo = Website.create({"name": "WO", "company_id": cls.other.id})
        Partner = cls.env["res.partner"]
        cls.a, cls.b, cls.c = (
            Partner.create({"name": name, "is_company": True, "email": f"{name.lower()}@shop.example"})
            for name in ("A", "B", "C")
        )
        cls.a_contact = Partner.create({"name": "A buyer", "parent_id": cls.a.id, "email": "buyer@shop.example"})
        cls.product = cls.env["product.product"].create({"name": "Shop product", "type": "consu", "list_price": 1})

        def cart(website, partner, created, ordered=None, state="draft", price=100.0, note_only=False, company=None):
            lines = (
                [Command.create({"display_type": "line_note", "name": "A note"})]
                if note_only
                else [Command.create({"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": price})]
            )
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "website_id": website.id if website else False,
                    "company_id": (company or cls.company).id,
                    "order_line": lines,
                }
            )
            order.flush_recordset()
            cls.env.cr.execute(
                SQL(
                    "UPDATE sale_order SET state = %s, create_date = %s, date_order = %s WHERE id = %s",
                    state,
                    created,
                    ordered or created,
                    order.id,
                )
            )
            return order

        cls.k1 = cart(cls.w1, cls.a, "2026-03-03 10:00:00", state="sale")
        cls.k2 = cart(cls.w1, cls.a_contact, "2026-03-05 10:00:00", state="sale")
        cls.k3 = cart(cls.w1, cls.b, "2026-03-10 09:00:00", price=200.0)
        cls.k4 = cart(cls.w2, cls.c, "2026-03-31 22:30:00", price=80.0)
        cls.k5 = cart(cls.w2, cls.c, "2026-03-20 09:00:00", "2026-04-15 11:30:00")
        cls.k6 = cart(cls.w1, cls.w1.user_id.partner_id, "2026-03-12 09:00:00")
        cls.k7 = cart(cls.w1, cls.b, "2026-03-12 10:00:00", note_only=True)
        cls.k8 = cart(cls.w2, cls.c, "2026-03-15 09:00:00", state="cancel")
        cls.k9 = cart(cls.w1, cls.a, "2026-03-25 09:00:00")
        cls.env.cr.execute(SQL("UPDATE sale_order SET currency_rate = 2.0 WHERE id = %s", cls.k9.id))
        cls.k10 = cart(cls.w1, cls.b, "2026-02-27 09:00:00", "2026-03-02 10:00:00", state="sale")
        cls.ko = cart(cls.wo, cls.a, "2026-03-05 10:00:00", state="sale", company=cls.other)
        cls.n1 = cart(None, cls.a, "2026-03-06 10:00:00", state="sale")

        Visitor, Track = cls.env["website.visitor"], cls.env["website.track"]
        tokens = count(1)

        def visitor(website, *pages):
            record = Visitor.create({"access_token": f"{next(tokens):032x}", "website_id": website.id})
            Track.create(
                [
                    {
                        "visitor_id": record.id,
                        "visit_datetime": moment,
                        "product_id": cls.product.id if product else False,
                        "url": "/shop/product" if product else "/contactus",
                    }
                    for moment, product in pages
                ]
            )
            return record

        cls.v1 = visitor(cls.w1, ("2026-03-03 10:00:00", True), ("2026-02-20 10:00:00", True))
        cls.v2 = visitor(cls.w1, ("2026-03-31 21:30:00", True))
        cls.v3 = visitor(cls.w1, ("2026-03-31 22:30:00", True))
        cls.v4 = visitor(cls.w2, ("2026-03-10 09:00:00", False), ("2026-03-10 09:05:00", True))
        cls.v5 = visitor(cls.w1, ("2026-02-10 09:00:00", False))
        cls.vo = visitor(cls.wo, ("2026-03-10 09:00:00", True))

        def user(login, created, share=True, website=None, company=None, active=True):
            groups = "base.group_portal" if share else "base.group_user"
            company = company or cls.company
            record = new_test_user(
                cls.env, login, groups=groups, company_id=company.id, company_ids=[Command.set(company.ids)]
            )
            record.write({"website_id": website.id if website else False, "active": active})
            record.flush_recordset()
            cls.env.cr.execute(SQL("UPDATE res_users SET create_date = %s WHERE id = %s", created, record.id))
            return record

        cls.u1 = user("rk_shop_u1", "2026-03-04 09:00:00", website=cls.w1)
        cls.u2 = user("rk_shop_u2", "2026-03-06 09:00:00")
        cls.u3 = user("rk_shop_u3", "2026-03-07 09:00:00", website=cls.w2, active=False)
        cls.u4 = user("rk_shop_u4", "2026-03-08 09:00:00", share=False)
        cls.u5 = user("rk_shop_u5", "2026-03-09 09:00:00", website=cls.wo, company=cls.other)
        cls.u6 = user("rk_shop_u6", "2026-03-09 10:00:00", company=cls.other)
        cls.u7 = user("rk_shop_u7", "2026-04-02 09:00:00", website=cls.w1)
        cls.env.invalidate_all()
        cls.Value = cls.env["reseller.kpi.value"]
        with freeze_time(NOW):
            cls.Value._refresh(cls.company | cls.other, [MARCH], refresh_records=False)
            cls.Value._refresh(cls.company, [WEEK_10, Q1, YEAR, APRIL], refresh_records=False)

    def stored(self, code, dimension=None, period=MARCH, company=None):
        domain = [
            ("kpi_code", "=", code),
            ("company_id", "=", (company or self.company).id),
            ("period_type", "=", period.period_type),
            ("date_start", "=", period.date_start),
            ("res_model", "=", dimension._name if dimension else False),
        ]
        if dimension:
            domain.append(("res_id", "=", dimension.id))
        return self.Value.search(domain)

    def assertValues(self, expected, dimension=None, period=MARCH, company=None):
        for code, number in expected.items():
            with self.subTest(code=code, dimension=dimension, period=period.period_type):
                record = self.stored(code, dimension, period, company)
                self.assertEqual(len(record), 1, f"one stored value for {code}")
                if number is None:
                    self.assertFalse(record.has_value)
                else:
                    self.assertTrue(record.has_value)
                    self.assertAlmostEqual(record.value, number, places=6)
