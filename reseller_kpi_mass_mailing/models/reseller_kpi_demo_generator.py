from odoo import Command, api, models
from odoo.tools import SQL, split_every

from odoo.addons.reseller_kpi.models.reseller_kpi_demo_generator import BATCH

from ..demo_generator.mailing_plan import build_mailing_plan


class ResellerKpiDemoGenerator(models.AbstractModel):
    _inherit = "reseller.kpi.demo.generator"

    def _demo_steps(self):
        return [*super()._demo_steps(), self._demo_mailings]

    def _demo_mailings(self, plan, refs):
        """Monthly newsletters to a mailing list and a few campaigns to customers, with their traces,
        opt-outs and blacklisted addresses, all sent by the demo's marketing user."""
        company = refs["company"]
        customers = refs["customers"]
        mailing_plan = build_mailing_plan(plan, plan.seed)
        marketer = self.env["res.users"].create(
            {
                "name": "Camille Marketing",
                "login": "demo.marketing@example.com",
                "email": "demo.marketing@example.com",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [
                    Command.link(self.env.ref("mass_mailing.group_mass_mailing_user").id),
                    Command.link(self.env.ref("reseller_kpi.group_user").id),
                ],
            }
        )
        source = refs["sources"]["Newsletter"]
        Campaign = self.env["utm.campaign"]
        campaigns = {name: Campaign.create({"name": name, "user_id": marketer.id}) for name in mailing_plan.campaigns}
        # the newsletter's subscribers: every customer that has an e-mail
        contacts = self.env["mailing.contact"].create(
            [{"name": customers[index].name, "email": email} for index, email in mailing_plan.subscribers]
        )
        contact_of = {
            index: contact for (index, _email), contact in zip(mailing_plan.subscribers, contacts, strict=True)
        }
        mailing_list = self.env["mailing.list"].create(
            {"name": "Newsletter clients", "contact_ids": [Command.set(contacts.ids)]}
        )
        list_model = self.env["ir.model"]._get("mailing.list")
        partner_model = self.env["ir.model"]._get("res.partner")
        traces = []
        for sending in mailing_plan.sendings:
            mailing = self.env["mailing.mailing"].create(
                {
                    "subject": sending.subject,
                    "body_html": f"<p>{sending.subject}</p>",
                    "user_id": marketer.id,
                    "campaign_id": campaigns[sending.campaign].id if sending.campaign else False,
                    "source_id": source.id if sending.newsletter else False,
                    "mailing_model_id": (list_model if sending.newsletter else partner_model).id,
                    "contact_list_ids": [Command.set(mailing_list.ids)] if sending.newsletter else [],
                    "mailing_domain": "[]" if sending.newsletter else "[('customer_rank', '>', 0)]",
                    "state": "done",
                    "sent_date": self._utc(sending.sent_at),
                }
            )
            for trace in sending.traces:
                customer = customers[trace.customer]
                model, res_id = (
                    ("mailing.contact", contact_of[trace.customer].id)
                    if sending.newsletter
                    else ("res.partner", customer.id)
                )
                traces.append(
                    {
                        "mass_mailing_id": mailing.id,
                        "model": model,
                        "res_id": res_id,
                        "email": trace.email,
                        "trace_status": trace.status,
                        "sent_datetime": self._utc(trace.sent_at),
                        "open_datetime": self._utc(trace.opened_at),
                        "reply_datetime": self._utc(trace.replied_at),
                        "links_click_datetime": self._utc(trace.clicked_at),
                    }
                )
        for chunk in split_every(BATCH, traces):
            self.env["mailing.trace"].create(list(chunk))
            self.env.flush_all()
        # the opt-outs: leaving the newsletter, or a blacklisted address, on the planned day
        for opt_out in mailing_plan.opt_outs:
            if opt_out.blacklist:
                entry = self.env["mail.blacklist"].create({"email": opt_out.email})
                self._set_dates("mail_blacklist", "create_date", {entry.id: self._utc(opt_out.at)})
            else:
                subscription = self.env["mailing.subscription"].search(
                    [("contact_id", "=", contact_of[opt_out.customer].id), ("list_id", "=", mailing_list.id)]
                )
                subscription.write({"opt_out": True})
                self.env.flush_all()
                self._set_dates("mailing_subscription", "opt_out_datetime", {subscription.id: self._utc(opt_out.at)})
        self.env.cr.execute(SQL("ANALYZE mailing_trace"))
        refs["mailings"] = self.env["mailing.mailing"].search([("user_id", "=", marketer.id)])
        refs["mailing_plan"] = mailing_plan

    @api.model
    def _demo_summary(self, refs):
        summary = super()._demo_summary(refs)
        mailing_plan = refs["mailing_plan"]
        summary.update(
            mailings=len(refs["mailings"]),
            mailing_traces=sum(len(sending.traces) for sending in mailing_plan.sendings),
            mailing_opt_outs=len(mailing_plan.opt_outs),
        )
        return summary
