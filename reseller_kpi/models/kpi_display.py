"""The one display of the figures (``engine/display.py``) for an Odoo reader: the separators of their
language (``res.lang``), the company currency and the add-on's translations."""

import ast

from odoo.tools.misc import get_lang

from ..engine import display


def locale(env, currency=None):
    """The `display.Locale` of the user of `env` for amounts of `currency` (the company's by default)."""
    lang = get_lang(env)
    currency = currency or env.company.currency_id
    return display.Locale(
        decimal_point=lang.decimal_point,
        thousands_sep=lang.thousands_sep,
        grouping=ast.literal_eval(lang.grouping or "[]"),
        currency_symbol=currency.symbol,
        currency_position=currency.position,
        currency_digits=currency.decimal_places,
        currency_rounding=currency.rounding,
        translate=env._,
    )
