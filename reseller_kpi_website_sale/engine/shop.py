"""The web shop of the contract (``shop.*`` codes), in plain Python.

A cart is a web order of one of the company's websites with a product line, for someone else than
the website's public partner; validated when confirmed, abandoned when still a quotation after the
website's delay:

>>> agg = ShopAggregate(carts=8, validated=3, abandoned=4, abandoned_value=420.0, visitors=50,
...                     converted=2, signups=5, product_views=120)
>>> values = shop_values(agg)
>>> values["shop.validated_rate"], values["shop.abandoned_rate"].value, values["shop.conversion_rate"].value
(KpiValue(value=37.5, numerator=3, denominator=8, expected=None), 50.0, 4.0)
>>> shop_values(ShopAggregate())["shop.conversion_rate"].value is None
True
"""

from typing import NamedTuple

from odoo.addons.reseller_kpi.engine.codes import RATIO, SUM, _lt, family, kpi
from odoo.addons.reseller_kpi.engine.formulas import KpiValue, rate

ABANDONED_DELAY_HOURS = 1.0  # Odoo's own default when a website has no delay


class ShopAggregate(NamedTuple):
    """What shop_values() reads; the defaults are a period or website without any cart or visit."""

    carts: int = 0
    validated: int = 0
    abandoned: int = 0
    abandoned_value: float = 0.0  # Σ untaxed amount of the abandoned carts, company currency
    visitors: int = 0
    converted: int = 0  # customers with a validated cart ordered in the period
    signups: int = 0
    product_views: int = 0


# the family this add-on adds to the registry (reseller.kpi.collector._kpi_registry)
SHOP = family(
    "shop",
    _lt("Web shop"),
    ("website",),
    [
        kpi(
            "shop.carts",
            "count",
            _lt("Carts"),
            True,
            _lt("Web orders with a product line created in the period, but the public user's"),
            [("shop:carts",)],
            grows=SUM,
        ),
        kpi(
            "shop.validated_rate",
            "percent",
            _lt("Validated carts"),
            True,
            _lt("Carts confirmed / carts × 100"),
            [("shop:validated", "numerator"), ("shop:carts", "denominator")],
            grows=RATIO,
        ),
        kpi(
            "shop.abandoned_rate",
            "percent",
            _lt("Abandoned carts"),
            False,
            _lt("Carts still quotations after the website's abandoned delay / carts × 100"),
            [("shop:abandoned", "numerator"), ("shop:carts", "denominator")],
            grows=RATIO,
        ),
        kpi(
            "shop.abandoned_value",
            "amount",
            _lt("Value of abandoned carts"),
            False,
            _lt("Σ untaxed amount of the abandoned carts, in company currency"),
            [("shop:abandoned", "value", "untaxed_amount")],
            grows=SUM,
        ),
        kpi(
            "shop.visitors",
            "count",
            _lt("Visitors"),
            True,
            _lt("Visitors with a tracked page view in the period"),
            [("shop:visitors",)],
            grows=RATIO,
        ),
        kpi(
            "shop.conversion_rate",
            "percent",
            _lt("Conversion rate"),
            True,
            _lt("Customers with a validated cart ordered in the period / visitors × 100"),
            [("shop:converted", "numerator"), ("shop:visitors", "denominator")],
            grows=RATIO,
        ),
        kpi(
            "shop.signups",
            "count",
            _lt("Sign-ups"),
            True,
            _lt("Portal users created in the period"),
            [("shop:signups",)],
            grows=SUM,
        ),
        kpi(
            "shop.product_views",
            "count",
            _lt("Product views"),
            True,
            _lt("Tracked views of product pages in the period"),
            [("shop:product_views",)],
            grows=SUM,
        ),
    ],
    sequence=15,
    groups=("reseller_kpi.group_manager", "sales_team.group_sale_salesman_all_leads", "website.group_website_designer"),
)


def shop_values(agg):
    """agg: a ShopAggregate."""
    return {
        "shop.carts": KpiValue(agg.carts),
        "shop.validated_rate": rate(agg.validated, agg.carts),
        "shop.abandoned_rate": rate(agg.abandoned, agg.carts),
        "shop.abandoned_value": KpiValue(agg.abandoned_value),
        "shop.visitors": KpiValue(agg.visitors),
        "shop.conversion_rate": rate(agg.converted, agg.visitors),
        "shop.signups": KpiValue(agg.signups),
        "shop.product_views": KpiValue(agg.product_views),
    }
