"""The KPI registry: each KPI of the contract (KPI_DEFINITIONS.md) described once.

The codes are a public contract: stored values, BI tools and targets use them.
Everything else — the code selection, target validation, the family stored on
each value, the record rules, the drill-down, the dashboard's sections and the
reports — reads this description instead of repeating it.

A *family* is declared once, by the add-on that owns it: its name, label and
dimensions, its KPIs, the groups that may read it (none: every KPI user) and
the place of its section on the dashboard and in the reports. The base add-on
declares the families below; another add-on declares its own and adds it to
``reseller.kpi.collector._kpi_registry`` through ``super()`` (see
``reseller_kpi_survey``), so any number of add-ons can add families.

A KPI's *record sets* say which records a controller opens to recompute it:
each names a member set of a family (``family:set``, listed by that family's
member query from the same conditions as its count, labelled by the family's
model), the stored number it explains (``value``, ``numerator``,
``denominator``, ``part`` when several parts add up to the value, or ``None``
for context; several sets explaining the same number add up to it) and the
measure that recomputes that number from the records (``count``,
``revenue``...). A KPI *grows* with the days of its period when it
is a sum (``SUM``) or a ratio of sums (``RATIO``): a period in progress holds
only part of it.

>>> REGISTRY.kpi("customers.churn_rate").records[0].ref
'customers:churned'
>>> REGISTRY.kpi("sales.revenue").dimensions
('crm.team', 'res.users', 'product.category', 'utm.source')
>>> REGISTRY.family_of("marketing.cac")
'finance'
>>> REGISTRY.kpi("sales.revenue").additive, REGISTRY.kpi("customers.churn_rate").to_date
(True, True)
>>> REGISTRY.kpi("customers.active").to_date
False
>>> [family.name for family in REGISTRY.sections()]
['sales', 'customers', 'data', 'delivery', 'supplier', 'crm', 'finance']
>>> REGISTRY.families["supplier"].groups
('purchase.group_purchase_user',)
"""

from typing import NamedTuple

UNITS = ("amount", "count", "quantity", "percent", "days", "score")
EXPLAINS = ("value", "numerator", "denominator", "part", None)
SUM, RATIO = "sum", "ratio"  # how a KPI grows with the days of its period


def _lt(text):
    """Marks a registry string for Odoo's translation exporter (which extracts ``_lt("...")``); it is
    translated where it is shown, in the language of the reader, from the family's add-on."""
    return text


class RecordSet(NamedTuple):
    ref: str  # "family:member set"
    explains: str | None = "value"
    measure: str = "count"

    @property
    def family(self):
        return self.ref.split(":")[0]

    @property
    def member_set(self):
        return self.ref.split(":")[1]


class Kpi(NamedTuple):
    code: str
    family: str
    unit: str
    label: str
    higher_is_better: bool
    dimensions: tuple
    description: str
    records: tuple = ()
    # True when the value grows with the days of its period (a sum, or a count of what happened in it,
    # or a ratio of those): a period in progress holds only part of it, so it cannot be compared
    # with a whole period
    to_date: bool = False
    # True for a sum or count over the days of the period: part of it is a share of the whole
    additive: bool = False

    @property
    def zero_when_empty(self):
        """Whether a computed period with nothing to count for a dimension value means 0 (a sum, or a
        count of records such as the active customers), not an unknown (a rate, a mean).

        >>> REGISTRY.kpi("customers.active").zero_when_empty, REGISTRY.kpi("customers.churn_rate").zero_when_empty
        (True, False)
        """
        return self.additive or bool(
            self.records and all(record_set.explains in ("value", "part", None) for record_set in self.records)
        )


class Family(NamedTuple):
    name: str
    label: str
    dimensions: tuple  # dimension models, beside the company
    kpis: tuple
    sequence: int = 100  # the place of its section on the dashboard and in the reports
    groups: tuple = ()  # xml ids of groups any of which may read it; empty: every KPI user
    leaderboard: tuple = ()  # its codes in the columns of a sales team's leaderboard (salesperson dimension)

    def kpi(self, code):
        return next(kpi for kpi in self.kpis if kpi.code == code)


def kpi(code, unit, label, higher_is_better, description, records, grows=None):
    """A KPI of a family (the family sets its name and dimensions): records are (ref, explains, measure)."""
    return code, unit, label, higher_is_better, description, tuple(RecordSet(*r) for r in records), grows


def family(name, label, dimensions, kpis, sequence=100, groups=(), leaderboard=()):
    """A family from its KPIs, each carrying the family's name and dimensions."""
    return Family(
        name,
        label,
        tuple(dimensions),
        tuple(
            Kpi(code, name, unit, kpi_label, better, tuple(dimensions), description, records, bool(grows), grows == SUM)
            for code, unit, kpi_label, better, description, records, grows in kpis
        ),
        sequence,
        tuple(groups),
        tuple(leaderboard),
    )


class Registry:
    """An ordered set of KPI families (their computation order: a family may read the aggregates of
    those before it); add-ons extend it with `extended`."""

    def __init__(self, families=()):
        self.families = {family.name: family for family in families}
        self.by_code = {kpi.code: kpi for family in self.families.values() for kpi in family.kpis}

    def extended(self, *families):
        return Registry([*self.families.values(), *families])

    def widened(self, name, dimensions=(), records=None):
        """The registry with the family `name` widened in place by an add-on: further `dimensions`
        for each of its KPIs, and for the codes of `records` ({code: [(ref, explains, measure)]})
        further record sets (another sales channel's records). Record sets that explain the same
        number add up to it.

        >>> wide = REGISTRY.widened("sales", ("pos.config",), {"sales.orders": [("sales:pos_orders",)]})
        >>> wide.kpi("sales.revenue").dimensions[-1], [rs.ref for rs in wide.kpi("sales.orders").records]
        ('pos.config', ['sales:orders', 'sales:pos_orders'])
        >>> list(wide.families) == list(REGISTRY.families), REGISTRY.kpi("sales.revenue").dimensions[-1]
        (True, 'utm.source')
        """
        records = records or {}
        base = self.families[name]
        dims = base.dimensions + tuple(dimensions)
        kpis = tuple(
            kpi._replace(
                dimensions=kpi.dimensions + tuple(dimensions),
                records=kpi.records + tuple(RecordSet(*r) for r in records.get(kpi.code, ())),
            )
            for kpi in base.kpis
        )
        wide = base._replace(dimensions=dims, kpis=kpis)
        return Registry([wide if family.name == name else family for family in self.families.values()])

    def kpi(self, code):
        return self.by_code[code]

    def codes(self, family=None):
        return [code for code, kpi in self.by_code.items() if family is None or kpi.family == family]

    def family_of(self, code):
        return self.by_code[code].family

    def sections(self):
        """The families in the order of their sections on the dashboard and in the reports."""
        return sorted(self.families.values(), key=lambda family: family.sequence)

    def dimension_models(self):
        """The models of every family's dimensions, each once, in the order of the families.

        >>> REGISTRY.dimension_models()
        ('crm.team', 'res.users', 'product.category', 'utm.source', 'res.partner')
        """
        return tuple(dict.fromkeys(model for family in self.families.values() for model in family.dimensions))

    def leaderboard(self):
        """The codes of a sales team's leaderboard, family by family in the order of their sections."""
        return [code for family in self.sections() for code in family.leaderboard]

    def readable(self, has_group):
        """The names of the families a user may read; `has_group(xml id)` says whether they are in a group."""
        return [
            family.name
            for family in self.families.values()
            if not family.groups or any(has_group(group) for group in family.groups)
        ]

    def selection(self):
        """(code, label) pairs for a selection field: the label adds the KPI's name to its code."""
        return selection(self.by_code.values())


def selection(kpis):
    return [(kpi.code, f"{kpi.code} · {kpi.label}") for kpi in kpis]


SALES = family(
    "sales",
    _lt("Sales and margin"),
    ("crm.team", "res.users", "product.category", "utm.source"),
    [
        kpi(
            "sales.revenue",
            "amount",
            _lt("Revenue"),
            True,
            _lt("Σ untaxed amount of confirmed order lines, in company currency"),
            [("sales:lines", "value", "revenue")],
            grows=SUM,
        ),
        kpi(
            "sales.orders",
            "count",
            _lt("Confirmed orders"),
            True,
            _lt("Confirmed orders (for a category: orders with a line in it)"),
            [("sales:orders",)],
            grows=SUM,
        ),
        kpi(
            "sales.aov",
            "amount",
            _lt("Average basket"),
            True,
            _lt("Revenue / confirmed orders"),
            [("sales:lines", "numerator", "revenue"), ("sales:orders", "denominator")],
        ),
        kpi(
            "sales.items",
            "quantity",
            _lt("Items sold"),
            True,
            _lt("Σ quantity of goods, in the product's unit of measure"),
            [("sales:goods_lines", "value", "items")],
            grows=SUM,
        ),
        kpi(
            "margin.amount",
            "amount",
            _lt("Margin"),
            True,
            _lt("Σ (untaxed amount − cost × quantity) of confirmed lines, in company currency"),
            [("sales:lines", "value", "margin")],
            grows=SUM,
        ),
        kpi(
            "margin.rate",
            "percent",
            _lt("Margin rate"),
            True,
            _lt("Margin / revenue × 100"),
            [("sales:lines", "numerator", "margin"), ("sales:lines", "denominator", "revenue")],
        ),
    ],
    sequence=10,
    leaderboard=("sales.revenue", "margin.amount", "margin.rate", "sales.orders"),
)

CUSTOMERS = family(
    "customers",
    _lt("Customers"),
    ("crm.team", "res.users"),
    [
        kpi(
            "customers.active",
            "count",
            _lt("Active customers"),
            True,
            _lt("Customers with a confirmed order in the inactivity window ending on the period's last day"),
            [("customers:active",)],
        ),
        kpi(
            "customers.active_start",
            "count",
            _lt("Active customers at start"),
            True,
            _lt("Customers active the day before the period"),
            [("customers:active_start",)],
        ),
        kpi(
            "customers.new",
            "count",
            _lt("New customers"),
            True,
            _lt("Customers whose first confirmed order ever falls in the period"),
            [("customers:new",)],
            grows=SUM,
        ),
        kpi(
            "customers.reactivated",
            "count",
            _lt("Reactivated customers"),
            True,
            _lt("Customers ordering in the period who are neither new nor active at start"),
            [("customers:reactivated",)],
            grows=SUM,
        ),
        kpi(
            "customers.churned",
            "count",
            _lt("Churned customers"),
            False,
            _lt("Customers active at start and no longer active at the end"),
            [("customers:churned",)],
            grows=SUM,
        ),
        kpi(
            "customers.churn_rate",
            "percent",
            _lt("Churn rate"),
            False,
            _lt("Churned / active at start × 100"),
            [("customers:churned", "numerator"), ("customers:active_start", "denominator")],
            grows=RATIO,
        ),
        kpi(
            "customers.retention_rate",
            "percent",
            _lt("Retention rate"),
            True,
            _lt("(Active at start − churned) / active at start × 100"),
            [("customers:retained", "numerator"), ("customers:active_start", "denominator")],
            grows=RATIO,
        ),
        kpi(
            "customers.net_balance",
            "count",
            _lt("Net balance of customers"),
            True,
            _lt("Active customers − active customers at start"),
            [("customers:active", None), ("customers:active_start", None)],
            grows=RATIO,
        ),
        kpi(
            "customers.revenue_per_active",
            "amount",
            _lt("Revenue per active customer"),
            True,
            _lt("Revenue / active customers"),
            [("sales:lines", "numerator", "revenue"), ("customers:active", "denominator")],
            grows=RATIO,
        ),
        kpi(
            "customers.orders_per_active",
            "count",
            _lt("Orders per active customer"),
            True,
            _lt("Confirmed orders / active customers"),
            [("sales:orders", "numerator"), ("customers:active", "denominator")],
            grows=RATIO,
        ),
        kpi(
            "customers.items_per_active",
            "quantity",
            _lt("Items per active customer"),
            True,
            _lt("Items sold / active customers"),
            [("sales:goods_lines", "numerator", "items"), ("customers:active", "denominator")],
            grows=RATIO,
        ),
        kpi(
            "customers.activation_rate",
            "percent",
            _lt("Activation rate"),
            True,
            _lt("Prospects of the period whose first order came within the activation window / prospects × 100"),
            [("customers:activated", "numerator"), ("customers:prospects", "denominator")],
        ),
        kpi(
            "customers.clv",
            "amount",
            _lt("Customer lifetime value"),
            True,
            _lt("Margin of the 365 days / active customers × expected lifetime (1 / annual churn, at most 10 years)"),
            [("sales:lines_365", "numerator", "margin"), ("customers:active", "denominator")],
        ),
    ],
    sequence=20,
    leaderboard=("customers.new", "customers.churned", "customers.active"),
)

CRM = family(
    "crm",
    _lt("CRM"),
    ("crm.team", "res.users", "utm.source"),
    [
        kpi(
            "crm.leads",
            "count",
            _lt("Leads created"),
            True,
            _lt("Leads and opportunities created in the period, archived ones included"),
            [("crm:leads",)],
            grows=SUM,
        ),
        kpi(
            "crm.won",
            "count",
            _lt("Opportunities won"),
            True,
            _lt("Opportunities won (probability 100) closed in the period"),
            [("crm:won",)],
            grows=SUM,
        ),
        kpi(
            "crm.lost",
            "count",
            _lt("Leads lost"),
            False,
            _lt("Leads and opportunities lost (archived, probability 0) closed in the period"),
            [("crm:lost",)],
            grows=SUM,
        ),
        kpi(
            "crm.win_rate",
            "percent",
            _lt("Win rate"),
            True,
            _lt("Won / (won + lost) × 100"),
            [("crm:won", "numerator"), ("crm:closed", "denominator")],
        ),
        kpi(
            "crm.cycle_days",
            "days",
            _lt("Sales cycle (days)"),
            False,
            _lt("Mean days from creation to closing of the opportunities won"),
            [("crm:won", "numerator", "cycle_days"), ("crm:won", "denominator")],
        ),
    ],
    sequence=50,
    leaderboard=("crm.win_rate",),
)

SUPPLIER = family(
    "supplier",
    _lt("Suppliers"),
    ("res.partner",),
    [
        kpi(
            "supplier.otd_rate",
            "percent",
            _lt("Supplier on-time delivery"),
            True,
            _lt("Quantity received on time / quantity received × 100"),
            [
                ("supplier:ontime_receipts", "numerator", "quantity"),
                ("supplier:receipts", "denominator", "quantity"),
                ("supplier:late_receipts", None, "quantity"),
            ],
        ),
        kpi(
            "supplier.otif_rate",
            "percent",
            _lt("Supplier on time in full"),
            True,
            _lt("Purchase lines due in the period received in full by their due date / lines due × 100"),
            [("supplier:in_full_lines", "numerator"), ("supplier:due_lines", "denominator")],
        ),
        kpi(
            "supplier.fill_rate",
            "percent",
            _lt("Supplier fill rate"),
            True,
            _lt("Σ min(received, ordered) / Σ ordered × 100 over the lines due in the period"),
            [
                ("supplier:due_lines", "numerator", "filled_quantity"),
                ("supplier:due_lines", "denominator", "ordered_quantity"),
            ],
        ),
        kpi(
            "supplier.delay_days",
            "days",
            _lt("Supplier delay (days)"),
            False,
            _lt("Quantity-weighted mean of days late over the period's receipts"),
            [
                ("supplier:late_receipts", "numerator", "delay_quantity_days"),
                ("supplier:receipts", "denominator", "quantity"),
            ],
        ),
        kpi(
            "supplier.lead_days",
            "days",
            _lt("Supplier lead time (days)"),
            False,
            _lt("Mean days from the order's approval to each receipt"),
            [("supplier:receipts", "numerator", "lead_days"), ("supplier:receipts", "denominator")],
        ),
        kpi(
            "supplier.return_rate",
            "percent",
            _lt("Returns to vendor"),
            False,
            _lt("Quantity returned to vendors / quantity received × 100"),
            [("supplier:returns", "numerator", "quantity"), ("supplier:receipts", "denominator", "quantity")],
        ),
        kpi(
            "supplier.purchase_amount",
            "amount",
            _lt("Purchases"),
            True,
            _lt("Σ untaxed amount of the lines of purchase orders approved in the period, in company currency"),
            [("supplier:purchase_lines", "value", "purchase_amount")],
            grows=SUM,
        ),
    ],
    sequence=40,
    groups=("purchase.group_purchase_user",),
)

DELIVERY = family(
    "delivery",
    _lt("Customer deliveries"),
    ("crm.team", "res.users"),
    [
        kpi(
            "delivery.otd_rate",
            "percent",
            _lt("Customer on-time delivery"),
            True,
            _lt("Quantity delivered by the promised date / quantity delivered × 100"),
            [
                ("delivery:ontime_deliveries", "numerator", "quantity"),
                ("delivery:deliveries", "denominator", "quantity"),
                ("delivery:late_deliveries", None, "quantity"),
            ],
        ),
        kpi(
            "delivery.delay_days",
            "days",
            _lt("Customer delivery delay (days)"),
            False,
            _lt("Quantity-weighted mean of days late over the period's deliveries"),
            [
                ("delivery:late_deliveries", "numerator", "delay_quantity_days"),
                ("delivery:deliveries", "denominator", "quantity"),
            ],
        ),
        kpi(
            "delivery.lead_days",
            "days",
            _lt("Customer delivery lead time (days)"),
            False,
            _lt("Mean days from the order to each delivery"),
            [("delivery:deliveries", "numerator", "lead_days"), ("delivery:deliveries", "denominator")],
        ),
    ],
    sequence=30,
)

FINANCE = family(
    "finance",
    _lt("Finance"),
    (),
    [
        kpi(
            "finance.fixed_costs",
            "amount",
            _lt("Fixed costs"),
            False,
            _lt("Posted lines on accounts tagged as fixed costs"),
            [("finance:fixed_lines", "value", "balance")],
            grows=SUM,
        ),
        kpi(
            "finance.variable_costs",
            "amount",
            _lt("Variable costs"),
            False,
            _lt("Cost of the goods sold + posted lines on accounts tagged as variable costs"),
            [("sales:lines", "part", "cost"), ("finance:variable_lines", "part", "balance")],
            grows=SUM,
        ),
        kpi(
            "finance.cm_ratio",
            "percent",
            _lt("Contribution margin ratio"),
            True,
            _lt("(Revenue − variable costs) / revenue × 100"),
            [("sales:lines", "denominator", "revenue"), ("finance:variable_lines", None, "balance")],
        ),
        kpi(
            "finance.break_even",
            "amount",
            _lt("Break-even revenue"),
            False,
            _lt("Fixed costs / contribution margin ratio"),
            [("finance:fixed_lines", "numerator", "balance")],
            grows=RATIO,
        ),
        kpi(
            "finance.safety_margin",
            "percent",
            _lt("Safety margin"),
            True,
            _lt("(Revenue − break-even) / revenue × 100"),
            [("sales:lines", "denominator", "revenue")],
            grows=RATIO,
        ),
        kpi(
            "marketing.cac",
            "amount",
            _lt("Customer acquisition cost"),
            False,
            _lt("Posted lines on accounts tagged as marketing / new customers"),
            [("finance:marketing_lines", "numerator", "balance"), ("customers:new", "denominator")],
            grows=RATIO,
        ),
    ],
    sequence=60,
    groups=("reseller_kpi.group_manager", "account.group_account_readonly"),
)


def _data_rate(code, label, numerator, missing, description):
    return kpi(
        code,
        "percent",
        label,
        True,
        description,
        [(f"data:{numerator}", "numerator"), ("data:active", "denominator"), (f"data:{missing}", None)],
    )


DATA = family(
    "data",
    _lt("Customer data quality"),
    (),
    [
        _data_rate(
            "data.email_rate",
            _lt("Customers with a valid e-mail"),
            "with_email",
            "without_email",
            _lt("Active customers with an e-mail address, not blacklisted / active customers × 100"),
        ),
        _data_rate(
            "data.phone_rate",
            _lt("Customers with a phone"),
            "with_phone",
            "without_phone",
            _lt("Active customers with a phone or mobile number / active customers × 100"),
        ),
        kpi(
            "data.duplicate_rate",
            "percent",
            _lt("Duplicate customers"),
            False,
            _lt(
                "Active customers sharing their e-mail or VAT number with another commercial partner / "
                "active customers × 100"
            ),
            [("data:duplicates", "numerator"), ("data:active", "denominator"), ("data:duplicate_groups", None)],
        ),
        _data_rate(
            "data.address_rate",
            _lt("Customers with a full address"),
            "with_address",
            "without_address",
            _lt("Active customers with a country, a city and a zip code / active customers × 100"),
        ),
    ],
    sequence=25,
)

# the registry of this add-on; other add-ons extend it through reseller.kpi.collector._kpi_registry
REGISTRY = Registry([SALES, CUSTOMERS, CRM, SUPPLIER, DELIVERY, FINANCE, DATA])
