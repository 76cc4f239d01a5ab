"""The payment sandbox in tests ("test mode"): it is on, the SDK's base points at it, and
`stripe_client(key)` is the official StripeClient, talking HTTP to this process's Django
through httpx's WSGI transport, so a test's own transaction sees what the sandbox wrote.
Webhook deliveries go the same way, to /payments/webhook."""

from __future__ import annotations

import re

import httpx
import pytest
import stripe

BASE = "http://testserver/_sandbox/stripe"
OPERATING_KEY = "sk_test_portico_operating"
TRUST_KEY = "sk_test_portico_trust"
WEBHOOK_SECRET = "whsec_portico_test_secret"


def _in_process(environ, start_response):
    """Django as a WSGI application the way its test client runs it (the test's database
    connection stays open across requests), with CSRF checked as a browser meets it."""
    from django.test.client import ClientHandler

    response = ClientHandler(enforce_csrf_checks=True)(environ)
    headers = list(response.items())
    headers += [("Set-Cookie", c.output(header="").strip()) for c in response.cookies.values()]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    if response.streaming:
        return [b"".join(response.streaming_content)]
    return [response.content]


def wsgi_http() -> httpx.Client:
    return httpx.Client(
        transport=httpx.WSGITransport(app=_in_process), base_url="http://testserver"
    )


def stripe_client(
    key: str = OPERATING_KEY, http: httpx.Client | None = None
) -> stripe.StripeClient:
    client = stripe.HTTPXClient(allow_sync_methods=True)
    client._client = http or wsgi_http()
    return stripe.StripeClient(key, base_addresses={"api": BASE}, http_client=client)


@pytest.fixture(autouse=True, scope="session")
def _stripe_sandbox_in_test_mode(django_test_environment):
    from django.conf import settings

    settings.STRIPE_SANDBOX = True
    settings.STRIPE_API_BASE = BASE
    settings.STRIPE_OPERATING_KEY = OPERATING_KEY
    settings.STRIPE_TRUST_KEY = TRUST_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_SANDBOX_WEBHOOK_URL = "http://testserver/payments/webhook"


@pytest.fixture
def sandbox(monkeypatch):
    """The sandbox in-process: the SDK and webhook deliveries reach Django through WSGI; its
    in-process controls start clean."""
    from portico.stripe_sandbox import faults, webhooks

    http = wsgi_http()
    deliveries: list[dict] = []

    def transport(url, body, headers):
        response = http.post(url, content=body, headers=headers)
        deliveries.append(
            {"url": url, "body": body, "headers": headers, "status": response.status_code}
        )
        return response.status_code

    monkeypatch.setattr(webhooks, "transport", transport)
    faults.reset()
    yield Sandbox(http, deliveries)
    faults.reset()


class Sandbox:
    def __init__(self, http: httpx.Client, deliveries: list[dict]) -> None:
        self.http = http
        self.deliveries = deliveries

    def client(self, key: str = OPERATING_KEY) -> stripe.StripeClient:
        return stripe_client(key, self.http)

    def control(self, path: str, body: dict, key: str = OPERATING_KEY) -> dict:
        response = self.http.post(
            f"/_sandbox/stripe/_sandbox/{path}",
            json=body,
            headers={"Authorization": f"Bearer {key}"},
        )
        assert response.status_code == 200, response.text
        return response.json()

    def pay(self, session_url: str, card: str, email: str = "carol@marsh.example", follow=False):
        """Submit the hosted test checkout page with `card`; the response."""
        path = re.sub(r"^https?://[^/]+", "", session_url)
        page = self.http.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        data = {"email": email, "number": card, "expiry": "12 / 34", "cvc": "123"}
        if token:
            data["csrfmiddlewaretoken"] = token.group(1)
        return self.http.post(path, data=data, follow_redirects=follow)

    def events(self, type: str | None = None) -> list[dict]:
        import json

        seen = [json.loads(d["body"]) for d in self.deliveries]
        return [e for e in seen if type is None or e["type"] == type]


def pay_on_the_checkout_page(page, card: str) -> None:
    """In a browser on the hosted test checkout page: pay with `card`."""
    page.get_by_label("Card number").fill(card)
    page.get_by_label("Expiry date").fill("12 / 34")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_role("button", name=re.compile(r"^Pay \$")).click()


def open_checkout_session(amount: int = 125000, name: str = "Invoice 2026-0001") -> str:
    """An open Checkout Session in the sandbox, made directly (for the page walks); its id."""
    from portico.stripe_sandbox import engine

    params = {
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "usd",
                    "unit_amount": amount,
                    "product_data": {"name": name},
                },
            }
        ],
        "success_url": "http://testserver/portal/",
        "cancel_url": "http://testserver/portal/",
        "customer_email": "carol@marsh.example",
        "_base": BASE,
    }
    return engine.create_session(engine.OPERATING, params, engine.RequestInfo())["id"]


# One sample of each sandbox id a route takes: the sandbox's routes are walked by the CSRF test
# (its API takes a secret key, never a cookie), not by the firm and client walls.
SANDBOX_SAMPLES = {
    "session_id": "cs_test_none",
    "payment_intent_id": "pi_none",
    "charge_id": "ch_none",
    "txn_id": "txn_none",
    "event_id": "evt_none",
    "rest": "customers",
}


def _sdk_http(http: httpx.Client) -> stripe.HTTPXClient:
    client = stripe.HTTPXClient(allow_sync_methods=True)
    client._client = http
    return client


@pytest.fixture
def payments_sandbox(sandbox, monkeypatch):
    """The sandbox, with the payments adapter's SDK calls routed to it in-process too."""
    from portico.payments import gateway

    monkeypatch.setattr(gateway, "http_client", lambda: _sdk_http(sandbox.http))
    gateway._trust_account.cache_clear()
    yield sandbox
    gateway._trust_account.cache_clear()


def signed(body: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    from portico.stripe_sandbox.webhooks import signature_header

    return signature_header(body, secret, timestamp)


def put_attempt(case, contact, invoice=None, amount_minor: int = 1000):
    """A Pay Now attempt waiting for payment, made directly (for the walls' samples): no
    Checkout Session behind it."""
    import uuid

    from portico.payments.models import CheckoutAttempt

    return CheckoutAttempt.objects.create(
        firm_id=case.firm_id,
        purpose=CheckoutAttempt.Purpose.INVOICE if invoice else CheckoutAttempt.Purpose.TRUST,
        case=case,
        contact=contact,
        invoice=invoice,
        amount_minor=amount_minor,
        currency=case.currency,
        idempotency_key=uuid.uuid4().hex,
        status=CheckoutAttempt.Status.OPEN,
        session_id=f"cs_test_sample_{uuid.uuid4().hex}",
        checkout_url=f"{BASE}/c/pay/cs_test_sample",
    )


def paid_on_the_sandbox(sandbox, invoice, amount_minor: int = 1000) -> stripe.Event:
    """carol's Pay Now for `amount_minor` on `invoice`, paid with 4242… on the sandbox; the
    `checkout.session.completed` event as the webhook would hand it over (not yet processed)."""
    from portico.payments.actions import start_checkout
    from portico.stripe_sandbox.models import SandboxObject

    attempt = start_checkout(
        purpose="invoice",
        case=invoice.case,
        contact=invoice.contact,
        invoice=invoice,
        amount_minor=amount_minor,
        actor=None,
        return_url="http://testserver/portal/payments/{attempt}/",
    )
    sandbox.pay(attempt.checkout_url, "4242 4242 4242 4242")
    data = next(
        row.data
        for row in SandboxObject.objects.filter(kind="event")
        if row.data["type"] == "checkout.session.completed"
        and row.data["data"]["object"]["id"] == attempt.session_id
    )
    return stripe.Event.construct_from(data, None)
