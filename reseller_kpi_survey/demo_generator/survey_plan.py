"""Satisfaction surveys of the demo reseller, planned in plain Python from its orders.

The rules are the add-on's own: a delivered order's contact is invited
DELAY_DAYS after the delivery, at most once per customer within QUIET_DAYS,
never when the customer opted out. Late deliveries make unhappy customers.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

DELAY_DAYS = 7
QUIET_DAYS = 90
RESPONSE_PROBABILITY = 0.45
OPT_OUT_EVERY = 23  # one customer in 23 refuses surveys
FOLLOW_UP_DAYS = 30  # detractors of the last month still have their follow-up activity open

COMMENTS_DETRACTOR = (
    "Livraison en retard, personne ne nous a prévenus.",
    "Colis incomplet, il a fallu relancer deux fois.",
    "Delivery came a week late and support did not answer.",
    "Produit correct mais délai beaucoup trop long.",
)
COMMENTS_OTHER = (
    "Très bon suivi commercial.",
    "RAS, commande conforme.",
    "Fast delivery, thanks!",
    "",
)


@dataclass
class Invitation:
    order: int  # index in plan.orders
    invited_at: datetime  # local
    answered_at: datetime = None  # local, None without an answer
    nps: int = None
    ces: int = None
    csat: int = None
    comment: str = ""


def is_late(order, products):
    promised = order.commitment_date
    if promised is None:
        lead_days = max(products[line.product].sale_delay for line in order.lines)
        promised = order.date_order + timedelta(days=lead_days)
    return order.delivery_date.date() > promised.date()


def opted_out(customer_index):
    return customer_index % OPT_OUT_EVERY == OPT_OUT_EVERY - 1


def build_survey_plan(plan, seed=42):
    """The invitations and answers of `plan` (a demo_generator Plan), oldest first."""
    rng = random.Random(seed * 7919 + 1)
    end = datetime.combine(plan.end, time(23, 59))
    delivered = sorted(
        (index for index, order in enumerate(plan.orders) if order.state == "sale" and order.delivery_date),
        key=lambda index: (plan.orders[index].delivery_date, index),
    )
    last_invited = {}
    invitations = []
    for index in delivered:
        order = plan.orders[index]
        if opted_out(order.customer):
            continue
        invited_at = datetime.combine(order.delivery_date.date() + timedelta(days=DELAY_DAYS), time(10, 0))
        if invited_at > end:
            continue
        previous = last_invited.get(order.customer)
        if previous and (invited_at - previous).days < QUIET_DAYS:
            continue
        last_invited[order.customer] = invited_at
        invitation = Invitation(index, invited_at)
        invitations.append(invitation)
        if rng.random() >= RESPONSE_PROBABILITY:
            continue
        answered_at = invited_at + timedelta(
            days=rng.randint(0, 10), hours=rng.randint(0, 9), minutes=rng.randint(0, 59)
        )
        if answered_at > end:
            continue
        late = is_late(order, plan.products)
        roll = rng.random()
        promoter, detractor = (0.2, 0.5) if late else (0.55, 0.15)
        if roll < promoter:
            invitation.nps, invitation.csat = rng.choice((9, 10)), 5
        elif roll < promoter + detractor:
            invitation.nps, invitation.csat = rng.choice((0, 2, 3, 4, 5, 6, 6)), rng.choice((1, 2, 3))
        else:
            invitation.nps, invitation.csat = rng.choice((7, 8)), rng.choice((3, 4))
        invitation.ces = rng.randint(2, 5) if late else rng.randint(4, 7)
        comments = COMMENTS_DETRACTOR if invitation.nps <= 6 else COMMENTS_OTHER
        invitation.comment = rng.choice(comments) if invitation.nps <= 6 or rng.random() < 0.3 else ""
        invitation.answered_at = answered_at
    return invitations


def survey_summary(invitations):
    """Counts the database must show once the invitations are created."""
    answered = [i for i in invitations if i.answered_at]
    return {
        "survey_invitations": len(invitations),
        "survey_responses": len(answered),
        "survey_promoters": sum(1 for i in answered if i.nps >= 9),
        "survey_detractors": sum(1 for i in answered if i.nps <= 6),
    }


def recent_detractors(invitations, end):
    """The detractors answered in the FOLLOW_UP_DAYS ending on `end` (whose activity is still open)."""
    return [
        i for i in invitations if i.answered_at and i.nps <= 6 and (end - i.answered_at.date()).days < FOLLOW_UP_DAYS
    ]
