"""When a KPI alert fires: the conditions of ``reseller.kpi.alert``, on stored values only.

Every function is pure. An empty value (a rate whose denominator is 0) never fires, and neither
does a condition whose reference is missing (no target, no previous value, too short a history):
an alert says a fact about the business, not that a number is unknown.

`check` returns None or a `Firing`: the reference the value was judged against (the threshold, the
target, the previous value, or the band's limit that was crossed) and, for a band, its mean and
standard deviation.

>>> check("below", 80.0, threshold=85.0)
Firing(reference=85.0, mean=None, deviation=None)
>>> check("below", 85.0, threshold=85.0) is None, check("above", None, threshold=1.0) is None
(True, True)
>>> check("target_red", 60.0, status="red").reference, check("target_red", 95.0, status="amber")
(None, None)
>>> check("target_amber", 95.0, status="amber", target=100.0).reference
100.0

A change is the difference with the previous period, in the unit's points (``change_points``) or
as a share of the previous value (``change_percent``); `direction` keeps only a fall or a rise:

>>> check("change_points", 12.0, threshold=5.0, previous=4.0)
Firing(reference=4.0, mean=None, deviation=None)
>>> check("change_percent", 90.0, threshold=10.0, previous=100.0) is None
True
>>> check("change_percent", 89.0, threshold=10.0, previous=100.0, direction="up") is None
True
>>> check("change_percent", 5.0, threshold=10.0, previous=0.0) is None
True

The band of the last periods is their mean ± k sample standard deviations (at least three values):

>>> band([10.0, 12.0, 14.0], 2.0)
(12.0, 2.0, 8.0, 16.0)
>>> check("band", 16.5, k=2.0, history=[10.0, 12.0, 14.0])
Firing(reference=16.0, mean=12.0, deviation=2.0)
>>> check("band", 16.0, k=2.0, history=[10.0, 12.0, 14.0]) is None
True
>>> check("band", 50.0, k=2.0, history=[10.0, None, 14.0]) is None
True
"""

import math
from datetime import timedelta
from typing import NamedTuple

CONDITIONS = (
    "below",
    "above",
    "target_red",
    "target_amber",
    "change_points",
    "change_percent",
    "band",
)
DIRECTIONS = ("any", "down", "up")
# the band of a value: the periods before it, and how many of them must have a value
BAND_PERIODS = 12
BAND_MIN_VALUES = 3


class Firing(NamedTuple):
    reference: float | None
    mean: float | None = None
    deviation: float | None = None


def band(history, k):
    """(mean, sample standard deviation, lower limit, upper limit) of `history`'s values, or None
    with fewer than three values."""
    values = [value for value in history if value is not None]
    if len(values) < BAND_MIN_VALUES:
        return None
    mean = sum(values) / len(values)
    deviation = math.sqrt(sum((value - mean) ** 2 for value in values) / (len(values) - 1))
    return mean, deviation, mean - k * deviation, mean + k * deviation


def _moved(delta, threshold, direction):
    if direction == "down":
        return -delta > threshold
    if direction == "up":
        return delta > threshold
    return abs(delta) > threshold


def check(
    condition,
    value,
    threshold=0.0,
    status=None,
    target=None,
    previous=None,
    history=(),
    k=2.0,
    direction="any",
):
    """A `Firing` when `value` meets `condition`, else None (see the module's examples)."""
    if value is None:
        return None
    if condition == "below":
        return Firing(threshold) if value < threshold else None
    if condition == "above":
        return Firing(threshold) if value > threshold else None
    if condition in ("target_red", "target_amber"):
        statuses = ("red",) if condition == "target_red" else ("red", "amber")
        return Firing(target) if status in statuses else None
    if condition in ("change_points", "change_percent"):
        if previous is None:
            return None
        delta = value - previous
        if condition == "change_percent":
            if not previous:
                return None  # no share of nothing
            delta = delta / abs(previous) * 100.0
        return Firing(previous) if _moved(delta, threshold, direction) else None
    if condition == "band":
        limits = band(history, k)
        if limits is None:
            return None
        mean, deviation, lower, upper = limits
        if value < lower:
            return Firing(lower, mean, deviation)
        if value > upper:
            return Firing(upper, mean, deviation)
        return None
    raise ValueError(f"unknown alert condition {condition!r}")


def next_working_day(day, working_weekdays=(0, 1, 2, 3, 4)):
    """The first day after `day` whose weekday (Monday 0) is a working one: an alert's deadline.

    >>> from datetime import date
    >>> next_working_day(date(2026, 12, 4)), next_working_day(date(2026, 12, 2))
    (datetime.date(2026, 12, 7), datetime.date(2026, 12, 3))
    >>> next_working_day(date(2026, 12, 4), ())
    datetime.date(2026, 12, 5)
    """
    weekdays = set(working_weekdays) or set(range(7))
    following = day + timedelta(days=1)
    while following.weekday() not in weekdays:
        following += timedelta(days=1)
    return following
