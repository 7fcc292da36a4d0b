"""The demo reseller's shop till, planned in plain Python: a session a week over the demo's two years,
tickets on the days of each session (most of them anonymous, the others to the *Shop* team's
customers), and one refund of a ticket of the last month.

>>> from datetime import date
>>> from odoo.addons.reseller_kpi.demo_generator.plan import build_plan
>>> demo = build_plan(seed=42, scale=0.1, end_date=date(2026, 6, 30))
>>> till = build_pos_plan(demo, 42)
>>> anonymous = sum(1 for t in till.tickets if t.customer < 0)
>>> len(till.sessions) >= 104, anonymous > len(till.tickets) - anonymous > 0
(True, True)
>>> [t.refund_of is not None for t in till.tickets].count(True), till == build_pos_plan(demo, 42)
(1, True)
>>> all(demo.customers[t.customer].team == "shop" for t in till.tickets if t.customer >= 0)
True
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

TICKETS_PER_DAY = 3  # at scale 1
ANONYMOUS_SHARE = 0.7
OPENING_DAYS = (1, 2, 3, 4, 5)  # Tuesday to Saturday


@dataclass
class Ticket:
    session: int  # index in sessions
    customer: int  # index in plan.customers, -1: anonymous
    salesperson: int  # index in the plan's salespeople
    date_order: datetime  # local
    lines: list  # (product index, quantity, unit price)
    refund_of: int = None  # index of the refunded ticket


@dataclass
class PosPlan:
    sessions: list = field(default_factory=list)  # local opening datetimes, a Monday's week each
    tickets: list = field(default_factory=list)


def build_pos_plan(plan, seed):
    rng = random.Random(f"pos-{seed}")
    goods = [index for index, product in enumerate(plan.products) if not product.service]
    regulars = [index for index, customer in enumerate(plan.customers) if customer.team == "shop"]
    sellers = sorted({customer.salesperson for customer in plan.customers if customer.team == "shop"}) or [0]
    till = PosPlan()
    monday = first_monday = plan.start - timedelta(days=plan.start.weekday())
    end = plan.end
    while monday <= end:
        session = len(till.sessions)
        till.sessions.append(datetime.combine(monday + timedelta(days=1), time(9, 0)))
        for offset in OPENING_DAYS:
            day = monday + timedelta(days=offset)
            if day < plan.start or day > end:
                continue
            for _ in range(max(1, round(rng.gauss(TICKETS_PER_DAY * plan.scale, 1)))):
                anonymous = not regulars or rng.random() < ANONYMOUS_SHARE
                moment = datetime.combine(day, time(rng.randint(9, 18), rng.randint(0, 59)))
                lines = []
                for product in rng.sample(goods, rng.choice((1, 1, 2, 3))):
                    lines.append((product, float(rng.choice((1, 1, 2, 3))), plan.products[product].price))
                till.tickets.append(
                    Ticket(session, -1 if anonymous else rng.choice(regulars), rng.choice(sellers), moment, lines)
                )
        monday += timedelta(days=7)
    # a customer brings back what it bought in the last month: the refund, two days later
    last_month = [
        index
        for index, ticket in enumerate(till.tickets)
        if ticket.customer >= 0
        and ticket.date_order.date() > end - timedelta(days=30)
        and ticket.date_order.date() <= end - timedelta(days=2)
    ]
    if last_month:
        refunded = till.tickets[rng.choice(last_month)]
        moment = refunded.date_order + timedelta(days=2)
        till.tickets.append(
            Ticket(
                min((moment.date() - first_monday).days // 7, len(till.sessions) - 1),
                refunded.customer,
                refunded.salesperson,
                moment,
                [(product, -qty, price) for product, qty, price in refunded.lines],
                refund_of=till.tickets.index(refunded),
            )
        )
    return till
