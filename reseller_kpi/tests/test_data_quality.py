"""Customer data quality on a fixture of its own (company time zone UTC, W = 365).

Four customers order in March 2026 and are active at the end of March, Q1 2026, week 10 and 2026:

| customer | e-mail | phone | address | shares with |
|---|---|---|---|---|
| A | a@example.com | phone | FR, Lyon, 69001 | D (same e-mail) |
| B | b@example.com, blacklisted | mobile | FR, Paris, no zip | nobody (see below) |
| C | c@example.com | — | FR, Nice, 06000 | C twin (same VAT, written "fr 123" against "FR123") |
| D | A@Example.com | — | — | A |

B's archived twin, its own contact and the other company's partner with its e-mail do not count.
e-mail 3 / 4 (B's is blacklisted), phone 2 / 4, address 2 / 4 (B has no zip), duplicates 3 / 4 (A, C, D).
A customer of the other company only is never counted; in March 2024 nobody is active: every rate
is empty, not 0.
"""

from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, tagged

from ..engine.periods import Period

MARCH = Period("month", date(2026, 3, 1), date(2026, 3, 31))
PERIODS = (
    MARCH,
    Period("week", date(2026, 3, 2), date(2026, 3, 8)),
    Period("quarter", date(2026, 1, 1), date(2026, 3, 31)),
    Period("year", date(2026, 1, 1), date(2026, 12, 31)),
)
EMPTY = Period("month", date(2024, 3, 1), date(2024, 3, 31))


@tagged("post_install", "-at_install")
class TestDataQuality(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "UTC"
        cls.company.reseller_kpi_inactivity_days = 365
        cls.other = cls.env["res.company"].create({"name": "Data Other"})
        france = cls.env.ref("base.fr")
        Partner = cls.env["res.partner"]

        def partner(name, **values):
            return Partner.create({"name": name, "is_company": True, **values})

        cls.a = partner(
            "A", email="a@example.com", phone="+33 4 00 00 00 01", country_id=france.id, city="Lyon", zip="69001"
        )
        cls.b = partner(
            "B", email="b@example.com", vat=" ", mobile="+33 6 00 00 00 02", country_id=france.id, city="Paris"
        )
        cls.c = partner("C", email="c@example.com", vat="fr 123", country_id=france.id, city="Nice", zip="06000")
        cls.d = partner("D", email="A@Example.com")
        cls.c_twin = partner("C twin", vat="FR123")
        # a blank VAT number (an import) is no VAT: B shares nothing with this one
        partner("Blank VAT", vat="  ")
        partner("B archived", email="b@example.com", active=False)
        partner("B elsewhere", email="b@example.com", company_id=cls.other.id)
        Partner.create({"name": "B's contact", "email": "b@example.com", "parent_id": cls.b.id})
        cls.env["mail.blacklist"]._add("b@example.com")
        cls.product = cls.env["product.product"].create({"name": "Data product", "type": "consu"})
        for customer in (cls.a, cls.b, cls.c, cls.d):
            cls.order(customer, cls.company)
        cls.order(partner("Other company's customer", email="x@example.com"), cls.other)
        cls.Value = cls.env["reseller.kpi.value"]
        cls.Value._refresh(cls.company, [*PERIODS, EMPTY], refresh_records=False)

    @classmethod
    def order(cls, customer, company):
        order = (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create({"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": 10})
                    ],
                }
            )
        )
        order.action_confirm()
        order.date_order = "2026-03-04 10:00:00"
        return order

    def stored(self, code, period=MARCH):
        return self.Value.search(
            [
                ("kpi_code", "=", code),
                ("company_id", "=", self.company.id),
                ("period_type", "=", period.period_type),
                ("date_start", "=", period.date_start),
                ("res_model", "=", False),
            ]
        )

    def test_rates_for_every_period_type(self):
        expected = {
            "data.email_rate": (75.0, 3, 4),
            "data.phone_rate": (50.0, 2, 4),
            "data.address_rate": (50.0, 2, 4),
            "data.duplicate_rate": (75.0, 3, 4),
        }
        for period in PERIODS:
            for code, figures in expected.items():
                with self.subTest(period=period.period_type, code=code):
                    value = self.stored(code, period)
                    self.assertEqual((value.value, value.numerator, value.denominator), figures)
        # no dimension: the company's value only
        self.assertFalse(self.Value.search([("kpi_family", "=", "data"), ("res_model", "!=", False)]))
        # the other company's only customer: one active customer with an e-mail, no duplicate
        self.Value._refresh(self.other, [MARCH], refresh_records=False)
        other = self.Value.search(
            [
                ("kpi_code", "=", "data.email_rate"),
                ("company_id", "=", self.other.id),
                ("date_start", "=", MARCH.date_start),
            ]
        )
        self.assertEqual((other.value, other.denominator), (100.0, 1))

    def test_empty_period_is_empty(self):
        for code in ("data.email_rate", "data.phone_rate", "data.address_rate", "data.duplicate_rate"):
            with self.subTest(code=code):
                value = self.stored(code, EMPTY)
                self.assertFalse(value.has_value)
                self.assertEqual(value.denominator, 0)

    def members(self, code, record_set):
        value = self.stored(code)
        chosen = next(rs for rs in value._record_sets() if rs.ref == record_set)
        model, ids = self.env["reseller.kpi.collector"]._member_ids(value, chosen)
        self.assertEqual(model, "res.partner")
        return self.env["res.partner"].browse(ids)

    def test_each_figure_opens_its_customers(self):
        self.assertEqual(self.members("data.email_rate", "data:with_email"), self.a | self.c | self.d)
        self.assertEqual(self.members("data.email_rate", "data:without_email"), self.b)
        self.assertEqual(self.members("data.email_rate", "data:active"), self.a | self.b | self.c | self.d)
        self.assertEqual(self.members("data.phone_rate", "data:without_phone"), self.c | self.d)
        self.assertEqual(self.members("data.address_rate", "data:without_address"), self.b | self.d)
        self.assertEqual(self.members("data.duplicate_rate", "data:duplicates"), self.a | self.c | self.d)
        # the duplicates with their twins, ready for Odoo's Merge
        groups = self.members("data.duplicate_rate", "data:duplicate_groups")
        self.assertEqual(groups, self.a | self.c | self.d | self.c_twin)
        action = self.stored("data.duplicate_rate").action_open_records("data:duplicate_groups")
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(action["views"][0][0], self.env.ref("reseller_kpi.res_partner_view_list_data_quality").id)
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(active_model="res.partner", active_ids=(self.c | self.c_twin).ids)
            .create({})
        )
        self.assertEqual(wizard.partner_ids, self.c | self.c_twin)
        wizard.action_merge()
        self.assertFalse(self.c_twin.exists() and self.c.exists(), "Merge leaves one of the two")
