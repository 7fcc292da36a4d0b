"""Whose e-mail a trace is, and what an opt-out is, on a month of its own (May 2026) beside the
fixture of ``common.py`` (whose March figures this class leaves alone).

All e-mails are sent on 5 May 2026 09:00 UTC:

| trace | mailing | record | e-mail written | status | customer |
|---|---|---|---|---|---|
| u1 | M4 (leads, campaign Edge) | lead L1 of C1 | c1@example.com | open, opened | C1 (the lead's) |
| u2 | M4 | lead L2, no partner | c2@example.com | sent | none: a lead's customer is its partner, never its e-mail |
| u3 | M5 (list) | contact | "C3 Buyer <C3@Example.com>" | sent | C3: the address in angle brackets |
| u4 | M5 | contact | arch@example.com | sent | none: the only contact with that address is archived |
| u5 | M5 | contact | c8@example.com | no status (NULL) | counts as sent, not delivered |

Opt-outs: c3@example.com is blacklisted on 10 May and let back in on 12 May (an opt-out of May,
5 days after u3: counted); c8@example.com is let back in on 6 May without ever having been
blacklisted (Odoo creates an archived blacklist entry: no opt-out).
"""

from datetime import date

from odoo.tests import tagged

from odoo.addons.reseller_kpi.engine.periods import Period

from .common import MailingFixtureCase

MAY = Period("month", date(2026, 5, 1), date(2026, 5, 31))


@tagged("post_install", "-at_install")
class TestWhoseEmail(MailingFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.edge = cls.env["utm.campaign"].create({"name": "Edge"})
        lead_model = cls.env["ir.model"]._get("crm.lead")
        list_model = cls.env["ir.model"]._get("mailing.list")
        Mailing = cls.env["mailing.mailing"]
        cls.m4 = Mailing.create(
            {
                "subject": "M4 leads",
                "user_id": cls.marketer.id,
                "campaign_id": cls.edge.id,
                "mailing_model_id": lead_model.id,
                "state": "done",
            }
        )
        cls.m5 = Mailing.create(
            {"subject": "M5 list", "user_id": cls.marketer.id, "mailing_model_id": list_model.id, "state": "done"}
        )
        Lead = cls.env["crm.lead"]
        cls.l1 = Lead.create({"name": "L1", "partner_id": cls.c1.id, "company_id": cls.company.id})
        cls.l2 = Lead.create({"name": "L2", "email_from": "c2@example.com", "company_id": cls.company.id})
        cls.archived = cls.env["res.partner"].create(
            {"name": "Archived customer", "email": "arch@example.com", "active": False}
        )
        Contact = cls.env["mailing.contact"]
        c3_buyer = Contact.create({"name": "C3 Buyer", "email": "C3 Buyer <C3@Example.com>"})
        arch = Contact.create({"name": "arch", "email": "arch@example.com"})
        sent = "2026-05-05 09:00:00"

        def trace(mailing, record, email, status, opened=None):
            return cls.env["mailing.trace"].create(
                {
                    "mass_mailing_id": mailing.id,
                    "model": record._name,
                    "res_id": record.id,
                    "email": email,
                    "sent_datetime": sent,
                    "trace_status": status,
                    "open_datetime": opened,
                }
            )

        cls.u1 = trace(cls.m4, cls.l1, "c1@example.com", "open", "2026-05-05 10:00:00")
        cls.u2 = trace(cls.m4, cls.l2, "c2@example.com", "sent")
        cls.u3 = trace(cls.m5, c3_buyer, "C3 Buyer <C3@Example.com>", "sent")
        cls.u4 = trace(cls.m5, arch, "arch@example.com", "sent")
        cls.u5 = trace(cls.m5, cls.contacts["c8@example.com"], "c8@example.com", False)

        Blacklist = cls.env["mail.blacklist"]

        def committed():
            # what a commit does: the archiving is tracked then
            cls.env.flush_all()
            cls.env.cr.precommit.run()

        cls.c3_entry = c3_entry = Blacklist._add("c3@example.com")
        committed()
        Blacklist._remove("c3@example.com")
        c8_entry = Blacklist._remove("c8@example.com")
        committed()
        for entry, when in ((c3_entry, "2026-05-10 09:00:00"), (c8_entry, "2026-05-06 09:00:00")):
            cls.env.cr.execute("UPDATE mail_blacklist SET create_date = %s WHERE id = %s", (when, entry.id))
        cls.env.invalidate_all()
        cls.Value._refresh(cls.company, [MAY], refresh_records=False)

    def test_may_for_the_company(self):
        # sent u1..u5 = 5 (u5 without status is sent); delivered u1..u4 = 4; opened u1 = 1; no bounce, no click
        # addresses delivered c1, c2, c3, arch = 4; opted out c3 (blacklisted 10 May) = 1, c8 (only let back in) no
        # customers delivered: C1 (L1's partner), C3 (its address in angle brackets) = 2; reacting C1 = 1
        # L2's e-mail is C2's, but a lead without partner has no customer; arch@ is an archived contact's
        # to active customers: u1 (C1), u3 (C3) = 2 of the 6 active at the end of May (March's five and C6,
        # whose first order is dated 1 May)
        self.assertEqual(self.value("customers.active", period=MAY), 6)
        self.assertValues(
            {
                "mailing.sent": 5,
                "mailing.delivery_rate": 80.0,
                "mailing.bounce_rate": 0.0,
                "mailing.open_rate": 25.0,
                "mailing.click_rate": 0.0,
                "mailing.click_to_open_rate": 0.0,
                "mailing.unsubscribe_rate": 25.0,
                "mailing.solicitations_per_active": 2 / 6,
                "mailing.reactivity_rate": 50.0,
            },
            period=MAY,
        )
        rate = self.stored("mailing.unsubscribe_rate", period=MAY)
        self.assertEqual((rate.numerator, rate.denominator), (1, 4))
        reactivity = self.stored("mailing.reactivity_rate", period=MAY)
        self.assertEqual((reactivity.numerator, reactivity.denominator), (1, 2))

    def test_may_for_the_campaign(self):
        # Edge (M4): u1 u2 sent and delivered, u1 opened; customers C1 only (L2 has none), reacting C1
        self.assertValues(
            {
                "mailing.sent": 2,
                "mailing.delivery_rate": 100.0,
                "mailing.open_rate": 50.0,
                "mailing.reactivity_rate": 100.0,
            },
            self.edge,
            period=MAY,
        )

    def test_the_numbers_open_those_customers_and_addresses(self):
        self.assertFalse(self.c3_entry.active, "c3@example.com is let back in: its entry is archived")
        reached = self.stored("mailing.reactivity_rate", period=MAY)
        action = reached.action_open_records(record_set_ref="mailing:reached_customers")
        customers = self.env[action["res_model"]].with_context(**action["context"]).search(action["domain"])
        self.assertEqual(customers, self.c1 | self.c3)
        rate = self.stored("mailing.unsubscribe_rate", period=MAY)
        action = rate.action_open_records(record_set_ref="mailing:unsubscribed")
        traces = self.env[action["res_model"]].with_context(**action["context"]).search(action["domain"])
        self.assertEqual(traces, self.u3)
        action = self.stored("mailing.delivery_rate", period=MAY).action_open_records(record_set_ref="mailing:sent")
        traces = self.env[action["res_model"]].with_context(**action["context"]).search(action["domain"])
        self.assertEqual(traces, self.u1 | self.u2 | self.u3 | self.u4 | self.u5)
