from odoo import api, fields, models
from odoo.exceptions import ValidationError

MAX_WINDOW_DAYS = 3650  # ten years
MAX_TOLERANCE_DAYS = 365


class ResCompany(models.Model):
    _inherit = "res.company"

    def _default_reseller_kpi_tags(self, xmlid):
        tag = self.env.ref(xmlid, raise_if_not_found=False)
        return tag.ids if tag else []

    reseller_kpi_inactivity_days = fields.Integer(
        string="Inactivity window (days)",
        default=365,
        help="A customer is active on a day if it has a confirmed order dated within this many days up to it.",
    )
    reseller_kpi_activation_days = fields.Integer(
        string="Activation window (days)",
        default=90,
        help="A prospect is activated if its first confirmed order comes within this many days of its first lead.",
    )
    reseller_kpi_ontime_tolerance_days = fields.Integer(
        string="On-time tolerance (days)",
        default=0,
        help="A receipt is on time if done on or before its planned date plus this many days.",
    )
    reseller_kpi_new_customer_days = fields.Integer(
        string="New-customer age (days)",
        default=90,
        help="A customer is 'new' while its first order is younger than this.",
    )
    reseller_kpi_refreshed_at = fields.Datetime(
        string="KPIs refreshed at",
        readonly=True,
        help="When the nightly refresh last started for this company; the next one also recomputes every "
        "period touched by records written since then.",
    )
    reseller_kpi_fixed_cost_tag_ids = fields.Many2many(
        "account.account.tag",
        "reseller_kpi_company_fixed_tag_rel",
        string="Fixed-cost tags",
        default=lambda self: self._default_reseller_kpi_tags("reseller_kpi.account_tag_fixed_cost"),
        help="Posted lines on accounts with one of these tags are fixed costs.",
    )
    reseller_kpi_variable_cost_tag_ids = fields.Many2many(
        "account.account.tag",
        "reseller_kpi_company_variable_tag_rel",
        string="Variable-cost tags",
        default=lambda self: self._default_reseller_kpi_tags("reseller_kpi.account_tag_variable_cost"),
        help="Posted lines on accounts with one of these tags add to the cost of goods sold as variable costs.",
    )
    reseller_kpi_marketing_tag_ids = fields.Many2many(
        "account.account.tag",
        "reseller_kpi_company_marketing_tag_rel",
        string="Marketing tags",
        default=lambda self: self._default_reseller_kpi_tags("reseller_kpi.account_tag_marketing"),
        help="Posted lines on accounts with one of these tags are marketing spend (customer acquisition cost).",
    )
    reseller_kpi_report_user_ids = fields.Many2many(
        "res.users",
        "reseller_kpi_company_report_user_rel",
        "company_id",
        "user_id",
        string="Management report recipients",
        domain=[("share", "=", False)],
        help="Who receives the management report of each closed month by mail; when empty, the KPI managers "
        "of the company.",
    )

    @api.constrains(
        "reseller_kpi_inactivity_days",
        "reseller_kpi_activation_days",
        "reseller_kpi_ontime_tolerance_days",
        "reseller_kpi_new_customer_days",
    )
    def _check_reseller_kpi_windows(self):
        for company in self:
            # a window longer than ten years is a typo, and would make every nightly run scan all history
            for field, maximum in (
                ("reseller_kpi_inactivity_days", MAX_WINDOW_DAYS),
                ("reseller_kpi_activation_days", MAX_WINDOW_DAYS),
                ("reseller_kpi_new_customer_days", MAX_WINDOW_DAYS),
                ("reseller_kpi_ontime_tolerance_days", MAX_TOLERANCE_DAYS),
            ):
                if company[field] > maximum:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s can be at most %(maximum)s days (company %(company)s).",
                            setting=self._fields[field].get_description(self.env)["string"],
                            maximum=maximum,
                            company=company.name,
                        )
                    )
            if company.reseller_kpi_inactivity_days <= 0:
                raise ValidationError(
                    self.env._("The inactivity window must be at least 1 day (company %s).", company.name)
                )
            if company.reseller_kpi_activation_days < 0:
                raise ValidationError(
                    self.env._("The activation window cannot be negative (company %s).", company.name)
                )
            if company.reseller_kpi_ontime_tolerance_days < 0:
                raise ValidationError(
                    self.env._("The on-time tolerance cannot be negative (company %s).", company.name)
                )
            if company.reseller_kpi_new_customer_days < 0:
                raise ValidationError(self.env._("The new-customer age cannot be negative (company %s).", company.name))

    def _reseller_kpi_report_recipients(self):
        """The users who receive the monthly management report: the chosen ones, else the company's KPI
        managers; never archived, portal or OdooBot users, nor users without an email or this company."""
        self.ensure_one()
        users = self.reseller_kpi_report_user_ids or self.env.ref("reseller_kpi.group_manager").sudo().users
        root = self.env.ref("base.user_root")
        return users.filtered(
            lambda user: user.active and not user.share and user != root and user.email and self in user.company_ids
        )

    @api.model
    def _reseller_kpi_install_defaults(self):
        """Give companies that existed before the install the module's own tags."""
        for company in self.search([]):
            for field, xmlid in (
                ("reseller_kpi_fixed_cost_tag_ids", "reseller_kpi.account_tag_fixed_cost"),
                ("reseller_kpi_variable_cost_tag_ids", "reseller_kpi.account_tag_variable_cost"),
                ("reseller_kpi_marketing_tag_ids", "reseller_kpi.account_tag_marketing"),
            ):
                if not company[field]:
                    company[field] = self._default_reseller_kpi_tags(xmlid)
