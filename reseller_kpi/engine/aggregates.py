"""The typed aggregates each KPI family's query returns, for a company or one dimension value.

A family's SQL fills one of these per key; the formulas (``formulas.py``) read
them by name. An empty period is the type's defaults (all zero).

>>> SalesAggregate().revenue
0.0
>>> aggregate = from_row(SupplierAggregate, {"receipt_qty": 5, "lines": None})
>>> aggregate.receipt_qty, aggregate.lines, aggregate.purchase_amount
(5, 0, 0.0)
"""

from typing import NamedTuple


def from_row(aggregate_type, row):
    """The aggregate from a query row (a mapping); missing or NULL columns are the defaults."""
    defaults = aggregate_type._field_defaults
    return aggregate_type(
        **{name: row[name] if row.get(name) is not None else defaults[name] for name in aggregate_type._fields}
    )


class SalesAggregate(NamedTuple):
    revenue: float = 0.0  # Σ untaxed amount in company currency
    orders: int = 0
    items: float = 0.0  # Σ quantity of goods in the product's unit
    margin: float = 0.0


class CustomerAggregate(NamedTuple):
    active: int = 0
    active_start: int = 0
    new: int = 0
    reactivated: int = 0
    churned: int = 0
    active_year_before: int = 0  # active the day before the 365 days ending on the period's last day
    churned_year: int = 0  # of those, not active at the end
    prospects: int = 0
    activated: int = 0
    margin_year: float = 0.0  # margin of the 365 days ending on the period's last day


class CrmAggregate(NamedTuple):
    leads: int = 0
    won: int = 0
    lost: int = 0
    cycle_days_total: int = 0  # over the opportunities won


class SupplierAggregate(NamedTuple):
    receipt_qty: float = 0.0
    ontime_qty: float = 0.0
    delay_qty_days: float = 0.0
    lead_days_total: int = 0
    receipts: int = 0
    returned_qty: float = 0.0
    lines: int = 0  # purchase lines due in the period, up to the day of computation
    lines_in_full: int = 0
    ordered_qty: float = 0.0
    filled_qty: float = 0.0
    lines_period: int = 0  # purchase lines due in the whole period (more than `lines` while it is in progress)
    ordered_qty_period: float = 0.0
    purchase_amount: float = 0.0


class DeliveryAggregate(NamedTuple):
    qty: float = 0.0
    ontime_qty: float = 0.0
    delay_qty_days: float = 0.0
    lead_days_total: int = 0
    deliveries: int = 0


class FinanceAggregate(NamedTuple):
    fixed: float = 0.0  # Σ balance of posted lines on fixed-cost accounts
    variable: float = 0.0
    marketing: float = 0.0
    fixed_count: int = 0  # posted lines on fixed-cost accounts
    in_progress: bool = False  # the period was not over when computed


class DataAggregate(NamedTuple):
    active: int = 0  # customers active at the period's end
    with_email: int = 0  # of those, with an e-mail address that is not blacklisted
    with_phone: int = 0
    duplicates: int = 0  # sharing their e-mail or VAT number with another commercial partner
    with_address: int = 0  # a country, a city and a zip code
