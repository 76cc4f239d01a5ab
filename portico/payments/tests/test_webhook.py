"""The webhook: signed on the raw body with a 5-minute tolerance, each event processed once,
also when twenty copies arrive at once (items 13 and 14 of section 6)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from portico.money.models import Payment
from portico.payments import actions
from portico.payments.models import CheckoutAttempt, StripeEvent
from portico.testing.factories import carol_of, make_case
from portico.testing.money import put_invoice
from portico.testing.stripe import signed
from portico.testing.walls import database_fingerprint

CARD = "4242 4242 4242 4242"


def paid_and_held(sandbox, harbor, alice, settings, capture):
    """carol paid $10.00 on the sandbox; its webhooks are held, not yet delivered. The
    `checkout.session.completed` delivery's body."""
    settings.STRIPE_SANDBOX_WEBHOOKS = "hold"
    carol = carol_of(harbor)
    case = make_case(harbor, [carol], name="Marsh", actor=alice)
    invoice = put_invoice(case, carol, alice, amounts=(125000,))
    attempt = actions.start_checkout(
        purpose="invoice",
        case=case,
        contact=carol,
        invoice=invoice,
        amount_minor=1000,
        actor=None,
        return_url="http://testserver/portal/payments/{attempt}/",
    )
    with capture(execute=True):
        sandbox.pay(attempt.checkout_url, CARD)
    from portico.stripe_sandbox.models import SandboxObject

    event = next(
        r.data
        for r in SandboxObject.objects.filter(kind="event")
        if r.data["type"] == "checkout.session.completed"
    )
    import json

    return json.dumps(event).encode()


def deliver(client: Client, body: bytes, signature: str):
    return client.post(
        "/payments/webhook",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )


@pytest.mark.django_db
def test_the_same_webhook_twice_posts_one_payment(
    payments_sandbox, harbor, alice, settings, django_capture_on_commit_callbacks
):
    body = paid_and_held(
        payments_sandbox, harbor, alice, settings, django_capture_on_commit_callbacks
    )
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        first = deliver(client, body, signed(body))
        second = deliver(client, body, signed(body))
    assert first.json()["result"] == "processed"
    assert second.status_code == 200 and second.json()["result"] == "duplicate"
    assert Payment.objects.count() == 1
    assert StripeEvent.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case", ["bad signature", "altered body", "old timestamp", "no header", "wrong secret"]
)
def test_an_unverified_webhook_is_a_400_and_writes_nothing(
    payments_sandbox, harbor, alice, settings, django_capture_on_commit_callbacks, case
):
    body = paid_and_held(
        payments_sandbox, harbor, alice, settings, django_capture_on_commit_callbacks
    )
    signature = signed(body)
    if case == "bad signature":
        signature = signature[:-4] + ("0000" if not signature.endswith("0000") else "1111")
    elif case == "altered body":
        body = body.replace(b'"amount_total": 1000', b'"amount_total": 1')
    elif case == "old timestamp":
        signature = signed(body, timestamp=int(time.time()) - 301)
    elif case == "no header":
        signature = ""
    elif case == "wrong secret":
        signature = signed(body, secret="whsec_someone_else")
    before = database_fingerprint()
    response = deliver(Client(), body, signature)
    assert response.status_code == 400
    assert database_fingerprint() == before
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_a_signature_among_several_passes_as_when_a_secret_is_rotated(
    payments_sandbox, harbor, alice, settings, django_capture_on_commit_callbacks
):
    body = paid_and_held(
        payments_sandbox, harbor, alice, settings, django_capture_on_commit_callbacks
    )
    old = signed(body, secret="whsec_retired").split(",v1=")[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(Client(), body, f"{signed(body)},v1={old}")
    assert response.json()["result"] == "processed"
    assert Payment.objects.count() == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_deliveries_post_one_payment(
    payments_sandbox, harbor, alice, settings, django_capture_on_commit_callbacks
):
    from portico.testing.asgi_server import sqlite_readers_never_block

    body = paid_and_held(
        payments_sandbox, harbor, alice, settings, django_capture_on_commit_callbacks
    )
    start = threading.Barrier(20)
    statuses = []

    def one_delivery():
        try:
            start.wait()
            client = Client(raise_request_exception=False)
            statuses.append(deliver(client, body, signed(body)).status_code)
        finally:
            connection.close()

    with sqlite_readers_never_block():
        threads = [threading.Thread(target=one_delivery) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert Payment.objects.count() == 1
    assert StripeEvent.objects.count() == 1
    assert CheckoutAttempt.objects.get().status == "paid"
    # every copy was answered: processed, found taken, or (SQLite's table lock) asked to come
    # again later, as Stripe does; a later copy finds the event done
    assert len(statuses) == 20 and set(statuses) <= {200, 500}
    again = deliver(Client(), body, signed(body))
    assert again.json()["result"] == "duplicate"
    assert Payment.objects.count() == 1
