"""The hosted test checkout page, the money it moves (Connect destination charges keep trust
whole: reference/stripe-sandbox.md section 6), refunds, and signed webhook deliveries with
retries."""

from __future__ import annotations

import json

import pytest
import stripe

from portico.stripe_sandbox import engine
from portico.testing.stripe import TRUST_KEY, WEBHOOK_SECRET

pytestmark = pytest.mark.django_db

SUCCESS, DECLINED, NO_FUNDS = "4242 4242 4242 4242", "4000 0000 0000 0002", "4000 0000 0000 9995"


def a_session(sandbox, amount=10000, trust=False, **extra):
    params = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "usd",
                    "unit_amount": amount,
                    "product_data": {"name": "Payment"},
                },
            }
        ],
        "success_url": "http://testserver/done?s={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://testserver/back",
        "customer_email": "carol@marsh.example",
        "payment_intent_data": {"metadata": {"invoice_id": "7"}},
        **extra,
    }
    if trust:
        params["payment_intent_data"]["transfer_data"] = {"destination": "acct_trust"}
    return sandbox.client().v1.checkout.sessions.create(params)


def test_the_page_shows_the_amount_and_the_prefilled_email(sandbox):
    session = a_session(sandbox, 12345)
    page = sandbox.http.get(f"/_sandbox/stripe/c/pay/{session.id}")
    assert page.status_code == 200
    assert "Pay $123.45" in page.text
    assert 'value="carol@marsh.example"' in page.text
    assert 'href="http://testserver/back"' in page.text
    assert 'autocomplete="cc-number"' in page.text


def test_4242_pays_and_returns_to_the_success_url(sandbox, django_capture_on_commit_callbacks):
    session = a_session(sandbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = sandbox.pay(session.url, SUCCESS)
    assert response.status_code == 302
    assert response.headers["location"] == f"http://testserver/done?s={session.id}"
    client = sandbox.client()
    paid = client.v1.checkout.sessions.retrieve(session.id, {"expand": ["payment_intent"]})
    assert (paid.status, paid.payment_status, paid.url) == ("complete", "paid", None)
    pi = paid.payment_intent
    assert (pi.status, pi.amount, pi.amount_received) == ("succeeded", 10000, 10000)
    assert pi.metadata.to_dict() == {"invoice_id": "7"}  # payment_intent_data[metadata] only
    assert client.v1.payment_intents.retrieve(pi.id).latest_charge.startswith("ch_")
    types = [e["type"] for e in sandbox.events()]
    assert {"payment_intent.succeeded", "checkout.session.completed"} <= set(types)
    # and the paid page says so instead of taking a second payment
    assert "Already paid" in sandbox.http.get(f"/_sandbox/stripe/c/pay/{session.id}").text


@pytest.mark.parametrize(
    "card, message, decline_code",
    [
        (DECLINED, "Your card was declined.", "generic_decline"),
        (NO_FUNDS, "Your card has insufficient funds.", "insufficient_funds"),
    ],
)
def test_a_declined_card_keeps_the_page_and_the_session_open(
    sandbox, django_capture_on_commit_callbacks, card, message, decline_code
):
    session = a_session(sandbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = sandbox.pay(session.url, card)
    assert response.status_code == 402
    assert message in response.text and "Nothing was charged" in response.text
    client = sandbox.client()
    again = client.v1.checkout.sessions.retrieve(session.id)
    assert (again.status, again.payment_status) == ("open", "unpaid")
    pi = client.v1.payment_intents.retrieve(again.payment_intent)
    assert pi.status == "requires_payment_method"
    assert (pi.last_payment_error.code, pi.last_payment_error.decline_code) == (
        "card_declined",
        decline_code,
    )
    assert [e["type"] for e in sandbox.events()] == [
        "payment_intent.created",
        "charge.failed",
        "payment_intent.payment_failed",
    ]
    # the customer may try again with another card, on the same PaymentIntent
    assert sandbox.pay(session.url, SUCCESS).status_code == 302
    assert client.v1.payment_intents.retrieve(again.payment_intent).status == "succeeded"


def test_a_mistyped_card_number_is_a_form_error_and_no_attempt(sandbox):
    session = a_session(sandbox)
    response = sandbox.pay(session.url, "4242 4242 4242 4241")
    assert response.status_code == 200
    assert "Your card number is incorrect." in response.text
    assert sandbox.client().v1.checkout.sessions.retrieve(session.id).payment_intent is None


def test_a_payment_to_operating_is_charged_the_fee_there(sandbox):
    session = a_session(sandbox, 10000)
    sandbox.pay(session.url, SUCCESS)
    client = sandbox.client()
    pi = client.v1.payment_intents.retrieve(
        client.v1.checkout.sessions.retrieve(session.id).payment_intent
    )
    charge = client.v1.charges.retrieve(pi.latest_charge)
    txn = client.v1.balance_transactions.retrieve(charge.balance_transaction)
    assert (txn.amount, txn.fee, txn.net) == (10000, 320, 9680)  # 2.9% + 30¢
    assert client.v1.balance.retrieve().available[0].amount == 9680
    assert sandbox.client(TRUST_KEY).v1.balance.retrieve().available[0].amount == 0


def test_a_destination_charge_credits_trust_the_gross_and_takes_the_fee_from_operating(sandbox):
    session = a_session(sandbox, 10000, trust=True)
    sandbox.pay(session.url, SUCCESS)
    trust = sandbox.client(TRUST_KEY).v1.balance.retrieve().available[0].amount
    operating = sandbox.client().v1.balance.retrieve().available[0].amount
    assert trust == 10000  # the whole payment
    assert operating == -engine.fee_of(10000) == -320  # the fee, from operating
    credits = sandbox.client(TRUST_KEY).v1.balance_transactions.list()
    assert [(t.amount, t.fee, t.net) for t in credits.data] == [(10000, 0, 10000)]


def test_refunds_default_to_the_rest_and_never_exceed_the_charge(sandbox):
    session = a_session(sandbox, 10000)
    sandbox.pay(session.url, SUCCESS)
    client = sandbox.client()
    pi_id = client.v1.checkout.sessions.retrieve(session.id).payment_intent
    part = client.v1.refunds.create(
        {"payment_intent": pi_id, "amount": 2500, "reason": "requested_by_customer"}
    )
    assert (part.status, part.amount, part.payment_intent) == ("succeeded", 2500, pi_id)
    with pytest.raises(stripe.InvalidRequestError) as over:
        client.v1.refunds.create({"payment_intent": pi_id, "amount": 9000})
    assert (
        "Refund amount ($90.00) is greater than unrefunded amount on charge ($75.00)"
        in over.value.user_message
    )
    rest = client.v1.refunds.create({"payment_intent": pi_id})
    assert rest.amount == 7500
    charge = client.v1.charges.retrieve(rest.charge)
    assert (charge.amount_refunded, charge.refunded) == (10000, True)
    with pytest.raises(stripe.InvalidRequestError) as again:
        client.v1.refunds.create({"payment_intent": pi_id})
    assert again.value.code == "charge_already_refunded"


def test_a_trust_refund_reverses_the_transfer_so_trust_gives_back_what_it_got(sandbox):
    session = a_session(sandbox, 10000, trust=True)
    sandbox.pay(session.url, SUCCESS)
    client = sandbox.client()
    pi_id = client.v1.checkout.sessions.retrieve(session.id).payment_intent
    client.v1.refunds.create({"payment_intent": pi_id, "amount": 4000, "reverse_transfer": True})
    assert sandbox.client(TRUST_KEY).v1.balance.retrieve().available[0].amount == 6000
    assert client.v1.balance.retrieve().available[0].amount == -320


# --- webhooks --------------------------------------------------------------------------------


def test_each_delivery_is_signed_over_the_exact_body(sandbox, django_capture_on_commit_callbacks):
    session = a_session(sandbox)
    with django_capture_on_commit_callbacks(execute=True):
        sandbox.pay(session.url, SUCCESS)
    assert sandbox.deliveries
    for delivery in sandbox.deliveries:
        event = stripe.Webhook.construct_event(
            delivery["body"], delivery["headers"]["Stripe-Signature"], WEBHOOK_SECRET
        )
        assert event.object == "event" and event.livemode is False
    completed = sandbox.events("checkout.session.completed")[0]
    assert completed["data"]["object"]["id"] == session.id
    assert completed["data"]["object"]["payment_status"] == "paid"
    # a body altered after signing does not verify
    delivery = sandbox.deliveries[0]
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(
            delivery["body"].replace(b"evt_", b"evt_X"),
            delivery["headers"]["Stripe-Signature"],
            WEBHOOK_SECRET,
        )


def test_a_failed_delivery_is_retried_later_with_a_new_signature(
    sandbox, database_queue, monkeypatch, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from portico.stripe_sandbox import webhooks

    sent = []

    def down(url, body, headers):
        sent.append(headers["Stripe-Signature"])
        return 503

    monkeypatch.setattr(webhooks, "transport", down)
    session = a_session(sandbox)
    with django_capture_on_commit_callbacks(execute=True):
        sandbox.client().v1.checkout.sessions.expire(session.id)
    # the worker runs the queued delivery: it fails, and a retry is queued for later
    queued = DBTaskResult.objects.get()
    assert webhooks.deliver_event.call(**queued.args_kwargs["kwargs"]) == "retrying"
    retry = DBTaskResult.objects.exclude(pk=queued.pk).get()
    assert retry.run_after is not None and retry.args_kwargs["kwargs"]["attempt"] == 2
    # the endpoint comes back: the retry delivers, signed anew
    monkeypatch.setattr(
        webhooks,
        "transport",
        lambda url, body, headers: sent.append(headers["Stripe-Signature"]) or 200,
    )
    monkeypatch.setattr(webhooks.time, "time", lambda: 2_000_000_000)
    assert webhooks.deliver_event.call(**retry.args_kwargs["kwargs"]) == "delivered"
    assert len(sent) == 2 and sent[0] != sent[1]
    assert sent[1].startswith("t=2000000000,")


def test_held_deliveries_flush_in_any_order(sandbox, settings, django_capture_on_commit_callbacks):
    settings.STRIPE_SANDBOX_WEBHOOKS = "hold"
    session = a_session(sandbox)
    with django_capture_on_commit_callbacks(execute=True):
        sandbox.pay(session.url, SUCCESS)
    assert sandbox.deliveries == []
    flushed = sandbox.control("webhooks/flush", {"shuffle": True})
    assert flushed["delivered"] == len(sandbox.deliveries) == 4
    # and a second flush finds nothing left to deliver
    assert sandbox.control("webhooks/flush", {})["delivered"] == 0


def test_duplicate_mode_sends_every_event_twice(
    sandbox, settings, django_capture_on_commit_callbacks
):
    settings.STRIPE_SANDBOX_WEBHOOKS = "duplicate"
    session = a_session(sandbox)
    with django_capture_on_commit_callbacks(execute=True):
        sandbox.client().v1.checkout.sessions.expire(session.id)
    ids = [json.loads(d["body"])["id"] for d in sandbox.deliveries]
    assert len(ids) == 2 and ids[0] == ids[1]
