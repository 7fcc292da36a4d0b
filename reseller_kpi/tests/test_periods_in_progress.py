"""Periods in progress judge only what has happened (contract, "Periods in progress").

On the fixture (see common.py), purchase line A (12 × P1) is due on 5 March and line B (5 × P2) on
10 March; 6 of A arrive on 4 March and 4 on 8 March, B's 5 on 10 March. In March as a whole line B
is on time in full and A is not: on time in full 1 / 2, fill rate (10 + 5) / (12 + 5). Computed on
7 March, only line A is due yet, with 6 received. No fixed cost is posted in ISO week 10
(2-8 March): the rent is dated 10 March.
"""

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import MARCH, WEEK_10, KpiFixtureCase


@tagged("post_install", "-at_install")
class TestPeriodsInProgress(KpiFixtureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "kpi_progress_manager", groups="reseller_kpi.group_manager,purchase.group_purchase_user"
        )

    def card(self, code, day):
        data = self.env["reseller.kpi.dashboard"].with_user(self.manager).get_dashboard("month", day)
        return next(card for section in data["sections"] for card in section["cards"] if card["code"] == code)

    def test_supplier_lines_due_so_far(self):
        with freeze_time("2026-03-07 12:00:00"):
            self.Value._refresh(self.company, [MARCH], refresh_records=False)
            otif = self.stored("supplier.otif_rate")
            fill = self.stored("supplier.fill_rate")
            # line A alone: 6 of 12 on time, not in full; line B (due 10 March) is not judged yet
            self.assertEqual((otif.value, otif.numerator, otif.denominator), (0.0, 0, 1))
            self.assertEqual(otif.expected_denominator, 2)
            self.assertEqual((fill.value, fill.numerator, fill.denominator), (50.0, 6, 12))
            self.assertEqual(fill.expected_denominator, 17)
            # vendor V2's only line is not due yet: no rate, one line to come
            v2 = self.stored("supplier.otif_rate", self.v2)
            self.assertEqual((v2.has_value, v2.denominator, v2.expected_denominator), (False, 0, 1))
            # the lines opened are the ones judged
            lines = self.env["purchase.order.line"].search(otif.action_open_records("supplier:due_lines")["domain"])
            self.assertEqual(lines.mapped("product_qty"), [12])
            card = self.card("supplier.otif_rate", "2026-03-07")
            self.assertEqual(card["so_far_text"], "lines due so far: 1 of 2")
            self.assertEqual(
                self.card("supplier.fill_rate", "2026-03-07")["so_far_text"], "quantity due so far: 12 of 17"
            )
        # once March is over, every line due in it counts, and nothing is "so far"
        self.Value._refresh(self.company, [MARCH], refresh_records=False)
        self.assertValues({"supplier.otif_rate": 50, "supplier.fill_rate": 15 / 17 * 100})
        self.assertFalse(self.stored("supplier.otif_rate").expected_denominator)
        self.assertEqual(self.card("supplier.otif_rate", "2026-03-07")["so_far_text"], "")

    def test_break_even_waits_for_fixed_costs(self):
        with freeze_time("2026-03-05 12:00:00"):
            self.Value._refresh(self.company, [WEEK_10], refresh_records=False)
            # revenue 150 with a contribution ratio of 60 %, but no fixed cost posted yet: no break-even
            self.assertValues(
                {
                    "finance.fixed_costs": 0,
                    "finance.cm_ratio": 60,
                    "finance.break_even": None,
                    "finance.safety_margin": None,
                },
                period=WEEK_10,
            )
            data = self.env["reseller.kpi.dashboard"].with_user(self.manager).get_dashboard("week", "2026-03-05")
            cards = {card["code"]: card for section in data["sections"] for card in section["cards"]}
            self.assertEqual(cards["finance.break_even"]["value_text"], "not yet posted")
            self.assertEqual(cards["finance.safety_margin"]["value_text"], "not yet posted")
        # a closed week without fixed costs keeps a break-even of 0 and a safety margin of 100 %
        self.Value._refresh(self.company, [WEEK_10], refresh_records=False)
        self.assertValues({"finance.break_even": 0, "finance.safety_margin": 100}, period=WEEK_10)

    def test_march_in_progress_with_its_rent(self):
        # on 20 March the rent of 10 March is posted: the break-even is computed
        with freeze_time("2026-03-20 12:00:00"):
            self.Value._refresh(self.company, [MARCH], refresh_records=False)
            self.assertIsNotNone(self.value("finance.break_even"))

    def test_upgrade_queues_the_periods_computed_in_progress(self):
        # only this history: March computed on 7 March, February computed once it was over
        self.env.cr.execute("DELETE FROM reseller_kpi_value")
        with freeze_time("2026-03-07 12:00:00"):
            self.Value._refresh(self.company, [MARCH], refresh_records=False)
        with freeze_time("2026-04-10 12:00:00"):
            february = MARCH.previous()
            self.Value._refresh(self.company, [february], refresh_records=False)
            Job = self.env["reseller.kpi.recompute.job"]
            before = Job.search([])
            jobs = Job._queue_stored(("supplier.otif_rate",), computed_in_progress=True)
            self.assertEqual(jobs, Job.search([]) - before)
            self.assertEqual(
                [(str(j.date_from), str(j.date_to), j.period_types, j.company_ids) for j in jobs],
                [("2026-03-01", "2026-03-31", "month", self.company)],
            )
            # a changed definition queues every stored period of its code
            jobs = Job._queue_stored(("supplier.otif_rate",))
            self.assertEqual([(str(j.date_from), str(j.date_to)) for j in jobs], [("2026-02-01", "2026-03-31")])
