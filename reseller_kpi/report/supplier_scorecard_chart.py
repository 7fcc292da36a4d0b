"""A small bar chart of twelve monthly values, drawn as SVG on the server (no JavaScript in a PDF).

>>> svg = bar_chart([50.0, None, 100.0], ["J", "F", "M"], maximum=100.0)
>>> svg.count("<rect")  # two bars on their tracks, none for the empty month
4
>>> 'height="0.0"' in svg
False
"""

from markupsafe import Markup, escape

BAR = "#4c7ba6"
LAST_BAR = "#1f4e79"
EMPTY_MARK = "#c8c8c8"
AXIS = "#9a9a9a"
TEXT = "#6c757d"
TRACK = "#e9eef3"


def bar_chart(values, labels, maximum=None, width=220, height=56):
    """Bars of `values` (None: a grey dash, no bar) over a base line, the last bar darker.

    `maximum` fixes the top of the scale (100 for a rate): each measured month then shows its full
    track, so a 0 reads as an empty bar of 100 and not as a missing month; otherwise the scale tops at
    the largest value.
    """
    count = max(len(values), 1)
    label_height = 11
    plot_height = height - label_height - 2
    top = maximum or max((v for v in values if v is not None), default=0) or 1.0
    slot = width / count
    bar_width = slot * 0.66
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="o_reseller_kpi_chart">',
        f'<line x1="0" y1="{plot_height + 0.5}" x2="{width}" y2="{plot_height + 0.5}" '
        f'stroke="{AXIS}" stroke-width="1"/>',
    ]
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        x = index * slot + (slot - bar_width) / 2
        if value is None:
            parts.append(
                f'<line x1="{x:.1f}" y1="{plot_height - 1.5}" x2="{x + bar_width:.1f}" y2="{plot_height - 1.5}" '
                f'stroke="{EMPTY_MARK}" stroke-width="1.5"/>'
            )
        else:
            if maximum:
                parts.append(
                    f'<rect x="{x:.1f}" y="0" width="{bar_width:.1f}" height="{plot_height:.1f}" fill="{TRACK}"/>'
                )
            # a 0 still shows as a hairline: a measured zero is not an empty month
            bar = max(min(value, top) / top * plot_height, 1.0) if value > 0 else 1.0
            color = LAST_BAR if index == count - 1 else BAR
            parts.append(
                f'<rect x="{x:.1f}" y="{plot_height - bar:.1f}" width="{bar_width:.1f}" height="{bar:.1f}" '
                f'fill="{color}"/>'
            )
        parts.append(
            f'<text x="{x + bar_width / 2:.1f}" y="{height - 2}" font-size="8" text-anchor="middle" '
            f'fill="{TEXT}" font-family="sans-serif">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
