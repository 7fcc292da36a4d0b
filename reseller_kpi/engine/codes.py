"""The KPI codes of the contract (KPI_DEFINITIONS.md), their family, unit and dimensions.

The codes are a public contract: stored values, BI tools and targets use them.
"""

from typing import NamedTuple


class KpiCode(NamedTuple):
    code: str
    family: str
    unit: str  # amount, count, quantity, percent, days, score
    label: str
    higher_is_better: bool = True


SALES_DIMENSIONS = ("crm.team", "product.category", "utm.source")
CUSTOMER_DIMENSIONS = ("crm.team",)
CRM_DIMENSIONS = ("crm.team", "res.users", "utm.source")
SUPPLIER_DIMENSIONS = ("res.partner",)
DELIVERY_DIMENSIONS = ("crm.team",)

CODES = (
    KpiCode("sales.revenue", "sales", "amount", "Revenue"),
    KpiCode("sales.orders", "sales", "count", "Confirmed orders"),
    KpiCode("sales.aov", "sales", "amount", "Average basket"),
    KpiCode("sales.items", "sales", "quantity", "Items sold"),
    KpiCode("margin.amount", "sales", "amount", "Margin"),
    KpiCode("margin.rate", "sales", "percent", "Margin rate"),
    KpiCode("customers.active", "customers", "count", "Active customers"),
    KpiCode("customers.active_start", "customers", "count", "Active customers at start"),
    KpiCode("customers.new", "customers", "count", "New customers"),
    KpiCode("customers.reactivated", "customers", "count", "Reactivated customers"),
    KpiCode("customers.churned", "customers", "count", "Churned customers", False),
    KpiCode("customers.churn_rate", "customers", "percent", "Churn rate", False),
    KpiCode("customers.retention_rate", "customers", "percent", "Retention rate"),
    KpiCode("customers.net_balance", "customers", "count", "Net balance of customers"),
    KpiCode("customers.revenue_per_active", "customers", "amount", "Revenue per active customer"),
    KpiCode("customers.orders_per_active", "customers", "count", "Orders per active customer"),
    KpiCode("customers.items_per_active", "customers", "quantity", "Items per active customer"),
    KpiCode("customers.activation_rate", "customers", "percent", "Activation rate"),
    KpiCode("customers.clv", "customers", "amount", "Customer lifetime value"),
    KpiCode("crm.leads", "crm", "count", "Leads created"),
    KpiCode("crm.won", "crm", "count", "Opportunities won"),
    KpiCode("crm.lost", "crm", "count", "Leads lost", False),
    KpiCode("crm.win_rate", "crm", "percent", "Win rate"),
    KpiCode("crm.cycle_days", "crm", "days", "Sales cycle (days)", False),
    KpiCode("supplier.otd_rate", "supplier", "percent", "Supplier on-time delivery"),
    KpiCode("supplier.otif_rate", "supplier", "percent", "Supplier on time in full"),
    KpiCode("supplier.fill_rate", "supplier", "percent", "Supplier fill rate"),
    KpiCode("supplier.delay_days", "supplier", "days", "Supplier delay (days)", False),
    KpiCode("supplier.lead_days", "supplier", "days", "Supplier lead time (days)", False),
    KpiCode("supplier.return_rate", "supplier", "percent", "Returns to vendor", False),
    KpiCode("supplier.purchase_amount", "supplier", "amount", "Purchases"),
    KpiCode("delivery.otd_rate", "delivery", "percent", "Customer on-time delivery"),
    KpiCode("delivery.delay_days", "delivery", "days", "Customer delivery delay (days)", False),
    KpiCode("delivery.lead_days", "delivery", "days", "Customer delivery lead time (days)", False),
    KpiCode("finance.fixed_costs", "finance", "amount", "Fixed costs", False),
    KpiCode("finance.variable_costs", "finance", "amount", "Variable costs", False),
    KpiCode("finance.cm_ratio", "finance", "percent", "Contribution margin ratio"),
    KpiCode("finance.break_even", "finance", "amount", "Break-even revenue", False),
    KpiCode("finance.safety_margin", "finance", "percent", "Safety margin"),
    KpiCode("marketing.cac", "finance", "amount", "Customer acquisition cost", False),
)

# the satisfaction codes are stored by the reseller_kpi_survey add-on, which adds them to the selection
SATISFACTION_DIMENSIONS = ("crm.team", "res.users")
SATISFACTION_CODES = (
    KpiCode("survey.nps", "satisfaction", "score", "Net Promoter Score"),
    KpiCode("survey.ces", "satisfaction", "score", "Customer Effort Score"),
    KpiCode("survey.csat", "satisfaction", "percent", "Customer satisfaction (CSAT)"),
    KpiCode("survey.response_rate", "satisfaction", "percent", "Survey response rate"),
)

BY_CODE = {kpi.code: kpi for kpi in CODES + SATISFACTION_CODES}
FAMILIES = ("sales", "customers", "crm", "supplier", "delivery", "finance", "satisfaction")


def codes_of(family):
    return [kpi.code for kpi in CODES + SATISFACTION_CODES if kpi.family == family]
