"""Every number of the fixture with tickets opens exactly its records: the base add-on's check (every
code, the company and every dimension, the till included), on May and ISO week 19, where the
tickets are."""

from odoo.tests import tagged

from odoo.addons.reseller_kpi.tests.test_drilldown import TestDrilldown

from .common import MAY, WEEK_19, PosFixtureCase


@tagged("post_install", "-at_install")
class TestPosDrilldown(PosFixtureCase, TestDrilldown):
    def measure(self, name, records, value):
        if records and records._name == "pos.order.line":
            rate = {line: line.order_id.currency_rate or 1.0 for line in records}
            revenue = sum(line.price_subtotal / rate[line] for line in records)
            margin = sum((line.price_subtotal - line.total_cost) / rate[line] for line in records)
            items = sum(line.qty for line in records if line.product_id.type == "consu")
            return {"revenue": revenue, "margin": margin, "cost": revenue - margin, "items": items}[name]
        return super().measure(name, records, value)

    def test_every_code_and_dimension_opens_its_records_with_the_tickets(self):
        for period in (MAY, WEEK_19):
            checked = self.check_values(period)
            # the till's figures are among those checked: revenue, orders, margin... of T1 and T2
            self.assertIn(("sales.revenue", "pos.config"), checked)
            self.assertIn(("sales.aov", "pos.config"), checked)
            self.assertIn(("customers.active", ""), checked)
