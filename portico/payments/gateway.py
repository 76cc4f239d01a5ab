"""The one adapter to Stripe: the official SDK, pointed by STRIPE_API_BASE at Stripe or at the
sandbox, with the operating (platform) key for Checkout and the trust key to read the trust
account. The same code runs against both (reference/stripe-sandbox.md section 1)."""

from __future__ import annotations

import functools

import stripe
from django.conf import settings


def http_client() -> stripe.HTTPClient | None:
    """The SDK's own HTTP client (None); tests route it into this process."""
    return None


def client(key: str | None = None) -> stripe.StripeClient:
    return stripe.StripeClient(
        key or settings.STRIPE_OPERATING_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        # retried with the same idempotency key: connection errors, 409 and 5xx
        max_network_retries=2,
        http_client=http_client(),
    )


@functools.cache
def _trust_account(base: str, key: str) -> str:
    return client(key).v1.accounts.retrieve_current().id


def trust_account_id() -> str:
    """The connected account that holds client money (asked of Stripe with the trust key)."""
    return _trust_account(settings.STRIPE_API_BASE, settings.STRIPE_TRUST_KEY)


def create_checkout_session(
    *,
    amount_minor: int,
    currency: str,
    name: str,
    metadata: dict[str, str],
    success_url: str,
    cancel_url: str,
    customer_email: str | None,
    idempotency_key: str,
    to_trust: bool,
):
    payment_intent_data: dict = {"metadata": metadata}
    if to_trust:
        # a destination charge: the whole amount goes to trust; Stripe's fee, refunds and
        # disputes are taken from operating, the platform (section 6)
        payment_intent_data["transfer_data"] = {"destination": trust_account_id()}
    params: dict = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": currency.lower(),
                    "unit_amount": amount_minor,
                    "product_data": {"name": name},
                },
            }
        ],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "client_reference_id": metadata["attempt_id"],
        "metadata": metadata,
        "payment_intent_data": payment_intent_data,
    }
    if customer_email:
        params["customer_email"] = customer_email
    return client().v1.checkout.sessions.create(params, {"idempotency_key": idempotency_key})


def retrieve_checkout_session(session_id: str):
    return client().v1.checkout.sessions.retrieve(session_id, {"expand": ["payment_intent"]})


def retrieve_charge(charge_id: str):
    return client().v1.charges.retrieve(charge_id)


def verify_webhook(payload: bytes, signature: str) -> stripe.Event:
    """The event, if `signature` signs exactly `payload` with our secret within 5 minutes;
    raises ValueError or stripe.SignatureVerificationError otherwise."""
    return stripe.Webhook.construct_event(
        payload, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance=300
    )


def trust_balance_transactions(created_lte: int):
    """Every movement of the trust account up to `created_lte` (a unix time)."""
    trust = client(settings.STRIPE_TRUST_KEY)
    page = trust.v1.balance_transactions.list({"created": {"lte": created_lte}, "limit": 100})
    return list(page.auto_paging_iter())
