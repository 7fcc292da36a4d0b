"""Plain-Python core of the KPIs: periods, codes and formulas, no ORM."""

from . import codes, formulas, periods
