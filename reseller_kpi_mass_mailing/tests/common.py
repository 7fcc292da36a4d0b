"""The base add-on's hand-computed fixture plus the e-mails of its customers (company time zone
Europe/Paris, UTC+1 in winter, UTC+2 from 29 March 2026).

Customers and e-mail addresses (the base fixture's orders; active at the end of March: C1, C2, C3,
C8, C9; on 8 March: C1, C2, C4, C8):

| customer | address | note |
|---|---|---|
| C1 | c1@example.com; its contact "C1 buyer" buyer@c1.example | |
| C2 | c2@example.com | reached by the list written "C2@Example.com " |
| C3 | c3@example.com | |
| C4 | c4@example.com | blacklisted on 20 March |
| C8 | c8@example.com | |
| C9 | c9@example.com | leaves the list on 13 March |
| C5 and C6 | twin@example.com both | an e-mail of two customers: of none |

Mailings (UTC times):

| trace | mailing | to | sent | status | opened / clicked |
|---|---|---|---|---|---|
| t1 | M1 Spring | C1 | 3 March 09:00 | open | opened, clicked |
| t2 | M1 | C2 | 3 March 09:00 | sent | |
| t3 | M1 | C3 | 3 March 09:00 | bounce | |
| t4 | M1 | C4 | 3 March 09:00 | reply | opened 4 March |
| t5 | M1 | C8 | 3 March 09:00 | error | never counts |
| t6 | M1 | C9 | 3 March 09:00 | cancel | never counts |
| t7 | M1 | C1 buyer | 28 Feb 23:30 (1 March in Paris) | sent | clicked, not opened |
| t8 | M2 Promo, list | C2@Example.com | 10 March 09:00 | open | opened |
| t9 | M2 | nobody@example.com | 10 March 09:00 | sent | |
| t10 | M2 | twin@example.com | 10 March 09:00 | open | opened |
| t11 | M2 | c9@example.com | 10 March 09:00 | sent | |
| t12 | M2 | c3@example.com | 31 March 22:30 (1 April in Paris) | open | opened |
| t13 | M2 | c8@example.com | 20 January 09:00 | sent | |
| t14 | M3, no campaign | C8 | 20 March 09:00 | open | opened |
| o1, o2 | MO, the other company's, campaign Spring | C1, other@example.com | 5 March 09:00 | open, sent | |

Opt-outs: c9@example.com leaves the list on 13 March 09:00 (3 days after t11: counted), C4 is
blacklisted on 20 March (17 days after t4: counted), nobody@example.com leaves the list on 10 April
10:00 (31 days and 1 hour after t9: not counted), other@example.com is blacklisted on 15 March
(its e-mail came from the other company only: counted there, not here).

Revenue: M1's source "Spring mail" is on O5 (C3, 20 March, 200) and O12 (C9, 25 March, 10); M2's
source is the base fixture's "Fair", on O2 (C1, 5 March, 150); MO's source "Other mail" is on O13
(C8, 12 March, 20), which never counts: no mailing of the company has that source.
"""

from datetime import date

from odoo import Command
from odoo.tests import new_test_user
from odoo.tools import SQL

from odoo.addons.reseller_kpi.engine.periods import Period
from odoo.addons.reseller_kpi.tests.common import MARCH, Q1, WEEK_10, YEAR, KpiFixtureCase

APRIL = Period("month", date(2026, 4, 1), date(2026, 4, 30))


class MailingFixtureCase(KpiFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for partner, email in (
            (cls.c1, "c1@example.com"),
            (cls.c1_contact, "buyer@c1.example"),
            (cls.c2, "c2@example.com"),
            (cls.c3, "c3@example.com"),
            (cls.c4, "c4@example.com"),
            (cls.c8, "c8@example.com"),
            (cls.c9, "c9@example.com"),
            (cls.c5, "twin@example.com"),
            (cls.c6, "twin@example.com"),
        ):
            partner.email = email
        cls.marketer = new_test_user(
            cls.env,
            "rk_mailing_marketer",
            groups="mass_mailing.group_mass_mailing_user,reseller_kpi.group_user",
            company_id=cls.company.id,
        )
        cls.other_marketer = new_test_user(
            cls.env,
            "rk_mailing_other_marketer",
            groups="mass_mailing.group_mass_mailing_user,reseller_kpi.group_user",
            company_id=cls.other.id,
            company_ids=[Command.set(cls.other.ids)],
        )
        Campaign = cls.env["utm.campaign"]
        cls.spring = Campaign.create({"name": "Spring"})
        cls.promo = Campaign.create({"name": "Promo"})
        Source = cls.env["utm.source"]
        cls.spring_source = Source.create({"name": "Spring mail"})
        cls.other_source = Source.create({"name": "Other mail"})
        (cls.o5 | cls.o12).source_id = cls.spring_source
        cls.o13.source_id = cls.other_source
        partner_model = cls.env["ir.model"]._get("res.partner")
        list_model = cls.env["ir.model"]._get("mailing.list")

        def mailing(name, user, campaign=None, source=None, model=partner_model):
            return cls.env["mailing.mailing"].create(
                {
                    "subject": name,
                    "user_id": user.id,
                    "campaign_id": campaign.id if campaign else False,
                    "source_id": source.id if source else False,
                    "mailing_model_id": model.id,
                    "state": "done",
                }
            )

        cls.m1 = mailing("M1 Spring", cls.marketer, cls.spring, cls.spring_source)
        cls.m2 = mailing("M2 Promo", cls.marketer, cls.promo, cls.source, list_model)
        cls.m3 = mailing("M3", cls.marketer)
        cls.mo = mailing("MO", cls.other_marketer, cls.spring, cls.other_source)
        Contact = cls.env["mailing.contact"]
        cls.newsletter = cls.env["mailing.list"].create({"name": "KPI newsletter"})
        contacts = {
            email: Contact.create({"name": email, "email": email, "list_ids": [Command.link(cls.newsletter.id)]})
            for email in (
                "C2@Example.com ",
                "nobody@example.com",
                "twin@example.com",
                "c9@example.com",
                "c3@example.com",
                "c8@example.com",
            )
        }
        cls.contacts = contacts

        def trace(mailing, record, email, sent, status, opened=None, clicked=None, replied=None):
            return cls.env["mailing.trace"].create(
                {
                    "mass_mailing_id": mailing.id,
                    "model": record._name,
                    "res_id": record.id,
                    "email": email,
                    "sent_datetime": sent,
                    "trace_status": status,
                    "open_datetime": opened,
                    "links_click_datetime": clicked,
                    "reply_datetime": replied,
                }
            )

        march3 = "2026-03-03 09:00:00"
        cls.t1 = trace(cls.m1, cls.c1, "c1@example.com", march3, "open", "2026-03-03 10:00:00", "2026-03-03 10:05:00")
        cls.t2 = trace(cls.m1, cls.c2, "c2@example.com", march3, "sent")
        cls.t3 = trace(cls.m1, cls.c3, "c3@example.com", march3, "bounce")
        cls.t4 = trace(
            cls.m1, cls.c4, "c4@example.com", march3, "reply", "2026-03-04 08:00:00", replied="2026-03-04 09:00:00"
        )
        cls.t5 = trace(cls.m1, cls.c8, "c8@example.com", march3, "error")
        cls.t6 = trace(cls.m1, cls.c9, "c9@example.com", march3, "cancel")
        cls.t7 = trace(
            cls.m1, cls.c1_contact, "buyer@c1.example", "2026-02-28 23:30:00", "sent", clicked="2026-03-02 08:00:00"
        )
        march10 = "2026-03-10 09:00:00"
        cls.t8 = trace(cls.m2, contacts["C2@Example.com "], "C2@Example.com ", march10, "open", "2026-03-11 08:00:00")
        cls.t9 = trace(cls.m2, contacts["nobody@example.com"], "nobody@example.com", march10, "sent")
        cls.t10 = trace(
            cls.m2, contacts["twin@example.com"], "twin@example.com", march10, "open", "2026-03-10 12:00:00"
        )
        cls.t11 = trace(cls.m2, contacts["c9@example.com"], "c9@example.com", march10, "sent")
        cls.t12 = trace(
            cls.m2, contacts["c3@example.com"], "c3@example.com", "2026-03-31 22:30:00", "open", "2026-04-01 08:00:00"
        )
        cls.t13 = trace(cls.m2, contacts["c8@example.com"], "c8@example.com", "2026-01-20 09:00:00", "sent")
        cls.t14 = trace(cls.m3, cls.c8, "c8@example.com", "2026-03-20 09:00:00", "open", "2026-03-20 11:00:00")
        cls.o_t1 = trace(cls.mo, cls.c1, "c1@example.com", "2026-03-05 09:00:00", "open", "2026-03-05 10:00:00")
        cls.o_t2 = trace(cls.mo, cls.c1, "other@example.com", "2026-03-05 09:00:00", "sent")

        def leave(email, when):
            subscription = cls.env["mailing.subscription"].search(
                [("contact_id", "=", contacts[email].id), ("list_id", "=", cls.newsletter.id)]
            )
            subscription.write({"opt_out": True})
            subscription.flush_recordset()
            cls.env.cr.execute(
                SQL("UPDATE mailing_subscription SET opt_out_datetime = %s WHERE id = %s", when, subscription.id)
            )

        def blacklist(email, when):
            entry = cls.env["mail.blacklist"].create({"email": email})
            entry.flush_recordset()
            cls.env.cr.execute(SQL("UPDATE mail_blacklist SET create_date = %s WHERE id = %s", when, entry.id))

        leave("c9@example.com", "2026-03-13 09:00:00")
        leave("nobody@example.com", "2026-04-10 10:00:00")
        blacklist("c4@example.com", "2026-03-20 09:00:00")
        blacklist("other@example.com", "2026-03-15 09:00:00")
        cls.env.invalidate_all()
        cls.Value._refresh(cls.company | cls.other, [MARCH], refresh_records=False)
        cls.Value._refresh(cls.company, [WEEK_10, Q1, YEAR, APRIL], refresh_records=False)
