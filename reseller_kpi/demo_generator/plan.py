"""The demo reseller as plain data: what to create, decided before touching the ORM.

Everything here is deterministic for a given (seed, scale, months, end_date)
and imports nothing from Odoo, so it is tested without a database and the
ORM layer (``models/reseller_kpi_demo_generator.py``) only materialises it.

Dates are *local* dates/datetimes of the company (Europe/Paris); the ORM
layer converts them to UTC.

Scale 1 gives about 400 customer companies and 10,000 sale order lines over
24 months; scale 100 about 1 million lines.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

LINES_PER_SCALE = 10_000
CUSTOMERS_PER_SCALE = 400
PRODUCTS = 200
USD_SHARE = 0.08  # customers abroad, invoiced in US dollars

CATEGORY_TREE = {
    "Informatique": {
        "Ordinateurs": ["Portables", "Fixes"],
        "Périphériques": ["Claviers et souris", "Écrans"],
        "Stockage": ["Disques SSD", "Clés USB"],
    },
    "Image et son": {
        "Audio": ["Casques", "Enceintes"],
        "Vidéo": ["Téléviseurs", "Projecteurs"],
    },
    "Maison connectée": {
        "Éclairage": ["Ampoules", "Lampes"],
        "Sécurité": ["Caméras", "Alarmes"],
    },
    "Bureau": {
        "Mobilier": ["Chaises", "Bureaux"],
        "Consommables": ["Papier", "Encre"],
    },
}

# cost range (EUR) and markup range of each top-level family
FAMILY_PRICING = {
    "Informatique": ((15.0, 900.0), (1.12, 1.35)),
    "Image et son": ((20.0, 700.0), (1.18, 1.55)),
    "Maison connectée": ((8.0, 250.0), (1.30, 1.90)),
    "Bureau": ((2.0, 400.0), (1.25, 1.80)),
}

# name, behaviour, lead time in days
VENDORS = [
    ("Distri-Tech SA", "punctual", 5),
    ("Europe Composants", "punctual", 7),
    ("Grossiste du Nord", "late", 6),
    ("Lumina Import", "late", 14),
    ("Bureau Plus Fournitures", "punctual", 3),
    ("AudioPro Distribution", "partial", 8),
    ("VisionAV", "late", 10),
    ("Domotique Express", "partial", 5),
    ("Papeterie Centrale", "punctual", 2),
    ("Mobilier Design SARL", "late", 21),
    ("Stockage Direct", "returner", 4),
    ("Sécurité Habitat", "mixed", 7),
    ("Périph'Europe", "mixed", 6),
    ("Asia Electronics Ltd", "late", 30),
    ("Encre & Toner", "returner", 3),
]
VENDOR_FAMILIES = {
    "Informatique": [0, 1, 10, 12, 13],
    "Image et son": [5, 6, 13],
    "Maison connectée": [3, 7, 11],
    "Bureau": [4, 8, 9, 14],
}

TEAMS = [("Boutique", "shop"), ("Web", "web"), ("B2B", "b2b")]
SALESPEOPLE = [
    ("Camille Martin", "shop"),
    ("Julien Bernard", "web"),
    ("Sophie Laurent", "b2b"),
    ("Thomas Petit", "b2b"),
]
SOURCES = ["Google Ads", "Newsletter", "Salon professionnel", "Bouche-à-oreille", "Réseaux sociaux"]
SERVICES = [("Installation sur site", 60.0, 95.0), ("Extension de garantie 2 ans", 0.0, 49.0)]

# archetype: share of customers
ARCHETYPES = [("loyal", 0.35), ("new", 0.30), ("churner", 0.15), ("comeback", 0.10), ("oneshot", 0.10)]

FIXED_COSTS = [
    ("Salaires et charges sociales", 42000.0),
    ("Loyer du magasin et de l'entrepôt", 8500.0),
    ("Assurances", 900.0),
    ("Logiciels et abonnements", 1200.0),
]
COMPANY_PREFIXES = ["SARL", "SAS", "EURL", "SA", "Ets", "Maison"]
COMPANY_WORDS = [
    "Dupont",
    "Lefèvre",
    "Moreau",
    "Garnier",
    "Rousseau",
    "Fournier",
    "Girard",
    "Bonnet",
    "Lambert",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Marchand",
    "Duval",
    "Denis",
    "Lemoine",
    "Roux",
    "Blanc",
    "Guerin",
    "Muller",
    "Henry",
    "Perrin",
    "Morel",
    "Mathieu",
    "Clement",
    "Gauthier",
]
COMPANY_TRADES = [
    "Informatique",
    "Bureautique",
    "Services",
    "Conseil",
    "Immobilier",
    "Boulangerie",
    "Pharmacie",
    "Architectes",
    "Transports",
    "Cabinet médical",
    "Hôtel",
    "Restaurant",
    "Librairie",
    "Garage",
]
FIRST_NAMES = ["Marie", "Pierre", "Claire", "Nicolas", "Julie", "Antoine", "Léa", "Hugo", "Emma", "Lucas"]
CITIES = ["Paris", "Lyon", "Lille", "Nantes", "Bordeaux", "Toulouse", "Rennes", "Strasbourg", "Nice", "Dijon"]
CITY_ZIPS = {
    "Paris": "75002",
    "Lyon": "69001",
    "Lille": "59000",
    "Nantes": "44000",
    "Bordeaux": "33000",
    "Toulouse": "31000",
    "Rennes": "35000",
    "Strasbourg": "67000",
    "Nice": "06000",
    "Dijon": "21000",
    "New York": "10001",
}


@dataclass
class Product:
    ref: str
    name: str
    category: tuple  # (level 1, level 2, level 3)
    cost: float
    price: float
    vendor: int
    sale_delay: int
    service: bool = False


@dataclass
class Customer:
    ref: str
    name: str
    city: str
    team: str
    salesperson: int
    source: str
    archetype: str
    usd: bool
    contacts: list = field(default_factory=list)
    order_dates: list = field(default_factory=list)
    # what the customer's record holds (customer data quality), from its rank alone: no draw of the
    # plan's random sequence, so the rest of the demo does not move
    email: str = ""
    blacklisted: bool = False
    phone: str = ""
    zip: str = ""
    vat: str = ""
    # a second, older record of the same company (same e-mail and VAT): a duplicate to merge
    twin: bool = False


@dataclass
class OrderLine:
    product: int
    qty: float
    price: float  # in the order's currency


@dataclass
class Order:
    customer: int
    contact: int  # index in the customer's contacts, -1 for the company itself
    date_order: datetime  # local
    state: str  # sale, draft, cancel
    usd: bool
    lines: list
    commitment_date: datetime = None  # local
    delivery_date: datetime = None  # local, None when not delivered yet


@dataclass
class PurchaseLine:
    product: int
    qty: float
    price: float
    date_planned: datetime  # local


@dataclass
class PurchaseOrder:
    vendor: int
    date_approve: datetime  # local
    lines: list
    # receipts as (local datetime, {line index: quantity}); the first is the
    # order's receipt, a second one its backorder
    receipts: list = field(default_factory=list)
    # returns to the vendor: (local datetime, {line index: quantity})
    returns: list = field(default_factory=list)


@dataclass
class Lead:
    name: str
    customer: int  # -1: no partner
    team: str
    salesperson: int
    source: str
    create_date: datetime  # local
    outcome: str  # won, lost, open
    date_closed: datetime = None


@dataclass
class Expense:
    kind: str  # fixed, variable, marketing
    label: str
    day: date
    amount: float


@dataclass
class Plan:
    seed: int
    scale: float
    start: date
    end: date
    products: list
    customers: list
    orders: list
    purchases: list
    leads: list
    expenses: list
    usd_rates: dict  # first day of month -> USD per EUR

    def summary(self):
        """Counts and totals the database must show once the plan is created."""
        confirmed = [o for o in self.orders if o.state == "sale"]
        lines = [line for o in self.orders for line in o.lines]
        return {
            "customers": len(self.customers),
            "products": len(self.products),
            "sale_orders": len(self.orders),
            "sale_orders_confirmed": len(confirmed),
            "sale_order_lines": len(lines),
            "sale_amount_eur_orders": round(
                sum(round(ln.qty * ln.price, 2) for o in confirmed if not o.usd for ln in o.lines), 2
            ),
            "sale_amount_usd_orders": round(
                sum(round(ln.qty * ln.price, 2) for o in confirmed if o.usd for ln in o.lines), 2
            ),
            "purchase_orders": len(self.purchases),
            "purchase_lines": sum(len(p.lines) for p in self.purchases),
            "leads": len(self.leads),
            "leads_won": sum(1 for lead in self.leads if lead.outcome == "won"),
            "leads_lost": sum(1 for lead in self.leads if lead.outcome == "lost"),
            "expenses": len(self.expenses),
            "expense_amount": round(sum(e.amount for e in self.expenses), 2),
        }


def month_starts(start, end):
    day = start.replace(day=1)
    while day <= end:
        yield day
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def add_months(day, months):
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def business_time(rng, day):
    return datetime.combine(day, time(rng.randint(9, 17), rng.choice((0, 15, 30, 45))))


def build_plan(seed=42, scale=1.0, months=24, end_date=None):
    """Return the Plan of the demo reseller."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    if months < 13:
        raise ValueError("months must be at least 13 (churn needs a year of history)")
    rng = random.Random(seed)
    end = end_date or date.today()
    start = add_months(end.replace(day=1), -(months - 1))
    span = (end - start).days + 1

    products = _products(rng, scale)
    customers = _customers(rng, scale, start, end, span)
    orders = _orders(rng, scale, customers, products, end)
    purchases = _purchases(rng, orders, products, start, end)
    leads = _leads(rng, customers, start, end)
    expenses = _expenses(rng, orders, products, start, end, scale)
    usd_rates = {m: round(1.05 + 0.08 * rng.random(), 4) for m in month_starts(start, end)}
    # USD prices follow the month's rate
    for order in orders:
        if order.usd:
            rate = usd_rates[order.date_order.date().replace(day=1)]
            for line in order.lines:
                line.price = round(line.price * rate, 2)
    return Plan(seed, scale, start, end, products, customers, orders, purchases, leads, expenses, usd_rates)


def _products(rng, scale):
    leaves = [(l1, l2, l3) for l1, subs in CATEGORY_TREE.items() for l2, l3s in subs.items() for l3 in l3s]
    count = max(len(leaves), round(PRODUCTS * min(scale, 1.0)))
    products = []
    for index in range(count):
        category = leaves[index % len(leaves)]
        (cost_lo, cost_hi), (mk_lo, mk_hi) = FAMILY_PRICING[category[0]]
        cost = round(cost_lo * (cost_hi / cost_lo) ** rng.random(), 2)  # log-uniform
        price = round(cost * rng.uniform(mk_lo, mk_hi), 2)
        vendor = rng.choice(VENDOR_FAMILIES[category[0]])
        products.append(
            Product(
                f"RK{index + 1:04d}",
                f"{category[2]} {category[1]} modèle {index + 1:03d}",
                category,
                cost,
                price,
                vendor,
                rng.choice((0, 1, 2, 3, 5)),
            )
        )
    for name, cost, price in SERVICES:
        products.append(Product(f"RKS{len(products):03d}", name, None, cost, price, -1, 0, service=True))
    # one product without a cost, as happens in real catalogues
    products[1].cost = 0.0
    return products


def _customers(rng, scale, start, end, span):
    count = max(30, round(CUSTOMERS_PER_SCALE * scale))
    customers = []
    names = set()
    for index in range(count):
        while True:
            name = f"{rng.choice(COMPANY_PREFIXES)} {rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_TRADES)}"
            if name not in names:
                break
            name = f"{name} {index}"
            if name not in names:
                break
        names.add(name)
        # the first customers of each archetype are fixed, so every behaviour
        # exists even at small scales; the rest are drawn by weight
        if index < len(ARCHETYPES) * 3:
            archetype = ARCHETYPES[index % len(ARCHETYPES)][0]
        else:
            archetype = rng.choices([a for a, _ in ARCHETYPES], [w for _, w in ARCHETYPES])[0]
        team = TEAMS[index % 3][1] if index < 15 else rng.choice(("shop", "web", "web", "b2b"))
        salespeople = [i for i, (_n, t) in enumerate(SALESPEOPLE) if t == team]
        customer = Customer(
            ref=f"RKC{index + 1:05d}",
            name=name,
            city=rng.choice(CITIES),
            team=team,
            salesperson=rng.choice(salespeople),
            source=rng.choice(SOURCES),
            archetype=archetype,
            usd=index == 1 or (index > 15 and rng.random() < USD_SHARE),
        )
        for _c in range(rng.choice((1, 1, 2))):
            first = rng.choice(FIRST_NAMES)
            customer.contacts.append(f"{first} {name.split()[1]}")
        customer.order_dates = _order_dates(rng, archetype, start, end, span)
        _record_quality(customer, index)
        customers.append(customer)
    return customers


def _record_quality(customer, index):
    """About 1 customer in 11 without e-mail, 1 in 23 blacklisted, 1 in 5 without phone, 1 in 7
    without zip code, 1 in 40 with an older duplicate record.

    >>> c = Customer("RKC00006", "Alpha 6", "Lyon", "web", 0, "web", "loyal", False)
    >>> _record_quality(c, 5); (c.email, c.phone, c.zip, c.twin)
    ('', '', '69001', False)
    """
    customer.email = "" if index % 11 == 5 else f"compta@{customer.ref.lower()}.example"
    customer.blacklisted = bool(customer.email) and index % 23 == 7
    customer.phone = "" if index % 5 == 0 else f"+33 1 {index // 100 % 100:02d} {index % 100:02d} 00 00"
    customer.zip = "" if index % 7 == 3 else CITY_ZIPS.get(customer.city, "75001")
    customer.vat = "" if customer.usd else f"FR{index + 10:011d}"
    customer.twin = index % 40 == 17


def _order_dates(rng, archetype, start, end, span):
    """Days on which a customer orders, by archetype (in days from start)."""
    last = span - 1
    if archetype == "loyal":
        first, stop, gap = rng.randint(0, 60), last, (20, 75)
    elif archetype == "new":
        first, stop, gap = rng.randint(0, last - 10), last, (20, 90)
    elif archetype == "churner":
        # last order more than a year before the end: churned
        first, stop, gap = rng.randint(0, 90), rng.randint(150, max(151, last - 400)), (25, 80)
    elif archetype == "comeback":
        first, stop, gap = rng.randint(0, 60), rng.randint(100, 160), (25, 60)
    else:  # oneshot
        day = rng.randint(0, last)
        return [start + timedelta(days=day)]
    days, day = [], first
    while day <= stop:
        days.append(day)
        day += rng.randint(*gap)
    if archetype == "comeback":
        # a pause longer than the 365-day inactivity window, then orders again
        day = days[-1] + rng.randint(400, 440)
        while day <= last:
            days.append(day)
            day += rng.randint(30, 70)
    return [start + timedelta(days=d) for d in days if d <= last]


def _orders(rng, scale, customers, products, end):
    goods = [i for i, p in enumerate(products) if not p.service]
    services = [i for i, p in enumerate(products) if p.service]
    planned = sum(len(c.order_dates) for c in customers)
    target_lines = LINES_PER_SCALE * scale
    mean_lines = max(1.0, target_lines / max(planned, 1))
    orders = []
    for index, customer in enumerate(customers):
        for day in customer.order_dates:
            n_lines = max(1, round(rng.triangular(1, 2 * mean_lines - 1, mean_lines)))
            chosen = rng.sample(goods, min(n_lines, len(goods)))
            lines = []
            for product in chosen:
                qty = rng.choice((1, 1, 1, 2, 2, 3, 5)) * (rng.choice((1, 2, 4, 10)) if customer.team == "b2b" else 1)
                lines.append(OrderLine(product, float(qty), products[product].price))
            if rng.random() < 0.06:
                lines.append(OrderLine(rng.choice(services), 1.0, products[services[0]].price))
            state = "sale"
            roll = rng.random()
            if day > end - timedelta(days=20) and roll < 0.25:
                state = "draft"  # recent quotations not confirmed yet
            elif roll < 0.03:
                state = "cancel"
            date_order = business_time(rng, day)
            order = Order(index, rng.randrange(-1, len(customer.contacts)), date_order, state, customer.usd, lines)
            lead_days = max(products[ln.product].sale_delay for ln in lines)
            promised = day + timedelta(days=lead_days)
            if rng.random() < 0.15:
                promised = day + timedelta(days=rng.randint(3, 12))
                order.commitment_date = datetime.combine(promised, time(12, 0))
            delay = 0 if rng.random() < 0.72 else rng.randint(1, 9)
            done = promised + timedelta(days=delay - (1 if delay == 0 and rng.random() < 0.3 else 0))
            done = max(done, day)
            if state == "sale" and done < end:
                order.delivery_date = business_time(rng, done)
            orders.append(order)
    orders.sort(key=lambda o: o.date_order)
    return orders


def _purchases(rng, orders, products, start, end):
    """One purchase order per vendor and month, sized on that month's sales."""
    demand = {}
    for order in orders:
        if order.state != "sale":
            continue
        month = order.date_order.date().replace(day=1)
        for line in order.lines:
            product = products[line.product]
            if product.service:
                continue
            per_product = demand.setdefault((product.vendor, month), {})
            per_product[line.product] = per_product.get(line.product, 0.0) + line.qty
    purchases = []
    for (vendor, month), per_product in sorted(demand.items()):
        _name, behaviour, lead = VENDORS[vendor]
        approve_day = month + timedelta(days=rng.randint(0, 5))
        planned = datetime.combine(approve_day + timedelta(days=lead), time(10, 0))
        lines = [
            PurchaseLine(product, float(qty), products[product].cost, planned)
            for product, qty in sorted(per_product.items())
        ]
        purchase = PurchaseOrder(vendor, business_time(rng, approve_day), lines)
        _receipts(rng, behaviour, purchase, end)
        purchases.append(purchase)
    # every behaviour shows at least once: the first receipt of a returner has a return
    for purchase in purchases:
        if VENDORS[purchase.vendor][1] == "returner" and purchase.receipts and not purchase.returns:
            first_day, _qties = purchase.receipts[0]
            back = first_day + timedelta(days=3)
            if back.date() < end:
                purchase.returns.append((back, {0: 1.0}))
                break
    return purchases


def _receipts(rng, behaviour, purchase, end):
    planned = purchase.lines[0].date_planned.date()
    if behaviour == "punctual":
        shift = rng.choice((-2, -1, 0, 0, 0))
    elif behaviour == "late":
        shift = rng.choice((2, 3, 5, 8, 12)) if rng.random() < 0.65 else 0
    elif behaviour == "mixed":
        shift = rng.choice((-1, 0, 0, 1, 4))
    else:
        shift = rng.choice((-1, 0, 0, 1))
    first = planned + timedelta(days=shift)
    if first >= end:
        return  # not received yet
    full = {index: line.qty for index, line in enumerate(purchase.lines)}
    if behaviour == "partial" and rng.random() < 0.6:
        # part of the biggest line first, the rest in a backorder
        index = max(full, key=full.get)
        if full[index] >= 2:
            part = max(1.0, float(int(full[index] * rng.uniform(0.5, 0.9))))
            first_qties = {**full, index: part}
            purchase.receipts.append((business_time(rng, first), first_qties))
            later = first + timedelta(days=rng.randint(5, 20))
            if later < end:
                purchase.receipts.append((business_time(rng, later), {index: full[index] - part}))
            return
    purchase.receipts.append((business_time(rng, first), full))
    if behaviour == "returner" and rng.random() < 0.2:
        back = first + timedelta(days=rng.randint(2, 10))
        if back < end:
            purchase.returns.append((business_time(rng, back), {0: 1.0}))


def _leads(rng, customers, start, end):
    leads = []
    first_orders = {i: c.order_dates[0] for i, c in enumerate(customers) if c.order_dates}
    for index, customer in enumerate(customers):
        first = first_orders[index]
        # new customers came through a won opportunity created before their first order
        if customer.archetype in ("new", "oneshot") or rng.random() < 0.1:
            created = first - timedelta(days=rng.randint(3, 60))
            if created < start:
                continue
            closed = first - timedelta(days=rng.randint(0, min(2, (first - created).days)))
            leads.append(
                Lead(
                    f"Projet {customer.name}",
                    index,
                    customer.team,
                    customer.salesperson,
                    customer.source,
                    business_time(rng, created),
                    "won",
                    business_time(rng, closed),
                )
            )
    span = (end - start).days
    lost_or_open = max(20, round(len(customers) * 0.8))
    for number in range(lost_or_open):
        created = start + timedelta(days=rng.randint(0, span))
        team = rng.choice(("shop", "web", "web", "b2b"))
        salespeople = [i for i, (_n, t) in enumerate(SALESPEOPLE) if t == team]
        outcome = "lost" if rng.random() < 0.75 else "open"
        closed = None
        if outcome == "lost":
            closed = created + timedelta(days=rng.randint(1, 45))
            if closed >= end:
                outcome, closed = "open", None
        # about a third of them never got a partner (anonymous web leads)
        customer = rng.randrange(len(customers)) if rng.random() < 0.66 else -1
        leads.append(
            Lead(
                f"Demande n°{number + 1:05d}",
                customer,
                team,
                rng.choice(salespeople),
                rng.choice(SOURCES),
                business_time(rng, created),
                outcome,
                business_time(rng, closed) if closed else None,
            )
        )
    leads.sort(key=lambda lead: lead.create_date)
    return leads


def _expenses(rng, orders, products, start, end, scale):
    revenue = {}
    for order in orders:
        if order.state == "sale" and not order.usd:
            month = order.date_order.date().replace(day=1)
            revenue[month] = revenue.get(month, 0.0) + sum(ln.qty * ln.price for ln in order.lines)
    size = max(scale, 0.05)
    expenses = []
    for month in month_starts(start, end):
        day = month + timedelta(days=4)
        if day > end:
            break
        for label, amount in FIXED_COSTS:
            expenses.append(Expense("fixed", label, day, round(amount * size, 2)))
        expenses.append(
            Expense("variable", "Transport sur ventes", day, round(0.03 * revenue.get(month, 0.0) + 10.0, 2))
        )
        expenses.append(Expense("marketing", "Campagne Google Ads", day, round(rng.uniform(600, 1500) * size, 2)))
        if month.month in (3, 10):
            expenses.append(Expense("marketing", "Stand salon professionnel", day, round(2500.0 * size, 2)))
    return expenses
