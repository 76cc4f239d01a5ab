"""Online payments: each Pay Now or Fund Now is a `CheckoutAttempt` (its idempotency key is
stored before Stripe is called), and each Stripe event is recorded once (`StripeEvent`)."""

from __future__ import annotations

from django.db import models

from portico.core.models import FirmOwned


class CheckoutAttempt(FirmOwned):
    class Purpose(models.TextChoices):
        INVOICE = "invoice", "Invoice payment"
        TRUST = "trust", "Trust funding"

    class Status(models.TextChoices):
        STARTED = "started", "Started"  # key stored, no session yet
        OPEN = "open", "Waiting for payment"
        PAID = "paid", "Paid"
        EXPIRED = "expired", "Expired"

    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    case = models.ForeignKey("matters.Case", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey("clients.Contact", on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(
        "money.Invoice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    idempotency_key = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.STARTED)
    session_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    checkout_url = models.TextField(blank=True, default="")
    payment_intent_id = models.CharField(max_length=255, blank=True, default="")
    # the last decline the customer met on the checkout page, in Stripe's words
    last_error = models.CharField(max_length=500, blank=True, default="")
    # for a trust funding: what Stripe transferred to the trust account (must be the gross)
    trust_credit_minor = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_minor__gt=0), name="checkout_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.amount_minor} {self.currency}"


class StripeEvent(FirmOwned):
    """A Stripe event processed: the unique event id, written in the same transaction as what it
    posted, so a second delivery (or twenty at once) finds it and does nothing."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    attempt = models.ForeignKey(
        CheckoutAttempt, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.event_id
