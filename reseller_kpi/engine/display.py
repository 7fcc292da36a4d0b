"""One display for every figure: the dashboard, the PDF reports, the digest and the monthly mail.

Plain Python: the caller gives a `Locale` (the reader's separators, the company
currency and a translation function); ``models/kpi_display.py`` builds it from
an Odoo environment. An empty value (a rate whose denominator is 0, a period
never computed) is written "—", never 0: a manager would read "0 % on time"
for a vendor that delivered nothing.

>>> value(EN, "percent", 50), value(EN, "days", 1.25), value(EN, "amount", 1100), value(EN, "count", None)
('50.0\\xa0%', '1.2\\xa0d', '$\\xa01,100.00', '—')

The same figures for a French reader (Odoo's fr_FR: decimal ",", thousands
"\\xa0", the euro after the amount), shown with "_" for the no-break spaces:

>>> FR = Locale(decimal_point=",", thousands_sep=NBSP, currency_symbol="€", currency_position="after")
>>> [value(FR, unit, number).replace(NBSP, "_") for unit, number in [("percent", 50), ("amount", 1100)]]
['50,0_%', '1_100,00_€']
>>> value(FR, "quantity", 12500.5).replace(NBSP, "_"), change(FR, {"delta": -1.25, "unit": "pp"})
('12_500,5', '−1,2\\xa0pts')
"""

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from .charts import sparkline

EMPTY = "—"
NBSP = "\N{NO-BREAK SPACE}"
MINUS = "\N{MINUS SIGN}"
# Odoo's format_amount glues the minus to the digits with it, so an amount never breaks after its sign
ZWNBSP = "\N{ZERO WIDTH NO-BREAK SPACE}"


def untranslated(source, *args, **kwargs):
    """The English text: what ``env._`` returns for en_US."""
    params = args or kwargs
    return source % params if params else source


class Locale:
    """How a reader writes numbers, the company currency and the translation of the few words.

    `grouping` is the digits of each group from the right, as Odoo's ``res.lang``
    (0 repeats the last one, -1 stops grouping); `translate` is called like
    ``env._(source, *args)`` or ``env._(source, **kwargs)``.
    """

    def __init__(
        self,
        decimal_point=".",
        thousands_sep=",",
        grouping=(3, 0),
        currency_symbol="",
        currency_position="after",
        currency_digits=2,
        currency_rounding=0.01,
        translate=untranslated,
    ):
        self.decimal_point = decimal_point
        self.thousands_sep = thousands_sep or ""
        self.grouping = tuple(grouping)
        self.currency_symbol = currency_symbol or ""
        self.currency_position = currency_position
        self.currency_digits = currency_digits
        self.currency_rounding = currency_rounding
        self.translate = translate

    def _(self, source, *args, **kwargs):
        # named `_` so that Odoo's extraction of translatable terms finds the texts of this module
        return self.translate(source, *args, **kwargs)


EN = Locale(currency_symbol="$", currency_position="before")


def _group(digits, grouping, separator):
    """`digits` grouped from the right as Odoo's ``res.lang`` does.

    >>> _group("1234567", (3, 0), ","), _group("1234567", (3, 2, -1), ","), _group("1234", (), ",")
    ('1,234,567', '12,34,567', '1234')
    """
    rest, parts, size = digits[::-1], [], len(digits)
    for count in grouping:
        if not rest or count == -1:
            break
        if count == 0:
            parts += [rest[index : index + size] for index in range(0, len(rest), size)]
            rest = ""
            break
        parts.append(rest[:count])
        rest, size = rest[count:], count
    if rest:
        parts.append(rest)
    return separator.join(part[::-1] for part in reversed(parts))


def _rounded(number, digits, step=None, half_up=False):
    # from the shortest decimal of the float, as Odoo's float_round: 2.675 is 2.68, not 2.67
    exact = Decimal(repr(float(number)))
    rounding = ROUND_HALF_UP if half_up else ROUND_HALF_EVEN
    if step:
        unit = Decimal(repr(float(step)))
        exact = (exact / unit).quantize(Decimal(1), rounding=rounding) * unit
    rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=rounding)
    return rounded if rounded else abs(rounded)  # no "-0.0"


def number(locale, number_value, digits=0, half_up=False):
    """`number_value` with `digits` decimals in the reader's separators (Odoo's formatLang).

    >>> number(EN, 1234.5, 2), number(EN, -0.04, 1), number(EN, 2.675, 2), number(EN, 0.125, 2)
    ('1,234.50', '0.0', '2.68', '0.12')
    """
    return _written(locale, _rounded(number_value, digits, half_up=half_up))


def _written(locale, rounded):
    integer, _dot, decimals = f"{abs(rounded):f}".partition(".")
    text = _group(integer, locale.grouping, locale.thousands_sep)
    if decimals:
        text = f"{text}{locale.decimal_point}{decimals}"
    return f"-{text}" if rounded < 0 else text


def money(locale, amount):
    """An amount of the company currency with its symbol (Odoo's format_amount).

    >>> money(EN, -1234.5), money(Locale(currency_symbol="€", currency_digits=0, currency_rounding=1), 99.5)
    ('$\\xa0-\\ufeff1,234.50', '100\\xa0€')
    """
    rounded = _rounded(amount, locale.currency_digits, locale.currency_rounding, half_up=True)
    text = _written(locale, rounded).replace(" ", NBSP).replace("-", f"-{ZWNBSP}")
    if not locale.currency_symbol:
        return text
    if locale.currency_position == "before":
        return f"{locale.currency_symbol}{NBSP}{text}"
    return f"{text}{NBSP}{locale.currency_symbol}"


def value(locale, unit, figure, short=False):
    """A figure of a registry unit; `short` writes an amount in whole units without its symbol (the range
    of a small chart).

    >>> [value(EN, unit, 2.5) for unit in ("score", "count", "quantity")], value(EN, "count", 7.0)
    (['2.5', '2.50', '2.5'], '7')
    >>> value(EN, "amount", 1100.4, short=True), value(EN, "percent", 0), value(EN, "days", False)
    ('1,100', '0.0\\xa0%', '—')
    """
    if figure is None or figure is False:
        return EMPTY
    if unit == "amount":
        return number(locale, figure) if short else money(locale, figure)
    if unit == "percent":
        return percent(locale, figure)
    if unit == "days":
        return locale._("%s d", number(locale, figure, 1)).replace(" ", NBSP)
    if unit == "score":
        return number(locale, figure, 1)
    if unit == "quantity":
        # without useless decimals: 4, 2.5, 2.25
        text = number(locale, figure, 2)
        if locale.decimal_point in text:
            text = text.rstrip("0").removesuffix(locale.decimal_point)
        return text
    # a count, or a ratio of counts (orders per active customer)
    return number(locale, figure, 0 if float(figure).is_integer() else 2)


def xlsx_number(unit, figure):
    """A figure as an Excel cell holds it: a percentage as a fraction (Excel's % format shows it × 100).

    >>> xlsx_number("percent", 12.5), xlsx_number("amount", 3), xlsx_number("count", None)
    (0.125, 3.0, None)
    """
    if figure is None or figure is False:
        return None
    return figure / 100.0 if unit == "percent" else float(figure)


def _quoted(text):
    return f'"{text}"' if text else ""


def _around(translated):
    """The text before and after the number in a translated pattern, quoted for an Excel format."""
    before, _mark, after = translated.partition("\x00")
    return _quoted(before.replace(NBSP, " ").replace('"', "")), _quoted(after.replace(NBSP, " ").replace('"', ""))


def xlsx_format(locale, unit, figure=None):
    """The Excel number format that writes a figure of `unit` as `value` does; Excel puts the reader's
    own separators.

    >>> xlsx_format(EN, "amount"), xlsx_format(Locale(currency_symbol="€", currency_digits=0), "amount")
    ('"$ "#,##0.00', '#,##0" €"')
    >>> [xlsx_format(EN, unit, 2.5) for unit in ("percent", "days", "score", "quantity", "count")]
    ['0.0%', '0.0" d"', '0.0', '#,##0.0#', '#,##0.00']
    >>> xlsx_format(EN, "count", 7.0), xlsx_format(EN, "quantity", 4)
    ('#,##0', '#,##0')
    """
    whole = figure is None or float(figure).is_integer()
    if unit == "amount":
        digits = f"#,##0.{'0' * locale.currency_digits}" if locale.currency_digits else "#,##0"
        symbol = locale.currency_symbol.replace('"', "")
        if not symbol:
            return digits
        return f'"{symbol} "{digits}' if locale.currency_position == "before" else f'{digits}" {symbol}"'
    if unit == "percent":
        return "0.0%"
    if unit == "days":
        before, after = _around(locale._("%s d", "\x00"))
        return f"{before}0.0{after}"
    if unit == "score":
        return "0.0"
    if unit == "quantity":
        return "#,##0" if whole else "#,##0.0#"
    return "#,##0" if whole else "#,##0.00"


def xlsx_change(locale, change_unit):
    """(number format, factor) of a change: points for a rate or a score, a relative % otherwise.

    >>> xlsx_change(EN, "pp"), xlsx_change(EN, "%")
    (('+0.0" pts";-0.0" pts";0.0" pts"', 1.0), ('+0.0%;-0.0%;0.0%', 0.01))
    """
    if change_unit == "pp":
        before, after = _around(locale._("%(sign)s%(number)s pts", sign="", number="\x00"))
        return ";".join(f"{sign}{before}0.0{after}" for sign in ("+", "-", "")), 1.0
    return "+0.0%;-0.0%;0.0%", 0.01


def percent(locale, figure, digits=1):
    return f"{number(locale, figure, digits)}{NBSP}%"


def change(locale, change_info, to_date=False):
    """The change of a dashboard card (``reseller_kpi_dashboard.change``): points for a rate or a score, a
    relative % otherwise, 0 decimals from 100 on; for a period in progress (`to_date`) the share of the
    reference reached so far. Empty when there is no basis.

    >>> change(EN, {"delta": 1000.0, "unit": "%"}), change(EN, {"delta": 13.82, "unit": "pp"})
    ('+1,000\\xa0%', '+13.8\\xa0pts')
    >>> change(EN, {"delta": -0.04, "unit": "%"}), change(EN, {"delta": None, "unit": None})
    ('±0.0\\xa0%', '')
    >>> change(EN, {"delta": None, "share": 49.6}, to_date=True), change(EN, {"delta": 5, "share": None}, True)
    ('so far 50\\xa0%', '')
    """
    if to_date:
        # part of a period in progress against a whole one: a share, not a better or worse
        share = change_info.get("share")
        return locale._("so far %s", percent(locale, share, 0)) if share is not None else ""
    delta = change_info.get("delta")
    if delta is None:
        return ""
    rounded = _rounded(abs(delta), 0 if abs(delta) >= 100 else 1)
    sign = "±" if not rounded else ("+" if delta > 0 else MINUS)
    text = _written(locale, rounded)
    if change_info.get("unit") == "pp":
        return locale._("%(sign)s%(number)s pts", sign=sign, number=text).replace(" ", NBSP)
    return f"{sign}{text}{NBSP}%"


def comparison(locale, unit, change_info, to_date=False):
    """The dashboard's line under a card's value: the change, or what the reference was when there is no
    change to show.

    >>> comparison(EN, "amount", {"reference": 0.0, "delta": None, "unit": None})
    'was $\\xa00.00'
    >>> comparison(EN, "amount", {"reference": 200.0, "delta": None, "share": 50.0}, to_date=True)
    'so far 50\\xa0% of $\\xa0200.00'
    >>> comparison(EN, "count", {"reference": None, "delta": None}), comparison(EN, "count", {"reference": 4}, True)
    ('no comparison', 'whole period: 4')
    """
    reference = change_info.get("reference")
    reference_text = value(locale, unit, reference)
    if to_date:
        share = change_info.get("share")
        if share is None:
            return "" if reference is None else locale._("whole period: %s", reference_text)
        return locale._("so far %(share)s of %(reference)s", share=percent(locale, share, 0), reference=reference_text)
    if change_info.get("delta") is None:
        return locale._("no comparison") if reference is None else locale._("was %s", reference_text)
    return change(locale, change_info)


def target(locale, unit, target_info):
    """The dashboard's line of a card's target: its value and the share achieved.

    >>> target(EN, "amount", {"value": 200.0, "achieved": 125.0}), target(EN, "percent", {"value": 5, "achieved": None})
    ('target $\\xa0200.00 · 125.0\\xa0% achieved', 'target 5.0\\xa0%')
    >>> target(EN, "amount", {"value": 1500.0, "achieved": 34.7, "pace": {"projected": 1560.0, "achieved": 104.0}})
    'target $\\xa01,500.00 · 34.7\\xa0% achieved · on pace for 104\\xa0%'
    """
    target_text = value(locale, unit, target_info["value"])
    if target_info.get("achieved") is None:
        text = locale._("target %s", target_text)
    else:
        text = locale._(
            "target %(target)s · %(achieved)s achieved",
            target=target_text,
            achieved=percent(locale, target_info["achieved"]),
        )
    pace = target_info.get("pace")
    if pace and pace.get("achieved") is not None:
        text = locale._("%(target)s · on pace for %(pace)s", target=text, pace=percent(locale, pace["achieved"], 0))
    return text


def spark(locale, unit, figures, width=90.0, height=22.0, pad=2.5):
    """A sparkline of `figures` (``charts.sparkline``) with the text of each figure and of its range.

    >>> line = spark(EN, "amount", [None, 0.0, 1100.0], width=20, height=10, pad=0)
    >>> line["path"], line["texts"], line["range"]
    ('M10.0,10.0 L20.0,0.0', ['—', '$\\xa00.00', '$\\xa01,100.00'], ('0', '1,100'))
    """
    line = sparkline(figures, width, height, pad)
    return {
        "line": line,
        "path": line.path,
        "dots": [list(dot) for dot in line.dots],
        "texts": [value(locale, unit, figure) for figure in figures],
        "range": (value(locale, unit, line.low, short=True), value(locale, unit, line.high, short=True))
        if line.low is not None
        else None,
    }


def card(locale, card_info):
    """The texts a dashboard card shows, from its figures (keys of ``_sections``' cards).

    >>> texts = card(EN, {"unit": "percent", "value": 53.8, "to_date": False,
    ...     "change": {"reference": 40.0, "delta": 13.8, "unit": "pp"}, "target": None,
    ...     "spark": [{"label": "February", "value": None}, {"label": "March", "value": 53.8}]})
    >>> texts["value_text"], texts["reference_text"], texts["change_text"], texts["comparison_text"]
    ('53.8\\xa0%', '40.0\\xa0%', '+13.8\\xa0pts', '+13.8\\xa0pts')
    >>> texts["target_text"], texts["spark_texts"], texts["spark_path"]
    ('', ['—', '53.8\\xa0%'], 'M96.0,12.0')
    """
    unit, change_info, to_date = card_info["unit"], card_info["change"], card_info["to_date"]
    target_info = card_info.get("target")
    # the dashboard's 96 x 24 box
    line = spark(locale, unit, [point["value"] for point in card_info["spark"]], 96.0, 24.0, 2.0)
    expected, waiting = card_info.get("expected"), card_info.get("waiting")
    so_far = ""
    if expected is not None and card_info.get("denominator") is not None:
        # what a rate of a period in progress judges: the lines due so far, not those due later
        texts = {"due": number(locale, card_info["denominator"]), "expected": number(locale, expected)}
        if card_info.get("expected_measure", "count") == "count":
            so_far = locale._("lines due so far: %(due)s of %(expected)s", **texts)
        else:
            so_far = locale._("quantity due so far: %(due)s of %(expected)s", **texts)
    return {
        "value_text": locale._("not yet posted") if waiting else value(locale, unit, card_info["value"]),
        "so_far_text": so_far,
        "reference_text": value(locale, unit, change_info.get("reference")),
        "change_text": change(locale, change_info, to_date),
        "comparison_text": comparison(locale, unit, change_info, to_date),
        "target_value_text": value(locale, unit, target_info["value"]) if target_info else "",
        "target_text": target(locale, unit, target_info) if target_info else "",
        "spark_texts": line["texts"],
        "spark_path": line["path"],
        "spark_dots": line["dots"],
    }
