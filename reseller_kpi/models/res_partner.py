from odoo import fields, models

LIFECYCLE_STATES = [
    ("prospect", "Prospect"),
    ("new", "New"),
    ("active", "Active"),
    ("at_risk", "At risk"),
    ("churned", "Churned"),
]
GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]


class ResPartner(models.Model):
    """Per-company figures of a commercial partner, written set-wise by the KPI refresh.

    Company-dependent fields: each company sees its own figures, and they can be
    filtered, grouped and sorted on.
    """

    _inherit = "res.partner"

    reseller_kpi_first_order_date = fields.Date(
        "First order", company_dependent=True, groups="reseller_kpi.group_company_figures", readonly=True
    )
    reseller_kpi_last_order_date = fields.Date(
        "Last order", company_dependent=True, groups="reseller_kpi.group_company_figures", readonly=True
    )
    reseller_kpi_order_count = fields.Integer(
        "Confirmed orders", company_dependent=True, groups="reseller_kpi.group_company_figures", readonly=True
    )
    reseller_kpi_revenue_365 = fields.Float(
        "Revenue (365 days)",
        company_dependent=True,
        groups="reseller_kpi.group_company_figures",
        readonly=True,
        digits="Account",
    )
    reseller_kpi_margin_365 = fields.Float(
        "Margin (365 days)",
        company_dependent=True,
        groups="reseller_kpi.group_company_figures",
        readonly=True,
        digits="Account",
    )
    reseller_kpi_lifecycle_state = fields.Selection(
        LIFECYCLE_STATES, "Lifecycle", company_dependent=True, groups="reseller_kpi.group_user", readonly=True
    )
    reseller_kpi_otd_rate = fields.Float(
        "On-time delivery (%)",
        company_dependent=True,
        groups="reseller_kpi.group_user",
        readonly=True,
        digits=(16, 1),
        help="Share of the quantity received on time over the last 365 days.",
    )
    reseller_kpi_otif_rate = fields.Float(
        "On time in full (%)",
        company_dependent=True,
        groups="reseller_kpi.group_user",
        readonly=True,
        digits=(16, 1),
        help="Share of purchase lines due in the last 365 days received in full by their due date.",
    )
    reseller_kpi_supplier_grade = fields.Selection(
        GRADES,
        "Vendor grade",
        company_dependent=True,
        groups="reseller_kpi.group_user",
        readonly=True,
        help="A: on-time delivery of 95 % or more over 365 days, B: 85 %, C: 70 %, else D; empty without receipts.",
    )
