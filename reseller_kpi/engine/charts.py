"""Small charts of the printed reports, drawn as SVG geometry on the server (no JavaScript in a PDF).

Plain Python: the report model turns these numbers into ``<svg>`` elements of its QWeb template.
"""

from typing import NamedTuple


class Sparkline(NamedTuple):
    path: str  # the SVG path of the line; empty periods break it
    dots: tuple  # (x, y) of points without a neighbour, which a path alone would not show
    last: tuple | None  # (x, y) of the last period (the one the report is about), None when empty
    low: float | None
    high: float | None


def sparkline(values, width=90.0, height=22.0, pad=2.5):
    """A sparkline of `values` (None for a period without value) in a `width` x `height` box.

    >>> line = sparkline([0, 5, 10], width=20, height=10, pad=0)
    >>> line.path, line.last
    ('M0.0,10.0 L10.0,5.0 L20.0,0.0', (20.0, 0.0))
    >>> sparkline([3, None, 3], width=20, height=10, pad=0).dots
    ((0.0, 5.0), (20.0, 5.0))
    >>> sparkline([None, None]).path, sparkline([None, None]).last
    ('', None)
    """
    numbers = [v for v in values if v is not None]
    if not numbers:
        return Sparkline("", (), None, None, None)
    low, high = min(numbers), max(numbers)
    step = width / (len(values) - 1) if len(values) > 1 else 0.0
    points = []
    for index, value in enumerate(values):
        if value is None:
            points.append(None)
            continue
        # a flat line sits in the middle; otherwise the lowest value on the bottom edge
        ratio = 0.5 if high == low else (value - low) / (high - low)
        points.append((round(index * step, 1), round(height - pad - ratio * (height - 2 * pad), 1)))
    segments, dots = [], []
    pen = "M"
    for index, point in enumerate(points):
        if point is None:
            pen = "M"
            continue
        segments.append(f"{pen}{point[0]:.1f},{point[1]:.1f}")
        before = points[index - 1] if index else None
        after = points[index + 1] if index + 1 < len(points) else None
        if before is None and after is None:
            dots.append(point)
        pen = "L"
    return Sparkline(" ".join(segments), tuple(dots), points[-1], low, high)


def bar_width(value, largest, width=100.0):
    """The length of a horizontal bar for `value` against the largest absolute value shown.

    >>> bar_width(50, 200), bar_width(-200, 200), bar_width(None, 200), bar_width(5, 0)
    (25.0, 100.0, 0.0, 0.0)
    """
    if value is None or not largest:
        return 0.0
    return round(min(abs(value) / abs(largest), 1.0) * width, 1)
