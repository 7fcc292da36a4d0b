"""Formulas of the contract: from raw aggregates to (value, numerator, denominator).

Every function is pure. A rate or mean whose denominator is 0 is empty
(``None``), never 0 and never an exception.
"""

from typing import NamedTuple

CLV_MAX_YEARS = 10.0
AMBER_TOLERANCE = 0.10
GRADES = (("A", 95.0), ("B", 85.0), ("C", 70.0))


class KpiValue(NamedTuple):
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    # for a period in progress whose value counts only what is due so far: the denominator of the
    # whole period (the lines due so far are `denominator` of `expected`)
    expected: float | None = None


def ratio(numerator, denominator, factor=1.0):
    """numerator / denominator × factor, or None when the denominator is 0."""
    if not denominator:
        return None
    return numerator / denominator * factor


def rate(numerator, denominator):
    """A percentage kept with its numerator and denominator."""
    return KpiValue(ratio(numerator, denominator, 100.0), numerator, denominator)


def mean(total, count):
    return KpiValue(ratio(total, count), total, count)


def amount(value):
    return KpiValue(value)


def sales_values(agg):
    """agg: a SalesAggregate (amounts in company currency)."""
    return {
        "sales.revenue": amount(agg.revenue),
        "sales.orders": amount(agg.orders),
        "sales.aov": mean(agg.revenue, agg.orders),
        "sales.items": amount(agg.items),
        "margin.amount": amount(agg.margin),
        "margin.rate": rate(agg.margin, agg.revenue),
    }


def lifetime_years(churned, active_before):
    """Expected customer lifetime = 1 / annual churn, capped; None without customers a year ago."""
    if not active_before:
        return None
    churn = churned / active_before
    if churn <= 1.0 / CLV_MAX_YEARS:
        return CLV_MAX_YEARS
    return 1.0 / churn


def customer_values(agg, sales):
    """agg: a CustomerAggregate; sales: the SalesAggregate of the same key."""
    active, active_start, churned = agg.active, agg.active_start, agg.churned
    lifetime = lifetime_years(agg.churned_year, agg.active_year_before)
    clv = ratio(agg.margin_year, active)
    return {
        "customers.active": amount(active),
        "customers.active_start": amount(active_start),
        "customers.new": amount(agg.new),
        "customers.reactivated": amount(agg.reactivated),
        "customers.churned": amount(churned),
        "customers.churn_rate": rate(churned, active_start),
        "customers.retention_rate": rate(active_start - churned, active_start),
        "customers.net_balance": amount(active - active_start),
        "customers.revenue_per_active": mean(sales.revenue, active),
        "customers.orders_per_active": mean(sales.orders, active),
        "customers.items_per_active": mean(sales.items, active),
        "customers.activation_rate": rate(agg.activated, agg.prospects),
        "customers.clv": KpiValue(None if clv is None or lifetime is None else clv * lifetime, agg.margin_year, active),
    }


def crm_values(agg):
    """agg: a CrmAggregate."""
    won, lost = agg.won, agg.lost
    return {
        "crm.leads": amount(agg.leads),
        "crm.won": amount(won),
        "crm.lost": amount(lost),
        "crm.win_rate": rate(won, won + lost),
        "crm.cycle_days": mean(agg.cycle_days_total, won),
    }


def supplier_values(agg):
    """agg: a SupplierAggregate."""
    return {
        "supplier.otd_rate": rate(agg.ontime_qty, agg.receipt_qty),
        "supplier.otif_rate": rate(agg.lines_in_full, agg.lines)._replace(
            expected=agg.lines_period if agg.lines_period != agg.lines else None
        ),
        "supplier.fill_rate": rate(agg.filled_qty, agg.ordered_qty)._replace(
            expected=agg.ordered_qty_period if agg.lines_period != agg.lines else None
        ),
        "supplier.delay_days": mean(agg.delay_qty_days, agg.receipt_qty),
        "supplier.lead_days": mean(agg.lead_days_total, agg.receipts),
        "supplier.return_rate": rate(agg.returned_qty, agg.receipt_qty),
        "supplier.purchase_amount": amount(agg.purchase_amount),
    }


def delivery_values(agg):
    """agg: a DeliveryAggregate."""
    return {
        "delivery.otd_rate": rate(agg.ontime_qty, agg.qty),
        "delivery.delay_days": mean(agg.delay_qty_days, agg.qty),
        "delivery.lead_days": mean(agg.lead_days_total, agg.deliveries),
    }


def data_values(agg):
    """agg: a DataAggregate (the active customers at the period's end and what their records hold)."""
    return {
        "data.email_rate": rate(agg.with_email, agg.active),
        "data.phone_rate": rate(agg.with_phone, agg.active),
        "data.duplicate_rate": rate(agg.duplicates, agg.active),
        "data.address_rate": rate(agg.with_address, agg.active),
    }


def finance_values(agg, sales, new_customers):
    """agg: a FinanceAggregate (tagged expense balances); sales: the company's SalesAggregate."""
    revenue = sales.revenue
    variable = (revenue - sales.margin) + agg.variable
    contribution = revenue - variable
    cm_ratio = ratio(contribution, revenue, 100.0)
    break_even = None
    # a period in progress without any fixed cost posted yet has no break-even (not 0, and not a safety
    # margin of 100 %): its rent is simply not booked yet
    waiting = agg.in_progress and not agg.fixed_count
    if cm_ratio is not None and cm_ratio > 0 and not waiting:
        break_even = agg.fixed / (cm_ratio / 100.0)
    safety = None if break_even is None else ratio(revenue - break_even, revenue, 100.0)
    return {
        "finance.fixed_costs": amount(agg.fixed),
        "finance.variable_costs": amount(variable),
        "finance.cm_ratio": KpiValue(cm_ratio, contribution, revenue),
        "finance.break_even": KpiValue(break_even, agg.fixed, cm_ratio),
        "finance.safety_margin": KpiValue(safety, None if break_even is None else revenue - break_even, revenue),
        "marketing.cac": mean(agg.marketing, new_customers),
    }


def status(value, target, higher_is_better=True):
    """green when the target is met, amber within 10 % of it, red otherwise, None without a value."""
    if value is None or target is None:
        return None
    met = value >= target if higher_is_better else value <= target
    if met:
        return "green"
    # the epsilon keeps exactly 10 % amber despite binary floats (4.4 vs 4)
    if abs(value - target) <= AMBER_TOLERANCE * abs(target) + 1e-9:
        return "amber"
    return "red"


def grade(otd_rate):
    """Vendor grade from its on-time delivery rate over 12 months; None without receipts."""
    if otd_rate is None:
        return None
    for letter, threshold in GRADES:
        if otd_rate >= threshold:
            return letter
    return "D"


def lifecycle_state(today, first_order, last_order, has_lead, window_days, new_customer_days):
    """Lifecycle of a customer on `today`: prospect, new, churned, at_risk or active (None if unknown)."""
    if first_order is None:
        return "prospect" if has_lead else None
    if (today - first_order).days < new_customer_days:
        return "new"
    idle = (today - last_order).days
    if idle >= window_days:
        # no order in [today - W + 1, today]: not active any more
        return "churned"
    if idle > 0.75 * window_days:
        return "at_risk"
    return "active"
