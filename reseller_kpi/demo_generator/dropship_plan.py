"""The demo reseller's drop-shipped orders, planned in plain Python: the furniture of *Mobilier Design
SARL* and the paper of *Papeterie Centrale* go straight from the vendor to the customer. A few times a
month a customer who ordered from the shop orders one of those products again the next day; the
order is drop-shipped, the vendor is asked to ship it by the promised day, and ships it on time or
late as it usually does. Orders of the last days are not shipped yet.

Its own random sequence (seeded from the plan's seed): the rest of the demo does not move.

>>> from datetime import date
>>> from odoo.addons.reseller_kpi.demo_generator.plan import VENDORS, build_plan
>>> demo = build_plan(seed=42, scale=0.1, end_date=date(2026, 6, 30))
>>> orders = build_dropship_plan(demo)
>>> sorted({VENDORS[order.vendor][0] for order in orders})
['Mobilier Design SARL', 'Papeterie Centrale']
>>> all(demo.products[order.product].vendor == order.vendor for order in orders)
True
>>> late = [o for o in orders if o.shipped and o.shipped.date() > o.promised.date()]
>>> 0 < len(late) < len(orders), all(o.date_order <= o.shipped for o in orders if o.shipped)
(True, True)
>>> orders == build_dropship_plan(demo)
True
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from .plan import VENDORS

DROPSHIP_VENDORS = ("Mobilier Design SARL", "Papeterie Centrale")
ORDERS_PER_MONTH = 2  # per vendor, at scale 1
# days the vendor ships after (negative: before) the promised day
SHIFTS = {"punctual": (-1, 0, 0, 0, 0), "late": (0, 0, 1, 3, 6)}


@dataclass
class DropshipOrder:
    customer: int  # index in plan.customers
    vendor: int  # index in VENDORS
    product: int  # index in plan.products
    qty: float
    date_order: datetime  # local
    promised: datetime  # local: the customer's commitment date and the vendor's planned date
    shipped: datetime = None  # local, None when not shipped yet


def build_dropship_plan(plan):
    rng = random.Random(f"dropship-{plan.seed}")
    vendors = [index for index, (name, _behaviour, _lead) in enumerate(VENDORS) if name in DROPSHIP_VENDORS]
    # the euro customers' confirmed orders, by month: a drop-shipped order follows one of them
    by_month = {}
    for order in plan.orders:
        if order.state == "sale" and not order.usd:
            by_month.setdefault(order.date_order.date().replace(day=1), []).append(order)
    orders = []
    for _month, placed in sorted(by_month.items()):
        for vendor in vendors:
            _name, behaviour, lead = VENDORS[vendor]
            goods = [i for i, p in enumerate(plan.products) if p.vendor == vendor and not p.service]
            if not goods:
                continue
            for _ in range(max(0, round(rng.gauss(ORDERS_PER_MONTH * plan.scale, 0.7)))):
                after = rng.choice(placed)
                day = after.date_order.date() + timedelta(days=1)
                if day > plan.end:
                    continue
                ordered = datetime.combine(day, time(rng.randint(9, 17), rng.choice((0, 15, 30, 45))))
                promised = datetime.combine(day + timedelta(days=lead), time(12, 0))
                shipped_day = promised.date() + timedelta(days=rng.choice(SHIFTS.get(behaviour, (0,))))
                shipped = None
                if shipped_day < plan.end:
                    shipped = datetime.combine(max(shipped_day, day), time(rng.randint(8, 16), 0))
                orders.append(
                    DropshipOrder(
                        after.customer,
                        vendor,
                        rng.choice(goods),
                        float(rng.choice((1, 1, 2, 4))),
                        ordered,
                        promised,
                        shipped,
                    )
                )
    orders.sort(key=lambda order: order.date_order)
    return orders
