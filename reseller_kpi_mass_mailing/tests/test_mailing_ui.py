from datetime import datetime, time, timedelta

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.reseller_kpi.engine.periods import period_of


@tagged("post_install", "-at_install")
class TestMailingUi(HttpCase):
    def test_marketer_opens_the_emails_sent(self):
        """Last month: 3 e-mails sent (one bounced), one in error that was never sent."""
        company = self.env.company
        marketer = new_test_user(
            self.env,
            "rk_tour_marketer",
            groups="mass_mailing.group_mass_mailing_user,reseller_kpi.group_user",
            name="Tour Marketer",
        )
        Value = self.env["reseller.kpi.value"]
        previous = period_of(Value._today(company), "month").previous()
        mailing = self.env["mailing.mailing"].create(
            {"subject": "Tour newsletter", "user_id": marketer.id, "state": "done"}
        )
        sent = datetime.combine(previous.date_start + timedelta(days=9), time(9, 0))
        partner = self.env["res.partner"].create({"name": "Tour reader", "email": "tour.reader@example.com"})
        for status in ("sent", "open", "bounce", "error"):
            self.env["mailing.trace"].create(
                {
                    "mass_mailing_id": mailing.id,
                    "model": "res.partner",
                    "res_id": partner.id,
                    "email": partner.email,
                    "sent_datetime": sent,
                    "trace_status": status,
                }
            )
        Value._refresh(company, [previous], refresh_records=False)
        stored = Value.search(
            [
                ("kpi_code", "=", "mailing.sent"),
                ("company_id", "=", company.id),
                ("date_start", "=", previous.date_start),
                ("period_type", "=", "month"),
                ("res_model", "=", False),
            ]
        )
        self.assertEqual(stored.value, 3, "the tour opens three e-mails")
        self.start_tour("/odoo", "reseller_kpi_mailing_tour", login="rk_tour_marketer")
