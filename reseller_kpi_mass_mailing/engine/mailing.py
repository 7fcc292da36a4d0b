"""E-mail marketing of the contract (``mailing.*`` codes), in plain Python.

A sent e-mail is a trace of one of the company's mailings sent in the period that is neither in
error nor cancelled; delivered, bounced, opened and clicked are parts of them:

>>> agg = MailingAggregate(sent=10, delivered=8, bounced=2, opened=4, clicked=1, delivered_emails=8,
...                        unsubscribed=1, solicitations=6, reached=5, reacting=3, revenue=250.0)
>>> values = mailing_values(agg, active=3)
>>> values["mailing.delivery_rate"], values["mailing.open_rate"].value, values["mailing.click_to_open_rate"].value
(KpiValue(value=80.0, numerator=8, denominator=10, expected=None), 50.0, 25.0)
>>> values["mailing.solicitations_per_active"].value, values["mailing.unsubscribe_rate"].value
(2.0, 12.5)
>>> mailing_values(MailingAggregate(), active=0)["mailing.open_rate"].value is None
True
"""

from typing import NamedTuple

from odoo.addons.reseller_kpi.engine.codes import RATIO, SUM, _lt, family, kpi
from odoo.addons.reseller_kpi.engine.formulas import KpiValue, mean, rate

DELIVERED = ("sent", "open", "reply")  # trace statuses of a delivered e-mail
NOT_SENT = ("error", "cancel")  # trace statuses of an e-mail that never left
OPT_OUT_DAYS = 30  # an opt-out counts when a delivered e-mail came in the days before it


class MailingAggregate(NamedTuple):
    """What mailing_values() reads; the defaults are a period or campaign without any e-mail."""

    sent: int = 0
    delivered: int = 0
    bounced: int = 0
    opened: int = 0
    clicked: int = 0
    delivered_emails: int = 0  # distinct addresses delivered in the period
    unsubscribed: int = 0  # distinct addresses that opted out after a delivered e-mail
    solicitations: int = 0  # delivered e-mails whose customer is active at the period's end
    reached: int = 0  # customers delivered an e-mail
    reacting: int = 0  # of those, who opened or clicked one
    revenue: float = 0.0  # confirmed sales whose source is a mailing's


def _rate(code, label, numerator, denominator, description, better=True, context=()):
    return kpi(
        code,
        "percent",
        label,
        better,
        description,
        [(f"mailing:{numerator}", "numerator"), (f"mailing:{denominator}", "denominator")]
        + [(f"mailing:{name}", None) for name in context],
        grows=RATIO,
    )


# the family this add-on adds to the registry (reseller.kpi.collector._kpi_registry)
MAILING = family(
    "mailing",
    _lt("E-mail marketing"),
    ("utm.campaign",),
    [
        kpi(
            "mailing.sent",
            "count",
            _lt("E-mails sent"),
            True,
            _lt("Traces of the company's mailings sent in the period, neither in error nor cancelled"),
            [("mailing:sent",)],
            grows=SUM,
        ),
        _rate(
            "mailing.delivery_rate",
            _lt("Deliverability"),
            "delivered",
            "sent",
            _lt("Delivered e-mails (delivered, opened or replied) / e-mails sent × 100"),
            context=("bounced",),
        ),
        _rate(
            "mailing.bounce_rate",
            _lt("Bounce rate"),
            "bounced",
            "sent",
            _lt("Bounced e-mails / e-mails sent × 100"),
            better=False,
        ),
        _rate("mailing.open_rate", _lt("Open rate"), "opened", "delivered", _lt("Opened / delivered × 100")),
        _rate("mailing.click_rate", _lt("Click rate"), "clicked", "delivered", _lt("Clicked / delivered × 100")),
        _rate(
            "mailing.click_to_open_rate",
            _lt("Click-to-open rate"),
            "clicked",
            "opened",
            _lt("Clicked / opened × 100"),
        ),
        _rate(
            "mailing.unsubscribe_rate",
            _lt("Unsubscribe rate"),
            "unsubscribed",
            "delivered_emails",
            _lt(
                "Addresses that opted out in the period within 30 days of a delivered e-mail / "
                "addresses delivered in the period × 100"
            ),
            better=False,
        ),
        kpi(
            "mailing.solicitations_per_active",
            "count",
            _lt("E-mails per active customer"),
            False,
            _lt("Delivered e-mails whose customer is active / active customers (marketing pressure)"),
            [("mailing:solicitations", "numerator"), ("mailing:active_customers", "denominator")],
            grows=RATIO,
        ),
        _rate(
            "mailing.reactivity_rate",
            _lt("Reactivity"),
            "reacting_customers",
            "reached_customers",
            _lt("Customers who opened or clicked an e-mail delivered to them / customers delivered × 100"),
        ),
        kpi(
            "mailing.revenue",
            "amount",
            _lt("Revenue from e-mails"),
            True,
            _lt("Revenue of confirmed orders whose source is the source of one of the company's mailings"),
            [("mailing:order_lines", "value", "revenue")],
            grows=SUM,
        ),
    ],
    sequence=27,
    groups=("reseller_kpi.group_manager", "mass_mailing.group_mass_mailing_user"),
)


def mailing_values(agg, active):
    """agg: a MailingAggregate; active: the company's active customers at the period's end."""
    return {
        "mailing.sent": KpiValue(agg.sent),
        "mailing.delivery_rate": rate(agg.delivered, agg.sent),
        "mailing.bounce_rate": rate(agg.bounced, agg.sent),
        "mailing.open_rate": rate(agg.opened, agg.delivered),
        "mailing.click_rate": rate(agg.clicked, agg.delivered),
        "mailing.click_to_open_rate": rate(agg.clicked, agg.opened),
        "mailing.unsubscribe_rate": rate(agg.unsubscribed, agg.delivered_emails),
        "mailing.solicitations_per_active": mean(agg.solicitations, active),
        "mailing.reactivity_rate": rate(agg.reacting, agg.reached),
        "mailing.revenue": KpiValue(agg.revenue),
    }
