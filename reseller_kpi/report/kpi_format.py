"""How the PDF reports write a stored figure: in the reader's language, "—" for an empty value.

An empty value (a rate whose denominator is 0, or a period never computed) is
never written as 0: a manager would read "0 % on time" for a vendor that
delivered nothing.
"""

from odoo.tools.misc import formatLang

EMPTY = "—"
NBSP = "\N{NO-BREAK SPACE}"


def number(env, value, digits):
    return EMPTY if value is None else formatLang(env, value, digits=digits)


def quantity(env, value):
    """A quantity without useless decimals: 4, 2.5."""
    if value is None:
        return EMPTY
    return formatLang(env, value, digits=0 if float(value).is_integer() else 2)


def figure(env, unit, value, currency=None):
    """A stored value of a registry unit: 60.0 %, 1.2 d, 1,010.00, 7."""
    if value is None:
        return EMPTY
    if unit == "percent":
        return f"{formatLang(env, value, digits=1)}{NBSP}%"
    if unit == "days":
        return f"{formatLang(env, value, digits=1)}{NBSP}{env._('d')}"
    if unit == "amount":
        return formatLang(env, value, digits=currency.decimal_places if currency else 2)
    if unit == "quantity":
        return quantity(env, value)
    return formatLang(env, value, digits=0 if float(value).is_integer() else 1)


def change(env, unit, value, reference):
    """Against the previous period: points for a rate, a relative % for an amount; "—" without basis."""
    if value is None or reference is None:
        return EMPTY
    delta = value - reference
    if unit in ("percent", "score"):
        return f"{_signed(env, delta)}{NBSP}{env._('pts')}"
    if not reference:
        return EMPTY
    return f"{_signed(env, delta / abs(reference) * 100)}{NBSP}%"


def _signed(env, number_value):
    text = formatLang(env, abs(number_value), digits=1)
    if round(number_value, 1) == 0:
        return text
    return ("+" if number_value > 0 else "−") + text
