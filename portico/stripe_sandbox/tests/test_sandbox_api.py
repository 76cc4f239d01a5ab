"""The sandbox driven by the official stripe SDK, one test per behaviour of
reference/stripe-sandbox.md: what the SDK sends, the sandbox answers as Stripe would, and the
SDK raises the exception Stripe's answer would raise."""

from __future__ import annotations

import threading

import pytest
import stripe

from portico.testing.stripe import OPERATING_KEY, TRUST_KEY

pytestmark = pytest.mark.django_db


def session_params(**extra) -> dict:
    return {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 12345,
                    "product_data": {"name": "Invoice 2026-0001"},
                },
            }
        ],
        "success_url": "http://testserver/portal/paid?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://testserver/portal/cases/1/",
        "client_reference_id": "m-1",
        "metadata": {"invoice_id": "42"},
        **extra,
    }


def test_a_checkout_session_is_created_open_and_unpaid(sandbox):
    client = sandbox.client()
    session = client.v1.checkout.sessions.create(
        session_params(customer_email="carol@marsh.example")
    )
    assert session.id.startswith("cs_test_")
    assert session.object == "checkout.session"
    assert (session.status, session.payment_status) == ("open", "unpaid")
    assert (session.amount_total, session.currency) == (12345, "usd")
    assert session.url == f"http://testserver/_sandbox/stripe/c/pay/{session.id}"
    assert session.payment_intent is None  # until the customer submits payment
    assert session.metadata.to_dict() == {"invoice_id": "42"}
    assert session.client_reference_id == "m-1"
    assert session.livemode is False
    # and it can be fetched again, line items expanded on request
    again = client.v1.checkout.sessions.retrieve(session.id, {"expand": ["line_items"]})
    assert again.id == session.id
    assert again.line_items.data[0].description == "Invoice 2026-0001"
    assert again.line_items.data[0].amount_total == 12345


def test_only_payment_mode_is_accepted(sandbox):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        sandbox.client().v1.checkout.sessions.create(session_params(mode="subscription"))
    assert refused.value.http_status == 400
    assert refused.value.param == "mode"


@pytest.mark.parametrize(
    "change, param",
    [
        ({"colour": "blue"}, "colour"),
        (
            {
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": "usd",
                            "unit_amount": 100,
                            "product_data": {"name": ""},
                        },
                    }
                ]
            },
            "line_items[0][price_data][product_data][name]",
        ),
        (
            {
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": "usd",
                            "unit_amount": -5,
                            "product_data": {"name": "x"},
                        },
                    }
                ]
            },
            "line_items[0][price_data][unit_amount]",
        ),
        ({"expires_at": 1}, "expires_at"),
        (
            {"payment_intent_data": {"transfer_data": {"destination": "acct_elsewhere"}}},
            "payment_intent_data[transfer_data][destination]",
        ),
    ],
)
def test_an_invalid_or_unknown_parameter_is_named(sandbox, change, param):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        sandbox.client().v1.checkout.sessions.create(session_params(**change))
    assert refused.value.http_status == 400
    assert refused.value.param == param


def test_an_unknown_session_is_a_404_naming_it(sandbox):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        sandbox.client().v1.checkout.sessions.retrieve("cs_test_nope")
    assert refused.value.http_status == 404
    assert refused.value.code == "resource_missing"
    assert "No such checkout.session: 'cs_test_nope'" in refused.value.user_message


def test_a_session_of_one_account_is_not_found_with_another_accounts_key(sandbox):
    session = sandbox.client(OPERATING_KEY).v1.checkout.sessions.create(session_params())
    with pytest.raises(stripe.InvalidRequestError):
        sandbox.client(TRUST_KEY).v1.checkout.sessions.retrieve(session.id)


def test_expiring_an_open_session_closes_it_once(sandbox, django_capture_on_commit_callbacks):
    client = sandbox.client()
    session = client.v1.checkout.sessions.create(session_params())
    with django_capture_on_commit_callbacks(execute=True):
        expired = client.v1.checkout.sessions.expire(session.id)
    assert (expired.status, expired.url) == ("expired", None)
    assert [e["type"] for e in sandbox.events()] == ["checkout.session.expired"]
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.checkout.sessions.expire(session.id)
    assert "already expired" in refused.value.user_message


def test_a_session_expires_at_its_time_on_the_test_clock(sandbox):
    client = sandbox.client()
    session = client.v1.checkout.sessions.create(session_params())
    sandbox.control("advance", {"seconds": 24 * 3600})
    assert client.v1.checkout.sessions.retrieve(session.id).status == "expired"
    assert "expired" in sandbox.http.get(f"/_sandbox/stripe/c/pay/{session.id}").text


def test_a_wrong_key_is_an_authentication_error(sandbox):
    with pytest.raises(stripe.AuthenticationError):
        sandbox.client("sk_test_not_ours_at_all").v1.checkout.sessions.create(session_params())


def test_the_sandbox_answers_404_outside_demo_and_test_mode(sandbox, settings):
    settings.STRIPE_SANDBOX = False
    assert sandbox.http.post("/_sandbox/stripe/v1/checkout/sessions").status_code == 404
    assert sandbox.http.get("/_sandbox/stripe/c/pay/cs_test_x").status_code == 404


# --- idempotency ----------------------------------------------------------------------------


def test_the_same_idempotency_key_replays_the_first_response(sandbox):
    client = sandbox.client()
    first = client.v1.checkout.sessions.create(session_params(), {"idempotency_key": "k-1"})
    again = client.v1.checkout.sessions.create(session_params(), {"idempotency_key": "k-1"})
    assert again.id == first.id
    assert again.last_response.headers.get("Idempotent-Replayed") == "true"
    assert first.last_response.headers.get("Idempotent-Replayed") is None


def test_the_same_key_with_other_parameters_is_an_idempotency_error(sandbox):
    client = sandbox.client()
    client.v1.checkout.sessions.create(session_params(), {"idempotency_key": "k-2"})
    with pytest.raises(stripe.IdempotencyError) as refused:
        client.v1.checkout.sessions.create(
            session_params(client_reference_id="m-2"), {"idempotency_key": "k-2"}
        )
    assert refused.value.http_status == 400
    assert "can only be used with the same parameters" in refused.value.user_message


def test_a_request_that_fails_validation_does_not_use_up_its_key(sandbox):
    client = sandbox.client()
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.checkout.sessions.create(session_params(mode="setup"), {"idempotency_key": "k-3"})
    session = client.v1.checkout.sessions.create(session_params(), {"idempotency_key": "k-3"})
    assert session.status == "open"


def test_keys_are_per_secret_key(sandbox):
    one = sandbox.client(OPERATING_KEY).v1.checkout.sessions.create(
        session_params(), {"idempotency_key": "shared"}
    )
    two = sandbox.client(TRUST_KEY).v1.checkout.sessions.create(
        session_params(), {"idempotency_key": "shared"}
    )
    assert one.id != two.id


def test_an_error_response_is_saved_and_replayed_too(sandbox):
    client = sandbox.client()
    params = {"payment_intent": "pi_missing", "amount": 100}
    with pytest.raises(stripe.InvalidRequestError) as first:
        client.v1.refunds.create(params, {"idempotency_key": "k-refund"})
    with pytest.raises(stripe.InvalidRequestError) as again:
        client.v1.refunds.create(params, {"idempotency_key": "k-refund"})
    assert first.value.http_status == again.value.http_status == 404


@pytest.mark.django_db(transaction=True)
def test_the_same_key_while_the_first_request_runs_is_a_409(sandbox):
    client = sandbox.client()
    sandbox.control("hold", {"count": 1})
    results = {}

    def first():
        results["first"] = client.v1.checkout.sessions.create(
            session_params(), {"idempotency_key": "k-busy"}
        )

    thread = threading.Thread(target=first)
    thread.start()
    try:
        while sandbox.control("hold", {})["waiting"] == 0:
            thread.join(0.01)
        with pytest.raises(stripe.APIError) as busy:
            client.v1.checkout.sessions.create(session_params(), {"idempotency_key": "k-busy"})
        assert busy.value.http_status == 409
    finally:
        sandbox.control("hold", {"release": True})
        thread.join(10)
    assert results["first"].status == "open"


@pytest.mark.parametrize(
    "status, error, exception",
    [
        (500, {"type": "api_error", "message": "boom"}, stripe.APIError),
        (
            402,
            {"type": "card_error", "code": "card_declined", "message": "Declined"},
            stripe.CardError,
        ),
        (429, {"type": "invalid_request_error", "message": "Too many"}, stripe.RateLimitError),
        (403, {"type": "invalid_request_error", "message": "No"}, stripe.PermissionError),
    ],
)
def test_a_planted_fault_reaches_the_sdk_as_stripes_exception(sandbox, status, error, exception):
    sandbox.control("faults", {"status": status, "error": error, "count": 1})
    with pytest.raises(exception) as raised:
        sandbox.client().v1.checkout.sessions.create(session_params())
    assert raised.value.http_status == status
    # and the next call goes through
    assert sandbox.client().v1.checkout.sessions.create(session_params()).status == "open"


def test_the_sdk_retries_a_409_with_the_same_key(sandbox, monkeypatch):
    monkeypatch.setattr(stripe.HTTPXClient, "_sleep_time_seconds", lambda *a, **k: 0)
    sandbox.control(
        "faults", {"status": 409, "error": {"type": "api_error", "message": "busy"}, "count": 2}
    )
    client = sandbox.client()
    client._requestor._options.max_network_retries = 2  # as the adapter configures it
    session = client.v1.checkout.sessions.create(session_params(), {"idempotency_key": "k-retry"})
    assert session.status == "open"
