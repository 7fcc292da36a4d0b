"""Calendar periods of the contract, in a company's time zone.

A period is a calendar ``month``, ``quarter``, ``year`` or ISO ``week``;
``date_start`` and ``date_end`` are both inclusive local dates.

>>> period_of(date(2026, 2, 14), "quarter")
Period(period_type='quarter', date_start=datetime.date(2026, 1, 1), date_end=datetime.date(2026, 3, 31))
"""

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

import pytz
from dateutil.relativedelta import relativedelta

PERIOD_TYPES = ("week", "month", "quarter", "year")


class Period(NamedTuple):
    period_type: str
    date_start: date
    date_end: date

    def previous(self):
        return period_of(self.date_start - timedelta(days=1), self.period_type)

    def next(self):
        return period_of(self.date_end + timedelta(days=1), self.period_type)

    @property
    def days(self):
        return (self.date_end - self.date_start).days + 1


def period_of(day, period_type="month"):
    """The period of type `period_type` that contains the local date `day`."""
    if period_type == "week":
        start = day - timedelta(days=day.weekday())
        return Period("week", start, start + timedelta(days=6))
    if period_type == "month":
        start = day.replace(day=1)
        return Period("month", start, start + relativedelta(months=1, days=-1))
    if period_type == "quarter":
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return Period("quarter", start, start + relativedelta(months=3, days=-1))
    if period_type == "year":
        return Period("year", date(day.year, 1, 1), date(day.year, 12, 31))
    raise ValueError(f"Unknown period type {period_type!r}; expected one of {', '.join(PERIOD_TYPES)}")


def periods_between(first_day, last_day, period_types=("month",)):
    """Every period of the given types that overlaps [first_day, last_day], oldest first."""
    if last_day < first_day:
        raise ValueError("The end of the range comes before its start.")
    result = []
    for period_type in period_types:
        period = period_of(first_day, period_type)
        while period.date_start <= last_day:
            result.append(period)
            period = period.next()
    return sorted(result, key=lambda p: (p.date_start, p.date_end, PERIOD_TYPES.index(p.period_type)))


def utc_bounds(first_day, last_day, tz_name):
    """Naive UTC datetimes [start, stop[ covering local days first_day..last_day in `tz_name`.

    Odoo stores datetimes as naive UTC; a record falls in the local range when
    start <= its datetime < stop.
    """
    tz = pytz.timezone(tz_name or "UTC")

    def to_utc(day):
        return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

    return to_utc(first_day), to_utc(last_day + timedelta(days=1))


def local_date(utc_datetime, tz_name):
    """Local date in `tz_name` of a naive UTC datetime."""
    return pytz.utc.localize(utc_datetime).astimezone(pytz.timezone(tz_name or "UTC")).date()


def rolling_year(last_day):
    """The 365 days ending on `last_day` (the contract's "last 365 days")."""
    return last_day - timedelta(days=364), last_day
