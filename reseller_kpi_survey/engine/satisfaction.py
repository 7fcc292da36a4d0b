"""Satisfaction scores of the contract (``survey.*`` codes), in plain Python.

Each score question measures one thing on a fixed scale:

>>> SCALES["nps"], SCALES["ces"], SCALES["csat"]
((0, 10), (1, 7), (1, 5))
>>> nps_category(0), nps_category(7), nps_category(9)
('detractor', 'passive', 'promoter')
"""

from typing import NamedTuple

from odoo.addons.reseller_kpi.engine.codes import _lt, family, kpi
from odoo.addons.reseller_kpi.engine.formulas import KpiValue, mean, rate, ratio

SCALES = {"nps": (0, 10), "ces": (1, 7), "csat": (1, 5)}
PROMOTER_MIN = 9  # 9 and 10
DETRACTOR_MAX = 6  # 0 to 6
CSAT_SATISFIED_MIN = 4  # 4 and 5


class SatisfactionAggregate(NamedTuple):
    """What satisfaction_values() reads; the defaults are a period or dimension without any answer."""

    nps_answers: int = 0
    promoters: int = 0
    detractors: int = 0
    ces_answers: int = 0
    ces_total: int = 0
    csat_answers: int = 0
    csat_satisfied: int = 0
    responses: int = 0  # completed responses that came from an invitation
    invitations: int = 0


# the family this add-on adds to the registry (reseller.kpi.collector._kpi_registry)
SATISFACTION = family(
    "satisfaction",
    _lt("Satisfaction"),
    ("crm.team", "res.users"),
    [
        kpi(
            "survey.nps",
            "score",
            _lt("Net Promoter Score"),
            True,
            _lt("% promoters (9-10) − % detractors (0-6) of the NPS answers, from −100 to +100"),
            [
                ("satisfaction:nps_answers", "denominator"),
                ("satisfaction:promoters", None),
                ("satisfaction:detractors", None),
            ],
        ),
        kpi(
            "survey.ces",
            "score",
            _lt("Customer Effort Score"),
            True,
            _lt("Mean of the effort answers, from 1 to 7"),
            [("satisfaction:ces_answers", "numerator", "ces_score"), ("satisfaction:ces_answers", "denominator")],
        ),
        kpi(
            "survey.csat",
            "percent",
            _lt("Customer satisfaction (CSAT)"),
            True,
            _lt("Answers of 4 or 5 / CSAT answers × 100"),
            [("satisfaction:csat_satisfied", "numerator"), ("satisfaction:csat_answers", "denominator")],
        ),
        kpi(
            "survey.response_rate",
            "percent",
            _lt("Survey response rate"),
            True,
            _lt("Invitations of the period answered / invitations sent in the period × 100"),
            [("satisfaction:responses", "numerator"), ("satisfaction:invitations", "denominator")],
        ),
    ],
    sequence=70,
    leaderboard=("survey.nps",),
)


def nps_category(score):
    """promoter (9-10), passive (7-8) or detractor (0-6); None without a score."""
    if score is None:
        return None
    if score >= PROMOTER_MIN:
        return "promoter"
    if score <= DETRACTOR_MAX:
        return "detractor"
    return "passive"


def nps(promoters, detractors, answers):
    """% promoters - % detractors, from -100 to +100; empty without answers.

    The numerator kept is promoters - detractors, the denominator the answers.
    """
    return KpiValue(ratio(promoters - detractors, answers, 100.0), promoters - detractors, answers)


def satisfaction_values(agg):
    """agg: a SatisfactionAggregate."""
    return {
        "survey.nps": nps(agg.promoters, agg.detractors, agg.nps_answers),
        "survey.ces": mean(agg.ces_total, agg.ces_answers),
        "survey.csat": rate(agg.csat_satisfied, agg.csat_answers),
        "survey.response_rate": rate(agg.responses, agg.invitations),
    }


def in_scale(score_type, score):
    """True when `score` is an answer its question's scale allows (NPS 0-10, CES 1-7, CSAT 1-5).

    >>> in_scale("nps", 0), in_scale("nps", 11), in_scale("ces", 0), in_scale("csat", 5)
    (True, False, False, True)
    """
    low, high = SCALES[score_type]
    return score is not None and low <= score <= high


def scale_error(score_type, scale_min, scale_max):
    """None when a scale question from scale_min to scale_max can measure `score_type`, else what is expected."""
    expected = SCALES[score_type]
    if (scale_min, scale_max) == expected:
        return None
    return expected
