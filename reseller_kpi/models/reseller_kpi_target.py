from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import formulas
from ..engine.periods import period_of
from .reseller_kpi_value import PERIOD_TYPE_SELECTION


class ResellerKpiTarget(models.Model):
    _name = "reseller.kpi.target"
    _inherit = ["reseller.kpi.coded"]
    _description = "Reseller KPI target"
    _order = "date_start desc, kpi_code"

    period_type = fields.Selection(PERIOD_TYPE_SELECTION, required=True, default="month")
    date_start = fields.Date(
        "Period",
        required=True,
        default=fields.Date.context_today,
        help="Any day of the period; stored as its first day.",
    )
    date_end = fields.Date(compute="_compute_period", store=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    dimension_ref = fields.Reference(
        selection="_selection_dimension", string="Dimension", help="Empty for the company-wide value."
    )
    target_value = fields.Float("Target", required=True)
    higher_is_better = fields.Boolean(compute="_compute_higher_is_better", store=True, readonly=False)
    # stored, so filters, groupings and Odoo's automated actions can use the status: recomputed when the
    # target changes and each time its period's values are stored (reseller.kpi.value._replace_period)
    value = fields.Float(compute="_compute_status", store=True, digits=(16, 2))
    has_value = fields.Boolean(compute="_compute_status", store=True)
    status = fields.Selection(
        [("green", "Met"), ("amber", "Within 10 %"), ("red", "Missed")],
        compute="_compute_status",
        store=True,
        index=True,
    )

    @api.model
    def _selection_dimension(self):
        return [
            (model, self.env["ir.model"]._get(model).name)
            for model in self.env["reseller.kpi.collector"]._kpi_registry().dimension_models()
        ]

    @api.depends("kpi_code")
    def _compute_higher_is_better(self):
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        for target in self:
            kpi = registry.by_code.get(target.kpi_code)
            target.higher_is_better = kpi.higher_is_better if kpi else True

    @api.depends("period_type", "date_start")
    def _compute_period(self):
        for target in self:
            if target.date_start and target.period_type:
                period = period_of(target.date_start, target.period_type)
                target.date_end = period.date_end
            else:
                target.date_end = False

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalised(vals) for vals in vals_list])

    def write(self, vals):
        if "date_start" in vals or "period_type" in vals:
            for target in self:
                super(ResellerKpiTarget, target).write(
                    target._normalised({"period_type": target.period_type, "date_start": target.date_start} | vals)
                )
            return True
        return super().write(vals)

    @api.model
    def _normalised(self, vals):
        if vals.get("date_start") and vals.get("period_type", "month"):
            day = fields.Date.to_date(vals["date_start"])
            vals = dict(vals, date_start=period_of(day, vals.get("period_type") or "month").date_start)
        return vals

    @api.constrains("kpi_code", "dimension_ref")
    def _check_dimension(self):
        registry = self.env["reseller.kpi.collector"]._kpi_registry()
        for target in self:
            if not target.dimension_ref:
                continue
            kpi = registry.kpi(target.kpi_code)
            if target.dimension_ref._name not in kpi.dimensions:
                labels = dict(self._fields["dimension_ref"]._description_selection(self.env))
                allowed = ", ".join(labels.get(model, model) for model in kpi.dimensions)
                raise ValidationError(
                    self.env._(
                        "%(kpi)s has no value per %(dimension)s: it is stored for the company%(others)s.",
                        kpi=kpi.label,
                        dimension=labels.get(target.dimension_ref._name, target.dimension_ref._name),
                        others=self.env._(" and per %s", allowed) if allowed else "",
                    )
                )

    @api.depends("kpi_code", "period_type", "date_start", "date_end", "company_id", "dimension_ref", "target_value")
    def _compute_status(self):
        values = (
            self.env["reseller.kpi.value"]
            .sudo()
            .search(
                [
                    ("company_id", "in", self.company_id.ids),
                    ("kpi_code", "in", list(set(self.mapped("kpi_code")))),
                    ("date_start", "in", list(set(self.mapped("date_start")))),
                ]
            )
        )
        by_key = {
            (
                v.kpi_code,
                v.period_type,
                v.date_start,
                v.date_end,
                v.company_id.id,
                v.res_model or False,
                v.res_id or 0,
            ): v
            for v in values
        }
        for target in self:
            ref = target.dimension_ref
            stored = by_key.get(
                (
                    target.kpi_code,
                    target.period_type,
                    target.date_start,
                    target.date_end,
                    target.company_id.id,
                    ref._name if ref else False,
                    ref.id if ref else 0,
                )
            )
            value = stored.value if stored and stored.has_value else None
            target.value = value or 0.0
            target.has_value = value is not None
            target.status = formulas.status(value, target.target_value, target.higher_is_better) or False

    @api.model
    def _refresh_status(self, company, period):
        """Recompute the stored value and status of `company`'s targets of `period` from its stored values."""
        targets = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("period_type", "=", period.period_type),
                ("date_start", "=", period.date_start),
                ("date_end", "=", period.date_end),
            ]
        )
        if targets:
            for name in ("value", "has_value", "status"):
                self.env.add_to_compute(self._fields[name], targets)
            targets.flush_recordset(["value", "has_value", "status"])
        return targets
