"""The web shop of the demo reseller, planned in plain Python from its orders.

The orders of the *Web* team's customers are web orders of the shop, created when they are dated;
some of them are preceded by a cart the customer left (a quotation that stays one). Each web order
comes with a visit of its customer, and anonymous visitors browse the shop every day; a customer
signs up to the portal the day before its first web order.

>>> from datetime import date
>>> from odoo.addons.reseller_kpi.demo_generator.plan import build_plan
>>> demo = build_plan(seed=42, scale=0.1, end_date=date(2026, 6, 30))
>>> shop = build_shop_plan(demo, 42)
>>> len(shop.web_orders) > len(shop.abandoned) > 0, len(shop.visits) > len(shop.web_orders)
(True, True)
>>> all(day < demo.orders[shop.first_web_order[c]].date_order for c, day in shop.signups.items())
True
>>> shop == build_shop_plan(demo, 42)
True
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

ABANDON_SHARE = 0.4  # of the web orders: a cart left a few days before
ANONYMOUS_PER_DAY = 2  # at scale 1
PRODUCT_VIEW_SHARE = 0.6  # of the page views


@dataclass
class Cart:
    customer: int  # index in plan.customers
    created_at: datetime  # local
    lines: list  # (product index, quantity)


@dataclass
class Visit:
    customer: int  # -1: anonymous
    pages: list  # (local datetime, product index or None)


@dataclass
class ShopPlan:
    web_orders: list  # indexes in plan.orders
    abandoned: list  # Carts left as quotations
    visits: list
    signups: dict  # customer index -> local datetime of the portal sign-up
    first_web_order: dict = field(default_factory=dict)  # customer index -> index in plan.orders


def _visit(rng, customer, start, products):
    pages, moment = [], start
    for _page in range(rng.randint(1, 6)):
        product = rng.randrange(products) if rng.random() < PRODUCT_VIEW_SHARE else None
        pages.append((moment, product))
        moment += timedelta(minutes=rng.randint(1, 12))
    return Visit(customer, pages)


def build_shop_plan(plan, seed=42):
    """The web orders, abandoned carts, visits and sign-ups of `plan` (a demo_generator Plan)."""
    rng = random.Random(seed * 7907 + 11)
    products = len(plan.products)
    web_orders = [
        index
        for index, order in enumerate(plan.orders)
        if plan.customers[order.customer].team == "web" and order.date_order.date() >= plan.start
    ]
    first_web_order, abandoned, visits = {}, [], []
    for index in web_orders:
        order = plan.orders[index]
        first_web_order.setdefault(order.customer, index)
        visits.append(_visit(rng, order.customer, order.date_order - timedelta(minutes=30), products))
        if rng.random() < ABANDON_SHARE:
            created = order.date_order - timedelta(days=rng.randint(2, 20), hours=rng.randint(0, 6))
            if created.date() >= plan.start:
                lines = [(rng.randrange(products), rng.randint(1, 3)) for _line in range(rng.randint(1, 2))]
                abandoned.append(Cart(order.customer, created, lines))
    day = plan.start
    per_day = max(1, round(ANONYMOUS_PER_DAY * plan.scale))
    while day <= plan.end:
        for _visitor in range(rng.randint(0, 2 * per_day)):
            visits.append(
                _visit(rng, -1, datetime.combine(day, time(rng.randint(7, 22), rng.randint(0, 59))), products)
            )
        day += timedelta(days=1)
    signups = {
        customer: plan.orders[index].date_order - timedelta(days=1, hours=rng.randint(0, 5))
        for customer, index in first_web_order.items()
        if plan.customers[customer].email and (plan.orders[index].date_order - timedelta(days=1)).date() >= plan.start
    }
    return ShopPlan(web_orders, abandoned, visits, signups, first_web_order)
