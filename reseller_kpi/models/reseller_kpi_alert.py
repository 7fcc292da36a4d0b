"""KPI alerts: a rule on stored values that tells the person who can act.

After each nightly refresh (``reseller.kpi.value._cron_refresh``) every active rule of the company is
evaluated on the stored values of its period type: the last closed period and, from the rule's
*From day* on, the period in progress. Each firing is a ``reseller.kpi.alert.event`` (one per rule,
dimension value and period: it never fires twice), one activity of the type *KPI alert* for each
recipient on that event, due the next working day of the company's calendar, and a message in the
rule's chatter. The conditions are pure (``engine/alerts.py``).
"""

import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import alerts
from ..engine.periods import period_of
from .reseller_kpi_value import PERIOD_TYPE_SELECTION, period_label

_logger = logging.getLogger(__name__)

CONDITION_SELECTION = [
    ("below", "Below a threshold"),
    ("above", "Above a threshold"),
    ("target_red", "Target missed"),
    ("target_amber", "Target missed or within 10 %"),
    ("change_points", "Change against the previous period beyond N points"),
    ("change_percent", "Change against the previous period beyond N %"),
    ("band", "Outside the band of the last 12 periods"),
]
# conditions that may judge a period in progress: the others compare it with whole periods
IN_PROGRESS_CONDITIONS = ("below", "above", "target_red", "target_amber")
# what a rule judges: changing one of them makes a new version of the rule, which may fire again
DEFINITION_FIELDS = {
    "kpi_code",
    "company_id",
    "period_type",
    "dimension_scope",
    "dimension_model",
    "dimension_ref",
    "condition",
    "threshold",
    "direction",
    "band_k",
}


class ResellerKpiAlert(models.Model):
    _name = "reseller.kpi.alert"
    _description = "Reseller KPI alert"
    _inherit = ["reseller.kpi.coded", "mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    sequence = fields.Integer(default=10)
    kpi_code = fields.Selection(tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    period_type = fields.Selection(PERIOD_TYPE_SELECTION, required=True, default="month", tracking=True)
    dimension_scope = fields.Selection(
        [("company", "The company's value"), ("one", "One dimension value"), ("each", "Each value of a dimension")],
        string="Value watched",
        required=True,
        default="company",
    )
    dimension_model = fields.Selection(
        selection="_selection_dimension_model",
        string="Dimension",
        help="With “Each value of a dimension”: every vendor, team or salesperson of the code is judged alone.",
    )
    dimension_ref = fields.Reference(
        selection="_selection_dimension_model", string="Dimension value", help="With “One dimension value”."
    )
    condition = fields.Selection(CONDITION_SELECTION, required=True, default="below", tracking=True)
    threshold = fields.Float(
        tracking=True,
        help="Below / above: the value in the KPI's unit (a rate in %, an amount in the company currency). "
        "A change: the points, or the percentage of the previous value, beyond which it fires.",
    )
    direction = fields.Selection(
        [("any", "A fall or a rise"), ("down", "A fall"), ("up", "A rise")],
        default="any",
        required=True,
        help="Which change fires.",
    )
    band_k = fields.Float(
        "Standard deviations",
        default=2.0,
        help="The band is the mean of the last 12 periods ± this many standard deviations (at least 3 "
        "of those periods must have a value).",
    )
    from_day = fields.Integer(
        "Judge the period in progress from day",
        default=0,
        help="0: only the last closed period is judged. N: the period in progress is judged too, once its "
        "N-th day has come (for a threshold or a target only: a change or a band compares whole periods).",
    )
    recipient_mode = fields.Selection(
        [("dimension", "The person of the value"), ("users", "Chosen users")],
        string="Tell",
        required=True,
        default="dimension",
        help="The person of the value: the salesperson, the team's leader or the vendor's purchase "
        "representative; the company's KPI managers for a company-wide value or when there is nobody.",
    )
    user_ids = fields.Many2many("res.users", string="Users told", domain=[("share", "=", False)])
    event_ids = fields.One2many("reseller.kpi.alert.event", "alert_id", string="Firings")
    event_count = fields.Integer(compute="_compute_event_count", string="Firings count")
    # raised when what the rule judges changes: a changed rule may fire again for a period it fired on
    version = fields.Integer(default=1, readonly=True, copy=False)

    _sql_constraints = [
        ("from_day_check", "CHECK (from_day >= 0 AND from_day <= 366)", "The day of the period is between 0 and 366."),
        ("band_k_check", "CHECK (band_k > 0)", "The band needs a positive number of standard deviations."),
    ]

    @api.model
    def _selection_dimension_model(self):
        # a dimension as the reader names it (res.partner is a vendor here, not any contact)
        labels = {
            "crm.team": self.env._("Sales team"),
            "product.category": self.env._("Product category"),
            "utm.source": self.env._("Source"),
            "res.users": self.env._("Salesperson"),
            "res.partner": self.env._("Vendor"),
        }
        return [
            (model, labels.get(model) or self.env["ir.model"]._get(model).name)
            for model in self.env["reseller.kpi.collector"]._kpi_registry().dimension_models()
        ]

    @api.depends("event_ids")
    def _compute_event_count(self):
        counts = dict(
            self.env["reseller.kpi.alert.event"]._read_group([("alert_id", "in", self.ids)], ["alert_id"], ["__count"])
        )
        for alert in self:
            alert.event_count = counts.get(alert, 0)

    def write(self, vals):
        if set(vals) & DEFINITION_FIELDS:
            for alert in self:
                super(ResellerKpiAlert, alert).write(dict(vals, version=alert.version + 1))
            return True
        return super().write(vals)

    @api.constrains(
        "kpi_code",
        "dimension_scope",
        "dimension_model",
        "dimension_ref",
        "condition",
        "from_day",
        "recipient_mode",
        "user_ids",
    )
    def _check_rule(self):
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        labels = dict(self._selection_dimension_model())
        for alert in self:
            kpi = registry.kpi(alert.kpi_code)
            model = {"one": alert.dimension_ref._name if alert.dimension_ref else False, "each": alert.dimension_model}
            model = model.get(alert.dimension_scope)
            if alert.dimension_scope != "company" and not model:
                raise ValidationError(self.env._("The alert “%s” needs the dimension it watches.", alert.name))
            if model and model not in kpi.dimensions:
                raise ValidationError(
                    self.env._(
                        "%(kpi)s has no value per %(dimension)s: choose among %(allowed)s.",
                        kpi=kpi.code,
                        dimension=labels.get(model, model),
                        allowed=", ".join(labels.get(m, m) for m in kpi.dimensions) or self.env._("the company"),
                    )
                )
            if alert.recipient_mode == "users" and not alert.user_ids:
                raise ValidationError(self.env._("The alert “%s” tells chosen users: choose at least one.", alert.name))
            if alert.from_day and alert.condition in ("target_red", "target_amber") and kpi.to_date:
                raise ValidationError(
                    self.env._(
                        "The alert “%s” would judge part of a period against the target of the whole one: a "
                        "target of this KPI is judged on closed periods only (0 as the day).",
                        alert.name,
                    )
                )
            if alert.from_day and alert.condition not in IN_PROGRESS_CONDITIONS:
                raise ValidationError(
                    self.env._(
                        "The alert “%s” compares whole periods: only a threshold or a target judges a period "
                        "in progress.",
                        alert.name,
                    )
                )

    def action_open_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reseller_kpi.reseller_kpi_alert_event_action")
        action["domain"] = [("alert_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------ evaluation
    @api.model
    def _evaluate_company(self, company, today):
        """Evaluate every active rule of `company` on its stored values; one failing rule is logged and
        does not stop the others. Returns the events created."""
        events = self.env["reseller.kpi.alert.event"]
        for alert in self.sudo().search([("company_id", "=", company.id)]):
            try:
                with self.env.cr.savepoint():
                    events |= alert._evaluate(today)
            except Exception:
                _logger.exception("Reseller KPIs: the alert %s (%s) could not be evaluated", alert.id, alert.name)
        return events

    def _periods(self, today):
        """The periods this rule judges on `today`: the last closed one, and the one in progress from
        the rule's day on."""
        self.ensure_one()
        current = period_of(today, self.period_type)
        periods = [current.previous()]
        if self.from_day and (today - current.date_start).days + 1 >= self.from_day:
            periods.append(current)
        return periods

    def _watched(self, rows):
        """The stored rows of the value(s) this rule watches."""
        if self.dimension_scope == "company":
            return [row for row in rows if not row["res_model"]]
        if self.dimension_scope == "one":
            ref = self.dimension_ref
            return [row for row in rows if (row["res_model"], row["res_id"]) == (ref._name, ref.id)]
        return [row for row in rows if row["res_model"] == self.dimension_model]

    def _stored(self, periods):
        """{(date_start, res_model, res_id): row} of this rule's code, company and period type."""
        Value = self.env["reseller.kpi.value"].sudo()
        rows = Value.search_read(
            [
                ("company_id", "=", self.company_id.id),
                ("kpi_code", "=", self.kpi_code),
                ("period_type", "=", self.period_type),
                ("date_start", "in", [period.date_start for period in periods]),
            ],
            ["date_start", "date_end", "res_model", "res_id", "dimension_name", "value", "has_value"],
        )
        return {(row["date_start"], row["res_model"] or False, row["res_id"] or 0): row for row in rows}

    def _evaluate(self, today):
        self.ensure_one()
        Event = self.env["reseller.kpi.alert.event"].sudo()
        events = Event
        for period in self._periods(today):
            history = [period.previous()]
            while len(history) < alerts.BAND_PERIODS:
                history.append(history[-1].previous())
            stored = self._stored([period, *history])
            rows = [row for key, row in stored.items() if key[0] == period.date_start]
            targets = self._targets(period) if self.condition in ("target_red", "target_amber") else {}
            fired = Event.search(
                [
                    ("alert_id", "=", self.id),
                    ("rule_version", "=", self.version),
                    ("period_type", "=", period.period_type),
                    ("date_start", "=", period.date_start),
                ]
            )
            already = {(event.res_model or False, event.res_id or 0) for event in fired}
            for row in self._watched(rows):
                key = (row["res_model"] or False, row["res_id"] or 0)
                if key in already:
                    continue  # the same rule, value and period never fire twice

                def earlier(start, key=key, stored=stored):
                    row = stored.get((start, *key))
                    return row["value"] if row and row["has_value"] else None

                value = row["value"] if row["has_value"] else None
                target = targets.get(key)
                firing = alerts.check(
                    self.condition,
                    value,
                    threshold=self.threshold,
                    status=target.status if target else None,
                    target=target.target_value if target else None,
                    previous=earlier(history[0].date_start),
                    history=[earlier(p.date_start) for p in history],
                    k=self.band_k,
                    direction=self.direction,
                )
                if firing:
                    events |= Event._fire(self, period, row, value, firing)
        return events

    def _targets(self, period):
        """{(res_model, res_id): target} of this rule's code, company and period (stored status)."""
        targets = (
            self.env["reseller.kpi.target"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("kpi_code", "=", self.kpi_code),
                    ("period_type", "=", period.period_type),
                    ("date_start", "=", period.date_start),
                ]
            )
        )
        return {
            (target.dimension_ref._name, target.dimension_ref.id) if target.dimension_ref else (False, 0): target
            for target in targets
        }

    # ------------------------------------------------------------------ recipients
    def _recipients(self, res_model, res_id):
        """The users told of a firing for the value of (`res_model`, `res_id`), before checking that
        each may read it: the chosen users, or the value's own person (the salesperson, the team's
        leader, the vendor's purchase representative), else the company's KPI managers."""
        self.ensure_one()
        company = self.company_id
        if self.recipient_mode == "users":
            users = self.user_ids
        else:
            users = self.env["res.users"]
            if res_model:
                users = self._dimension_person(self.env[res_model].sudo().browse(res_id).exists())
            if not users:
                users = self.env.ref("reseller_kpi.group_manager").sudo().users
        root = self.env.ref("base.user_root")
        return users.sudo().filtered(
            lambda user: user.active and not user.share and user != root and company in user.company_ids
        )

    @api.model
    def _dimension_person(self, record):
        """The users who act on the value of dimension `record` (the salesperson, the team's leader, the
        vendor's purchase representative); an add-on whose family has a dimension of its own adds its
        person with ``super()``."""
        if record._name == "res.users":
            return record
        if record._name == "crm.team":
            return record.user_id
        if record._name == "res.partner" and "buyer_id" in record._fields:
            return record.buyer_id
        return self.env["res.users"]

    def _post_firing(self, event, told, refused):
        """The firing in the rule's chatter: what, for whom, and who could not be told."""
        self.ensure_one()
        # the rule is readable by every KPI user of the company: its chatter names the period and who was
        # told, never the figure (the firing, readable by those it told and KPI managers, holds it)
        period = period_label(self.env, event._period())
        dimension = f" ({event.dimension_name})" if event.dimension_name else ""
        body = Markup("<p>%s</p><p>%s</p>") % (
            self.env._("Fired for %(period)s%(dimension)s.", period=period, dimension=dimension),
            self.env._("Told: %s.", ", ".join(told.mapped("name")))
            if told
            else self.env._("Nobody was told: no recipient may read this figure."),
        )
        if refused:
            body += Markup("<p>%s</p>") % self.env._(
                "Not told (they may not read this figure): %s.", ", ".join(refused.mapped("name"))
            )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
