"""E-mail marketing of the demo reseller, planned in plain Python from its customers.

A customer with an e-mail address subscribes to the monthly newsletter with its first order;
three campaigns a year go to every customer who has ordered. Of the e-mails sent, a few fail
(error), a few more bounce, about a third are opened and a quarter of those clicked; now and
then a reader leaves the newsletter or blacklists the address in the days after an e-mail, and
gets no more of them. Blacklisted customers of the base demo never receive one.

>>> from datetime import date
>>> from odoo.addons.reseller_kpi.demo_generator.plan import build_plan
>>> demo = build_plan(seed=42, scale=0.1, end_date=date(2026, 6, 30))
>>> mailing = build_mailing_plan(demo, 42)
>>> sum(s.newsletter for s in mailing.sendings), len(mailing.campaigns)
(24, 4)
>>> statuses = {t.status for s in mailing.sendings for t in s.traces}
>>> sorted(statuses)
['bounce', 'error', 'open', 'reply', 'sent']
>>> mailing == build_mailing_plan(demo, 42)
True
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

NEWSLETTER = "Newsletter mensuelle"
# (campaign, month, day): sent every year of the plan to the customers who have ordered
CAMPAIGNS = (("Soldes d'hiver", 1, 12), ("Rentrée", 9, 3), ("Black Friday", 11, 24))
ERROR_SHARE = 0.005
BOUNCE_SHARE = 0.03
OPEN_SHARE = 0.35
CLICK_SHARE = 0.25  # of the opened
REPLY_SHARE = 0.02  # of the opened
OPT_OUT_SHARE = 0.006  # of the delivered
BLACKLIST_SHARE = 0.25  # of the opt-outs: the address is blacklisted rather than leaving the list


@dataclass
class PlannedTrace:
    customer: int  # index in plan.customers
    email: str
    status: str  # sent, open, reply, bounce, error
    sent_at: datetime  # local
    opened_at: datetime = None
    clicked_at: datetime = None
    replied_at: datetime = None


@dataclass
class Sending:
    subject: str
    campaign: str
    newsletter: bool  # to the newsletter's mailing list; else to the customers (res.partner)
    sent_at: datetime  # local
    traces: list = field(default_factory=list)


@dataclass
class OptOut:
    customer: int
    email: str
    at: datetime  # local
    blacklist: bool  # blacklisted; else left the newsletter


@dataclass
class MailingPlan:
    campaigns: tuple
    subscribers: list  # (customer index, e-mail) of the newsletter's list
    sendings: list
    opt_outs: list


def _months(start, end):
    day = start.replace(day=1)
    while day <= end:
        yield day
        day = (day + timedelta(days=32)).replace(day=1)


def _sendings(plan, end):
    """The newsletter of each month and the campaigns of their months, oldest first."""
    sendings = []
    for month in _months(plan.start, plan.end):
        sendings.append(
            Sending(f"{NEWSLETTER} · {month:%m/%Y}", NEWSLETTER, True, datetime.combine(month.replace(day=8), time(9)))
        )
        for name, campaign_month, day in CAMPAIGNS:
            if month.month == campaign_month:
                sendings.append(
                    Sending(f"{name} {month.year}", name, False, datetime.combine(month.replace(day=day), time(10)))
                )
    sendings = [s for s in sendings if plan.start <= s.sent_at.date() and s.sent_at <= end]
    return sorted(sendings, key=lambda s: s.sent_at)


def _outcome(rng, trace, end):
    """What becomes of an e-mail: failed, bounced, or delivered and perhaps opened, clicked, replied;
    nothing happens after the plan's end."""
    draw = rng.random()
    if draw < ERROR_SHARE:
        trace.status = "error"
    elif draw < ERROR_SHARE + BOUNCE_SHARE:
        trace.status = "bounce"
    elif rng.random() < OPEN_SHARE:
        trace.status = "open"
        trace.opened_at = trace.sent_at + timedelta(hours=rng.randint(1, 96))
        if rng.random() < CLICK_SHARE:
            trace.clicked_at = trace.opened_at + timedelta(minutes=rng.randint(1, 30))
        if rng.random() < REPLY_SHARE:
            trace.status = "reply"
            trace.replied_at = trace.opened_at + timedelta(hours=rng.randint(1, 24))
    for moment in ("opened_at", "clicked_at", "replied_at"):
        if getattr(trace, moment) and getattr(trace, moment) > end:
            setattr(trace, moment, None)
    if trace.status in ("open", "reply") and not trace.opened_at:
        trace.status, trace.replied_at = "sent", None


def build_mailing_plan(plan, seed=42):
    """The mailings, traces and opt-outs of `plan` (a demo_generator Plan), oldest first."""
    rng = random.Random(seed * 104729 + 3)
    end = datetime.combine(plan.end, time(23, 59))
    first_order = {
        index: min(customer.order_dates) for index, customer in enumerate(plan.customers) if customer.order_dates
    }
    reachable = [
        index
        for index, customer in enumerate(plan.customers)
        if customer.email and not customer.blacklisted and index in first_order
    ]
    sendings = _sendings(plan, end)
    left, blacklisted, opt_outs = set(), set(), []
    for sending in sendings:
        for index in reachable:
            if first_order[index] > sending.sent_at.date() or index in blacklisted:
                continue
            if sending.newsletter and index in left:
                continue
            email = plan.customers[index].email
            trace = PlannedTrace(index, email, "sent", sending.sent_at + timedelta(minutes=rng.randint(0, 50)))
            _outcome(rng, trace, end)
            sending.traces.append(trace)
            if trace.status in ("sent", "open", "reply") and rng.random() < OPT_OUT_SHARE:
                at = trace.sent_at + timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 8))
                blacklist = not sending.newsletter or rng.random() < BLACKLIST_SHARE
                if at <= end:
                    opt_outs.append(OptOut(index, email, at, blacklist))
                    (blacklisted if blacklist else left).add(index)
    subscribers = [(index, plan.customers[index].email) for index in reachable]
    campaigns = (NEWSLETTER, *(name for name, _month, _day in CAMPAIGNS))
    return MailingPlan(campaigns, subscribers, sendings, sorted(opt_outs, key=lambda o: o.at))
