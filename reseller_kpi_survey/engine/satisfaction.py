"""Satisfaction scores of the contract (``survey.*`` codes), in plain Python.

Each score question measures one thing on a fixed scale:

>>> SCALES["nps"], SCALES["ces"], SCALES["csat"]
((0, 10), (1, 7), (1, 5))
>>> nps_category(0), nps_category(7), nps_category(9)
('detractor', 'passive', 'promoter')
"""

from odoo.addons.reseller_kpi.engine.formulas import KpiValue, mean, rate, ratio

SCALES = {"nps": (0, 10), "ces": (1, 7), "csat": (1, 5)}
PROMOTER_MIN = 9  # 9 and 10
DETRACTOR_MAX = 6  # 0 to 6
CSAT_SATISFIED_MIN = 4  # 4 and 5
# the aggregates satisfaction_values() reads, for a period or dimension without any answer
EMPTY_AGGREGATES = {
    "nps_answers": 0,
    "promoters": 0,
    "detractors": 0,
    "ces_answers": 0,
    "ces_total": 0,
    "csat_answers": 0,
    "csat_satisfied": 0,
    "responses": 0,
    "invitations": 0,
}


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
    """agg: nps_answers, promoters, detractors, ces_answers, ces_total,
    csat_answers, csat_satisfied, responses (completed, from an invitation), invitations."""
    return {
        "survey.nps": nps(agg["promoters"], agg["detractors"], agg["nps_answers"]),
        "survey.ces": mean(agg["ces_total"], agg["ces_answers"]),
        "survey.csat": rate(agg["csat_satisfied"], agg["csat_answers"]),
        "survey.response_rate": rate(agg["responses"], agg["invitations"]),
    }


def scale_error(score_type, scale_min, scale_max):
    """None when a scale question from scale_min to scale_max can measure `score_type`, else what is expected."""
    expected = SCALES[score_type]
    if (scale_min, scale_max) == expected:
        return None
    return expected
