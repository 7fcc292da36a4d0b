"""The base add-on's hand-computed fixture plus the till's tickets (company time zone Europe/Paris,
UTC+2 from 29 March 2026; ISO week 19 of 2026 is 4 to 10 May).

The base fixture's sales of May: O9 (C6, 1 May, Team 2: revenue 100, margin 40, 1 item), C6's
first order. Added here: C10, a new customer, and its quotation O14 (20 May 10:00 UTC, Team 1,
seller 1: P2 1 × 40, cost 4: revenue 40, margin 36, 1 item).

Tills: T1 "Counter" (Team 1), T2 "Fair stand" (Team 2), TO of the other company.

| ticket | till | customer | salesperson | UTC date | state | lines | revenue | margin | items |
|---|---|---|---|---|---|---|---|---|---|
| K1 | T1 | C10 | seller 1 | 5 May 08:00 | paid | P1 2 × 100, cost 120 | 200 | 80 | 2 |
| K2 | T1 | anonymous | seller 1 | 6 May 12:00 | done | P2 3 × 10, cost 12; S1 service 20 | 50 | 38 | 3 |
| K3 | T2 | C2 contact | seller 2 | 10 May 09:00 | invoiced | P1 1 × 150, cost 60 | 150 | 90 | 1 |
| K4 | T2 | C2 contact | seller 2 | 12 May 09:00 | paid | refund of K3: P1 −1 × 150, cost −60 | −150 | −90 | −1 |
| K5 | T1 | C1 | seller 1 | 31 May 22:30 (1 June in Paris) | paid | P2 2 × 10, cost 8 | 20 | 12 | 2 |
| K6 | T1 | C1 | seller 1 | 15 May 10:00 | draft | P1 1 × 500 | never counts |
| K7 | T1 | C3 | seller 1 | 15 January 10:00 | paid | P1 1 × 80, cost 60 | 80 | 20 | 1 |
| KO | TO | C1 | — | 10 May 09:00 | paid | P1 1 × 999 | the other company's |
"""

from datetime import date

from odoo import Command

from odoo.addons.reseller_kpi.engine.periods import Period
from odoo.addons.reseller_kpi.tests.common import YEAR, KpiFixtureCase

MAY = Period("month", date(2026, 5, 1), date(2026, 5, 31))
WEEK_19 = Period("week", date(2026, 5, 4), date(2026, 5, 10))
Q2 = Period("quarter", date(2026, 4, 1), date(2026, 6, 30))
PERIODS = [MAY, WEEK_19, Q2, YEAR]
CODES = ("sales.revenue", "sales.orders", "margin.amount", "sales.items", "customers.active", "customers.new")


class PosFixtureCase(KpiFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c10 = cls.env["res.partner"].create({"name": "C10", "is_company": True})
        cls.c2_contact = cls.env["res.partner"].create({"name": "C2 shopper", "parent_id": cls.c2.id})
        # what the base fixture alone gives, before the quotation O14 and the tickets
        cls.Value._refresh(cls.company, PERIODS, refresh_records=False)
        cls.before = {(code, period): cls.value_of(code, period) for code in CODES for period in PERIODS}
        cls.o14 = cls.env["sale.order"].create(
            {
                "partner_id": cls.c10.id,
                "date_order": "2026-05-20 10:00:00",
                "team_id": cls.team1.id,
                "user_id": cls.seller1.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.p2.id, "product_uom_qty": 1, "price_unit": 40, "purchase_price": 4}
                    )
                ],
            }
        )
        cls.o14.write({"state": "sale", "date_order": "2026-05-20 10:00:00"})
        cls.t1 = cls.till("Counter", cls.team1)
        cls.t2 = cls.till("Fair stand", cls.team2)
        cls.to = cls.till("Other till", cls.other_team, cls.other)
        seller1, seller2 = cls.seller1, cls.seller2
        cls.k1 = cls.ticket(cls.t1, cls.c10, seller1, "2026-05-05 08:00:00", [(cls.p1, 2, 100, 120)])
        cls.k2 = cls.ticket(
            cls.t1, None, seller1, "2026-05-06 12:00:00", [(cls.p2, 3, 10, 12), (cls.s1, 1, 20, 0)], state="done"
        )
        cls.k3 = cls.ticket(cls.t2, cls.c2_contact, seller2, "2026-05-10 09:00:00", [(cls.p1, 1, 150, 60)], "invoiced")
        cls.k4 = cls.ticket(cls.t2, cls.c2_contact, seller2, "2026-05-12 09:00:00", [(cls.p1, -1, 150, -60)])
        cls.k4.lines.refunded_orderline_id = cls.k3.lines
        cls.k5 = cls.ticket(cls.t1, cls.c1, seller1, "2026-05-31 22:30:00", [(cls.p2, 2, 10, 8)])
        cls.k6 = cls.ticket(cls.t1, cls.c1, seller1, "2026-05-15 10:00:00", [(cls.p1, 1, 500, 60)], "draft")
        cls.k7 = cls.ticket(cls.t1, cls.c3, seller1, "2026-01-15 10:00:00", [(cls.p1, 1, 80, 60)])
        cls.ko = cls.ticket(cls.to, cls.c1, cls.env.user, "2026-05-10 09:00:00", [(cls.p1, 1, 999, 60)])
        cls.env.flush_all()
        cls.Value._refresh(cls.company | cls.other, PERIODS, refresh_records=False)

    @classmethod
    def value_of(cls, code, period, dimension=None, company=None):
        record = cls.env["reseller.kpi.value"].search(
            [
                ("kpi_code", "=", code),
                ("company_id", "=", (company or cls.company).id),
                ("period_type", "=", period.period_type),
                ("date_start", "=", period.date_start),
                ("res_model", "=", dimension._name if dimension else False),
                ("res_id", "=", dimension.id if dimension else False),
            ]
        )
        return record.value if record.has_value else None

    @classmethod
    def till(cls, name, team, company=None):
        company = company or cls.company
        journal = cls.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
        ) or cls.env["account.journal"].create(
            {"name": f"{name} sales", "code": f"P{team.id}", "type": "sale", "company_id": company.id}
        )
        # a payment method without journal (customer account): the fixture's companies have no chart of accounts
        method = cls.env["pos.payment.method"].create({"name": f"{name} account", "company_id": company.id})
        config = (
            cls.env["pos.config"]
            .with_company(company)
            .create(
                {
                    "name": name,
                    "crm_team_id": team.id,
                    "journal_id": journal.id,
                    "company_id": company.id,
                    "payment_method_ids": [Command.set(method.ids)],
                }
            )
        )
        cls.env["pos.session"].with_company(company).create({"config_id": config.id})
        return config

    @classmethod
    def ticket(cls, config, partner, user, when, lines, state="paid"):
        """`lines`: (product, qty, price, total cost) tuples; no tax."""
        session = cls.env["pos.session"].search([("config_id", "=", config.id)], limit=1)
        total = sum(qty * price for _product, qty, price, _cost in lines)
        order = (
            cls.env["pos.order"]
            .with_company(config.company_id)
            .create(
                {
                    "session_id": session.id,
                    "company_id": config.company_id.id,
                    "partner_id": partner.id if partner else False,
                    "user_id": user.id,
                    "amount_total": total,
                    "amount_tax": 0.0,
                    "amount_paid": total,
                    "amount_return": 0.0,
                    "lines": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "qty": qty,
                                "price_unit": price,
                                "price_subtotal": qty * price,
                                "price_subtotal_incl": qty * price,
                                "tax_ids": [Command.clear()],
                            }
                        )
                        for product, qty, price, _cost in lines
                    ],
                }
            )
        )
        order.write({"state": state, "date_order": when})
        for line, (_product, _qty, _price, cost) in zip(order.lines, lines, strict=True):
            line.write({"total_cost": cost, "is_total_cost_computed": True})
        return order
