"""The satisfaction formulas in plain Python (no database)."""

import doctest

from odoo.tests import tagged
from odoo.tests.common import BaseCase

from odoo.addons.reseller_kpi.engine.codes import REGISTRY

from ..engine import satisfaction
from ..engine.satisfaction import (
    SATISFACTION,
    SatisfactionAggregate,
    nps,
    nps_category,
    satisfaction_values,
    scale_error,
)


@tagged("post_install", "-at_install")
class TestSatisfactionEngine(BaseCase):
    def test_nps_categories(self):
        self.assertEqual(
            [nps_category(score) for score in range(11)], ["detractor"] * 7 + ["passive"] * 2 + ["promoter"] * 2
        )
        self.assertIsNone(nps_category(None))

    def test_nps(self):
        self.assertEqual(nps(4, 0, 4).value, 100.0)  # all promoters
        self.assertEqual(nps(0, 3, 3).value, -100.0)  # all detractors
        self.assertEqual(nps(0, 0, 5).value, 0.0)  # only passives
        self.assertIsNone(nps(0, 0, 0).value)  # no answers: empty, not 0
        # 3 promoters, 2 detractors, 1 passive: (3 - 2) / 6 x 100
        value = nps(3, 2, 6)
        self.assertAlmostEqual(value.value, 16.6666667)
        self.assertEqual(value[1:3], (1, 6))

    def test_values(self):
        values = satisfaction_values(
            SatisfactionAggregate(
                nps_answers=6,
                promoters=3,
                detractors=2,
                ces_answers=6,
                ces_total=27,
                csat_answers=5,
                csat_satisfied=3,
                responses=5,
                invitations=6,
            )
        )
        self.assertEqual(values["survey.ces"][:3], (4.5, 27, 6))
        self.assertEqual(values["survey.csat"][:3], (60.0, 3, 5))
        self.assertAlmostEqual(values["survey.response_rate"].value, 83.3333333)
        self.assertEqual(values["survey.response_rate"][1:3], (5, 6))
        self.assertEqual(set(values), {kpi.code for kpi in SATISFACTION.kpis})

    def test_zero_denominators(self):
        values = satisfaction_values(SatisfactionAggregate(responses=1))
        self.assertEqual({code: value.value for code, value in values.items()}, dict.fromkeys(values))
        self.assertEqual(values["survey.response_rate"][:3], (None, 1, 0))

    def test_codes(self):
        # the contract's satisfaction codes, added to the base add-on's registry by this add-on
        registry = REGISTRY.extended(SATISFACTION)
        self.assertEqual(
            registry.codes("satisfaction"),
            ["survey.nps", "survey.ces", "survey.csat", "survey.response_rate"],
        )
        self.assertEqual(set(registry.codes()), set(REGISTRY.codes()) | set(registry.codes("satisfaction")))
        self.assertEqual(registry.family_of("survey.nps"), "satisfaction")
        self.assertTrue(registry.kpi("survey.ces").higher_is_better)
        self.assertEqual(registry.kpi("survey.nps").dimensions, ("crm.team", "res.users"))
        # a score is no sum: a month in progress compares with a whole one; its section comes last
        self.assertFalse(any(kpi.to_date for kpi in SATISFACTION.kpis))
        self.assertEqual(registry.sections()[-1], SATISFACTION)
        self.assertEqual(registry.readable(lambda group: False)[-1], "satisfaction", "every KPI user reads it")

    def test_doctests(self):
        result = doctest.testmod(satisfaction)
        self.assertTrue(result.attempted)
        self.assertFalse(result.failed)

    def test_scales(self):
        self.assertIsNone(scale_error("nps", 0, 10))
        self.assertIsNone(scale_error("ces", 1, 7))
        self.assertIsNone(scale_error("csat", 1, 5))
        self.assertEqual(scale_error("nps", 1, 10), (0, 10))
        self.assertEqual(scale_error("csat", 0, 5), (1, 5))
