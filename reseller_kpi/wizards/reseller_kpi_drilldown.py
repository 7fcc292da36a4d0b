from odoo import api, fields, models


class ResellerKpiDrilldown(models.TransientModel):
    """The record sets behind one stored value (e.g. churned customers and active customers at start
    for a churn rate), each with its number of records, to open the one a controller wants."""

    _name = "reseller.kpi.drilldown"
    _description = "Reseller KPIs: open the records behind a value"

    value_id = fields.Many2one("reseller.kpi.value", required=True, ondelete="cascade")
    line_ids = fields.One2many("reseller.kpi.drilldown.line", "drilldown_id", string="Records")

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        collector = self.env["reseller.kpi.collector"]
        for wizard in wizards:
            lines = []
            for record_set in wizard.value_id._record_sets():
                _model, ids = collector._member_ids(wizard.value_id, record_set)
                label = collector._record_set_label(record_set)
                lines.append({"label": label, "ref": record_set.ref, "count": len(ids)})
            wizard.line_ids = [fields.Command.create(line) for line in lines]
        return wizards


class ResellerKpiDrilldownLine(models.TransientModel):
    _name = "reseller.kpi.drilldown.line"
    _description = "Reseller KPIs: one record set behind a value"

    drilldown_id = fields.Many2one("reseller.kpi.drilldown", required=True, ondelete="cascade")
    label = fields.Char(readonly=True)
    ref = fields.Char(readonly=True)
    count = fields.Integer("Records", readonly=True)

    def action_open(self):
        self.ensure_one()
        return self.drilldown_id.value_id.action_open_records(record_set_ref=self.ref)
