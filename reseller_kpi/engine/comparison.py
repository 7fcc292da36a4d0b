"""How the dashboard and the reports compare a stored value: with a reference period, with a target,
and against the fixed costs of the period (break-even pacing). Plain Python, no database.

>>> from .codes import REGISTRY
>>> change(REGISTRY.kpi("sales.revenue"), 1100, 100)["delta"]
1000.0
>>> change(REGISTRY.kpi("margin.rate"), 53.8, 40.0)["unit"]
'pp'
>>> change(REGISTRY.kpi("customers.churn_rate"), 50, 0)["trend"]
'worse'
>>> change(REGISTRY.kpi("sales.revenue"), 10, 0)["delta"] is None
True
>>> change(REGISTRY.kpi("sales.revenue"), None, 5)["trend"] is None
True
>>> achieved(120, 100, True), achieved(40, 50, False), achieved(None, 100, True), achieved(0, 5, False)
(120.0, 125.0, None, None)
>>> on_pace(520, 1500, True, 30, 10)
{'projected': 1560.0, 'achieved': 104.0}
>>> on_pace(None, 1500, True, 30, 10), on_pace(520, 1500, True, 30, 0)
(None, None)
>>> same_period_last_year(period_of(date(2026, 3, 10), "month")).date_start
datetime.date(2025, 3, 1)
>>> same_period_last_year(period_of(date(2021, 1, 4), "week")).date_start  # week 53 of 2020 has no twin
datetime.date(2019, 12, 30)
"""

import math
from datetime import date

from dateutil.relativedelta import relativedelta

from .periods import period_of


def same_period_last_year(period):
    """The period a year before: the same month, quarter or year, or the same ISO week number."""
    if period.period_type == "week":
        year, week, _day = period.date_start.isocalendar()
        weeks_last_year = date(year - 1, 12, 28).isocalendar()[1]
        return period_of(date.fromisocalendar(year - 1, min(week, weeks_last_year), 1), "week")
    return period_of(period.date_start - relativedelta(years=1), period.period_type)


def change(kpi, value, reference):
    """How `value` compares with `reference`: points for rates and scores, a relative change otherwise."""
    if value is None or reference is None:
        return {"reference": reference, "delta": None, "unit": None, "trend": None}
    delta = value - reference
    if kpi.unit in ("percent", "score"):
        # a rate or a score (NPS from -100 to 100) moves in points; a relative change would mislead
        shown, unit = delta, "pp"
    elif reference:
        shown, unit = delta / abs(reference) * 100, "%"
    else:
        shown, unit = None, None
    sign = (delta > 1e-9) - (delta < -1e-9)
    trend = "same" if not sign else ("better" if (sign > 0) == kpi.higher_is_better else "worse")
    return {"reference": reference, "delta": shown, "unit": unit, "trend": trend}


def achieved(value, target, higher_is_better):
    """% of the target achieved: value / target when higher is better, target / value otherwise."""
    if value is None or not target:
        return None
    if higher_is_better:
        return value / target * 100
    return target / value * 100 if value else None


def on_pace(value, target, higher_is_better, days, elapsed):
    """A sum of a period in progress on day `elapsed` of its `days`, projected to the end of the period at
    the current pace (value × D / d), and the % of the target that projection achieves."""
    if value is None or not elapsed or elapsed <= 0:
        return None
    projected = value * days / min(elapsed, days)
    return {"projected": projected, "achieved": achieved(projected, target, higher_is_better)}


def pacing(days, fixed_costs, period_days, elapsed, in_progress):
    """Break-even pacing (contract, "Dashboard figures") from the contributions of days 1..elapsed.

    >>> pacing([100, 100, 100], 250, 30, 3, True)["reached_day"]
    3
    >>> pacing([50, 50], 300, 30, 2, True)["projected_day"]
    6
    >>> pacing([10], 1000, 30, 1, True)["projected_day"] is None
    True
    """
    contribution, reached_day = 0.0, None
    for number, day_contribution in enumerate(days, start=1):
        contribution += day_contribution
        if reached_day is None and contribution >= fixed_costs:
            reached_day = number
    projected_day = None
    if reached_day is None and in_progress and contribution > 0:
        projected = math.ceil(elapsed * fixed_costs / contribution - 1e-9)
        projected_day = projected if projected <= period_days else None
    return {
        "contribution": contribution,
        "fixed_costs": fixed_costs,
        "covered": contribution / fixed_costs * 100 if fixed_costs else None,
        "reached_day": reached_day,
        "projected_day": projected_day,
    }
