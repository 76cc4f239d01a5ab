"""The trust account's balance as Stripe reports it, for the money app's three-way
reconciliation: for each card deposit this firm took into trust by the month's end, what Stripe
actually transferred to the trust account (less what a refund took back), plus the firm's own
record of the money that never passed through Stripe (checks, wires, applications, refunds)."""

from __future__ import annotations

import datetime

import stripe
from django.db.models import Sum

from portico.money.models import Method, TrustEntry
from portico.payments import gateway
from portico.payments.models import CheckoutAttempt


def trust_account_balance(firm, month_end: datetime.datetime) -> int | None:
    paid = CheckoutAttempt.objects.for_firm(firm.id).filter(
        purpose=CheckoutAttempt.Purpose.TRUST,
        status=CheckoutAttempt.Status.PAID,
        paid_at__lte=month_end,
    )
    through_stripe = 0
    try:
        for attempt in paid:
            pi = gateway.client().v1.payment_intents.retrieve(attempt.payment_intent_id)
            charge = gateway.retrieve_charge(pi.latest_charge)
            credited = charge.amount if charge.to_dict().get("transfer") else 0
            through_stripe += credited - (charge.amount_refunded if credited else 0)
    except stripe.StripeError:
        return None  # Stripe could not say: the report shows "not reported"
    elsewhere = (
        TrustEntry.objects.for_firm(firm.id)
        .filter(posted_at__lte=month_end)
        .exclude(method=Method.CARD, kind=TrustEntry.Kind.DEPOSIT)
        .aggregate(s=Sum("delta_minor"))["s"]
        or 0
    )
    return through_stripe + elsewhere
