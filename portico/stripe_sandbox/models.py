"""The sandbox's own state: Stripe's objects as JSON, and the idempotency keys it has seen.

None of this is a firm's data: it stands in for Stripe's side of the wire, so it carries no
firm and no row-level security, and only exists in demo and test mode."""

from __future__ import annotations

from django.db import models


class SandboxObject(models.Model):
    """One Stripe object (checkout.session, payment_intent, charge, refund, balance_transaction,
    event), kept as Stripe would return it, in the account it belongs to."""

    id = models.CharField(primary_key=True, max_length=64)
    kind = models.CharField(max_length=40, db_index=True)
    account = models.CharField(max_length=64, db_index=True)
    data = models.JSONField()
    created = models.BigIntegerField(db_index=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


class SandboxIdempotencyKey(models.Model):
    """The first response to a (secret key, Idempotency-Key), replayed for the same request."""

    api_key_digest = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    request_digest = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["api_key_digest", "key"], name="stripe_sandbox_one_response_per_key"
            )
        ]

    def __str__(self) -> str:
        return self.key
