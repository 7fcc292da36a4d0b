"""The KPI registry: each KPI of the contract (KPI_DEFINITIONS.md) described once.

The codes are a public contract: stored values, BI tools and targets use them.
Everything else — the code selection, target validation, the family stored on
each value, the drill-down, the dashboard and the reports — reads this
description instead of repeating it.

A KPI's *record sets* say which records a controller opens to recompute it:
each names a member set of a family (``family:set``, listed by that family's
member query from the same conditions as its count), the stored number it
explains (``value``, ``numerator``, ``denominator``, ``part`` when several
parts add up to the value, or ``None`` for context) and the measure that
recomputes that number from the records (``count``, ``revenue``...).

>>> REGISTRY.kpi("customers.churn_rate").records[0].ref
'customers:churned'
>>> REGISTRY.kpi("sales.revenue").dimensions
('crm.team', 'product.category', 'utm.source')
>>> REGISTRY.family_of("marketing.cac")
'finance'
"""

from typing import NamedTuple

UNITS = ("amount", "count", "quantity", "percent", "days", "score")
EXPLAINS = ("value", "numerator", "denominator", "part", None)


class RecordSet(NamedTuple):
    ref: str  # "family:member set"
    label: str
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

    @property
    def to_date(self):
        """True when the value grows with the days of its period (a sum, or a count of what happened in
        it, or a ratio of those): a period in progress holds only part of it, so it cannot be compared
        with a whole period."""
        return self.code in TO_DATE_SUMS or self.code in TO_DATE_RATIOS

    @property
    def additive(self):
        """True for a sum or count over the days of the period: part of it is a share of the whole."""
        return self.code in TO_DATE_SUMS


TO_DATE_SUMS = frozenset(
    {
        "sales.revenue",
        "sales.orders",
        "sales.items",
        "margin.amount",
        "customers.new",
        "customers.reactivated",
        "customers.churned",
        "crm.leads",
        "crm.won",
        "crm.lost",
        "supplier.purchase_amount",
        "finance.fixed_costs",
        "finance.variable_costs",
    }
)
TO_DATE_RATIOS = frozenset(
    {
        "customers.churn_rate",
        "customers.retention_rate",
        "customers.net_balance",
        "customers.revenue_per_active",
        "customers.orders_per_active",
        "customers.items_per_active",
        "finance.break_even",
        "finance.safety_margin",
        "marketing.cac",
    }
)


class Registry:
    """An ordered set of KPI families and their KPIs; add-ons extend it with `extended`."""

    def __init__(self, families=()):
        # {family: (its dimension models, its KPIs)}, in computation order
        self.families = dict(families)
        self.by_code = {kpi.code: kpi for _dims, kpis in self.families.values() for kpi in kpis}

    def extended(self, family, dimensions, kpis):
        return Registry([*self.families.items(), (family, (dimensions, tuple(kpis)))])

    def kpi(self, code):
        return self.by_code[code]

    def codes(self, family=None):
        return [code for code, kpi in self.by_code.items() if family is None or kpi.family == family]

    def family_of(self, code):
        return self.by_code[code].family

    def selection(self):
        """(code, label) pairs for a selection field: the label adds the KPI's name to its code."""
        return [(kpi.code, f"{kpi.code} · {kpi.label}") for kpi in self.by_code.values()]


def _family(name, dimensions, rows):
    """The KPIs of a family from compact rows (code, unit, label, higher_is_better, description, records)."""
    return name, (
        dimensions,
        tuple(
            Kpi(code, name, unit, label, better, dimensions, description, tuple(RecordSet(*r) for r in records))
            for code, unit, label, better, description, records in rows
        ),
    )


LINES = "Confirmed order lines"
ACTIVE = ("customers:active", "Active customers", "denominator")

SALES = _family(
    "sales",
    ("crm.team", "product.category", "utm.source"),
    [
        (
            "sales.revenue",
            "amount",
            "Revenue",
            True,
            "Σ untaxed amount of confirmed order lines, in company currency",
            [("sales:lines", LINES, "value", "revenue")],
        ),
        (
            "sales.orders",
            "count",
            "Confirmed orders",
            True,
            "Confirmed orders (for a category: orders with a line in it)",
            [("sales:orders", "Confirmed orders")],
        ),
        (
            "sales.aov",
            "amount",
            "Average basket",
            True,
            "Revenue / confirmed orders",
            [("sales:lines", LINES, "numerator", "revenue"), ("sales:orders", "Confirmed orders", "denominator")],
        ),
        (
            "sales.items",
            "quantity",
            "Items sold",
            True,
            "Σ quantity of goods, in the product's unit of measure",
            [("sales:goods_lines", "Confirmed lines of goods", "value", "items")],
        ),
        (
            "margin.amount",
            "amount",
            "Margin",
            True,
            "Σ (untaxed amount − cost × quantity) of confirmed lines, in company currency",
            [("sales:lines", LINES, "value", "margin")],
        ),
        (
            "margin.rate",
            "percent",
            "Margin rate",
            True,
            "Margin / revenue × 100",
            [("sales:lines", LINES, "numerator", "margin"), ("sales:lines", LINES, "denominator", "revenue")],
        ),
    ],
)

CUSTOMERS = _family(
    "customers",
    ("crm.team",),
    [
        (
            "customers.active",
            "count",
            "Active customers",
            True,
            "Customers with a confirmed order in the inactivity window ending on the period's last day",
            [("customers:active", "Active customers")],
        ),
        (
            "customers.active_start",
            "count",
            "Active customers at start",
            True,
            "Customers active the day before the period",
            [("customers:active_start", "Active customers at start")],
        ),
        (
            "customers.new",
            "count",
            "New customers",
            True,
            "Customers whose first confirmed order ever falls in the period",
            [("customers:new", "New customers")],
        ),
        (
            "customers.reactivated",
            "count",
            "Reactivated customers",
            True,
            "Customers ordering in the period who are neither new nor active at start",
            [("customers:reactivated", "Reactivated customers")],
        ),
        (
            "customers.churned",
            "count",
            "Churned customers",
            False,
            "Customers active at start and no longer active at the end",
            [("customers:churned", "Churned customers")],
        ),
        (
            "customers.churn_rate",
            "percent",
            "Churn rate",
            False,
            "Churned / active at start × 100",
            [
                ("customers:churned", "Churned customers", "numerator"),
                ("customers:active_start", "Active customers at start", "denominator"),
            ],
        ),
        (
            "customers.retention_rate",
            "percent",
            "Retention rate",
            True,
            "(Active at start − churned) / active at start × 100",
            [
                ("customers:retained", "Retained customers", "numerator"),
                ("customers:active_start", "Active customers at start", "denominator"),
            ],
        ),
        (
            "customers.net_balance",
            "count",
            "Net balance of customers",
            True,
            "Active customers − active customers at start",
            [
                ("customers:active", "Active customers", None),
                ("customers:active_start", "Active customers at start", None),
            ],
        ),
        (
            "customers.revenue_per_active",
            "amount",
            "Revenue per active customer",
            True,
            "Revenue / active customers",
            [("sales:lines", LINES, "numerator", "revenue"), ACTIVE],
        ),
        (
            "customers.orders_per_active",
            "count",
            "Orders per active customer",
            True,
            "Confirmed orders / active customers",
            [("sales:orders", "Confirmed orders", "numerator"), ACTIVE],
        ),
        (
            "customers.items_per_active",
            "quantity",
            "Items per active customer",
            True,
            "Items sold / active customers",
            [("sales:goods_lines", "Confirmed lines of goods", "numerator", "items"), ACTIVE],
        ),
        (
            "customers.activation_rate",
            "percent",
            "Activation rate",
            True,
            "Prospects of the period whose first order came within the activation window / prospects × 100",
            [
                ("customers:activated", "Activated prospects", "numerator"),
                ("customers:prospects", "Prospects", "denominator"),
            ],
        ),
        (
            "customers.clv",
            "amount",
            "Customer lifetime value",
            True,
            "Margin of the 365 days / active customers × expected lifetime (1 / annual churn, at most 10 years)",
            [("sales:lines_365", "Confirmed lines of the 365 days", "numerator", "margin"), ACTIVE],
        ),
    ],
)

CRM = _family(
    "crm",
    ("crm.team", "res.users", "utm.source"),
    [
        (
            "crm.leads",
            "count",
            "Leads created",
            True,
            "Leads and opportunities created in the period, archived ones included",
            [("crm:created", "Leads created")],
        ),
        (
            "crm.won",
            "count",
            "Opportunities won",
            True,
            "Opportunities won (probability 100) closed in the period",
            [("crm:won", "Opportunities won")],
        ),
        (
            "crm.lost",
            "count",
            "Leads lost",
            False,
            "Leads and opportunities lost (archived, probability 0) closed in the period",
            [("crm:lost", "Leads lost")],
        ),
        (
            "crm.win_rate",
            "percent",
            "Win rate",
            True,
            "Won / (won + lost) × 100",
            [("crm:won", "Opportunities won", "numerator"), ("crm:closed", "Won and lost", "denominator")],
        ),
        (
            "crm.cycle_days",
            "days",
            "Sales cycle (days)",
            False,
            "Mean days from creation to closing of the opportunities won",
            [
                ("crm:won", "Opportunities won", "numerator", "cycle_days"),
                ("crm:won", "Opportunities won", "denominator"),
            ],
        ),
    ],
)

RECEIPTS = "Receipts"
SUPPLIER = _family(
    "supplier",
    ("res.partner",),
    [
        (
            "supplier.otd_rate",
            "percent",
            "Supplier on-time delivery",
            True,
            "Quantity received on time / quantity received × 100",
            [
                ("supplier:ontime_receipts", "On-time receipts", "numerator", "quantity"),
                ("supplier:receipts", RECEIPTS, "denominator", "quantity"),
                ("supplier:late_receipts", "Late receipts", None, "quantity"),
            ],
        ),
        (
            "supplier.otif_rate",
            "percent",
            "Supplier on time in full",
            True,
            "Purchase lines due in the period received in full by their due date / lines due × 100",
            [
                ("supplier:in_full_lines", "Lines on time in full", "numerator"),
                ("supplier:due_lines", "Purchase lines due", "denominator"),
            ],
        ),
        (
            "supplier.fill_rate",
            "percent",
            "Supplier fill rate",
            True,
            "Σ min(received, ordered) / Σ ordered × 100 over the lines due in the period",
            [
                ("supplier:due_lines", "Purchase lines due", "numerator", "filled_quantity"),
                ("supplier:due_lines", "Purchase lines due", "denominator", "ordered_quantity"),
            ],
        ),
        (
            "supplier.delay_days",
            "days",
            "Supplier delay (days)",
            False,
            "Quantity-weighted mean of days late over the period's receipts",
            [
                ("supplier:late_receipts", "Late receipts", "numerator", "delay_quantity_days"),
                ("supplier:receipts", RECEIPTS, "denominator", "quantity"),
            ],
        ),
        (
            "supplier.lead_days",
            "days",
            "Supplier lead time (days)",
            False,
            "Mean days from the order's approval to each receipt",
            [
                ("supplier:receipts", RECEIPTS, "numerator", "lead_days"),
                ("supplier:receipts", RECEIPTS, "denominator"),
            ],
        ),
        (
            "supplier.return_rate",
            "percent",
            "Returns to vendor",
            False,
            "Quantity returned to vendors / quantity received × 100",
            [
                ("supplier:returns", "Returns to vendors", "numerator", "quantity"),
                ("supplier:receipts", RECEIPTS, "denominator", "quantity"),
            ],
        ),
        (
            "supplier.purchase_amount",
            "amount",
            "Purchases",
            True,
            "Σ untaxed amount of the lines of purchase orders approved in the period, in company currency",
            [("supplier:purchase_lines", "Purchase lines", "value", "purchase_amount")],
        ),
    ],
)

DELIVERIES = "Deliveries"
DELIVERY = _family(
    "delivery",
    ("crm.team",),
    [
        (
            "delivery.otd_rate",
            "percent",
            "Customer on-time delivery",
            True,
            "Quantity delivered by the promised date / quantity delivered × 100",
            [
                ("delivery:ontime_deliveries", "On-time deliveries", "numerator", "quantity"),
                ("delivery:deliveries", DELIVERIES, "denominator", "quantity"),
                ("delivery:late_deliveries", "Late deliveries", None, "quantity"),
            ],
        ),
        (
            "delivery.delay_days",
            "days",
            "Customer delivery delay (days)",
            False,
            "Quantity-weighted mean of days late over the period's deliveries",
            [
                ("delivery:late_deliveries", "Late deliveries", "numerator", "delay_quantity_days"),
                ("delivery:deliveries", DELIVERIES, "denominator", "quantity"),
            ],
        ),
        (
            "delivery.lead_days",
            "days",
            "Customer delivery lead time (days)",
            False,
            "Mean days from the order to each delivery",
            [
                ("delivery:deliveries", DELIVERIES, "numerator", "lead_days"),
                ("delivery:deliveries", DELIVERIES, "denominator"),
            ],
        ),
    ],
)

FINANCE = _family(
    "finance",
    (),
    [
        (
            "finance.fixed_costs",
            "amount",
            "Fixed costs",
            False,
            "Posted lines on accounts tagged as fixed costs",
            [("finance:fixed_lines", "Fixed-cost journal items", "value", "balance")],
        ),
        (
            "finance.variable_costs",
            "amount",
            "Variable costs",
            False,
            "Cost of the goods sold + posted lines on accounts tagged as variable costs",
            [
                ("sales:lines", LINES, "part", "cost"),
                ("finance:variable_lines", "Variable-cost journal items", "part", "balance"),
            ],
        ),
        (
            "finance.cm_ratio",
            "percent",
            "Contribution margin ratio",
            True,
            "(Revenue − variable costs) / revenue × 100",
            [
                ("sales:lines", LINES, "denominator", "revenue"),
                ("finance:variable_lines", "Variable-cost journal items", None, "balance"),
            ],
        ),
        (
            "finance.break_even",
            "amount",
            "Break-even revenue",
            False,
            "Fixed costs / contribution margin ratio",
            [("finance:fixed_lines", "Fixed-cost journal items", "numerator", "balance")],
        ),
        (
            "finance.safety_margin",
            "percent",
            "Safety margin",
            True,
            "(Revenue − break-even) / revenue × 100",
            [("sales:lines", LINES, "denominator", "revenue")],
        ),
        (
            "marketing.cac",
            "amount",
            "Customer acquisition cost",
            False,
            "Posted lines on accounts tagged as marketing / new customers",
            [
                ("finance:marketing_lines", "Marketing journal items", "numerator", "balance"),
                ("customers:new", "New customers", "denominator"),
            ],
        ),
    ],
)

# the registry of this add-on; reseller_kpi_survey extends it with the satisfaction family
REGISTRY = Registry([SALES, CUSTOMERS, CRM, SUPPLIER, DELIVERY, FINANCE])
FAMILY_LABELS = {
    "sales": "Sales and margin",
    "customers": "Customers",
    "crm": "CRM",
    "supplier": "Suppliers",
    "delivery": "Customer deliveries",
    "finance": "Finance",
    "satisfaction": "Satisfaction",
}
