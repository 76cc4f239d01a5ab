"""carol pays an invoice in Chromium, as she would: part of it with a declined card first
(a plain message, nothing posted), then with 4242…, then the rest. The sandbox is the web
process's own (/_sandbox/stripe); its webhooks reach /payments/webhook over real HTTP, signed,
and only they post the payments."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portico.money.models import Invoice, Payment
from portico.payments import gateway
from portico.payments.models import CheckoutAttempt
from portico.testing.asgi_server import sqlite_readers_never_block
from portico.testing.money import put_invoice
from portico.testing.pages import CLIENT

pytestmark = [pytest.mark.browser]


@pytest.fixture
def over_http(settings, live_server):
    """The adapter and the sandbox's webhooks go over HTTP to the running server."""
    settings.STRIPE_API_BASE = f"{live_server.url}/_sandbox/stripe"
    settings.STRIPE_SANDBOX_WEBHOOK_URL = f"{live_server.url}/payments/webhook"
    gateway._trust_account.cache_clear()
    with sqlite_readers_never_block():
        yield live_server.url
    gateway._trust_account.cache_clear()


def pay_on_the_checkout_page(page, card: str) -> None:
    page.get_by_label("Card number").fill(card)
    page.get_by_label("Expiry date").fill("12 / 34")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_role("button", name=re.compile(r"^Pay \$")).click()


def test_carol_pays_part_then_the_rest_and_a_declined_card_posts_nothing(
    world, browser_as, over_http
):
    invoice = put_invoice(world.carol_case, world.carol, world.alice, amounts=(125000,))
    page = browser_as(CLIENT)
    page.goto(f"{over_http}/portal/invoices/{invoice.id}/pay/")
    amount = page.get_by_label("Amount to pay (USD)")
    expect(amount).to_have_value("1250.00")  # prefilled with what is owed
    amount.fill("500.00")
    page.get_by_role("button", name="Continue to payment").click()

    # Stripe's (the sandbox's) checkout page: a declined card first
    expect(page.get_by_role("heading", name="Pay $500.00")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value(re.compile("carol"))
    pay_on_the_checkout_page(page, "4000 0000 0000 0002")
    expect(page.get_by_role("alert")).to_contain_text("Your card was declined.")
    expect(page.get_by_role("alert")).to_contain_text("Nothing was charged")
    assert not Payment.objects.filter(invoice=invoice).exists()

    # then a card that works: back on the portal, the webhook has posted it
    pay_on_the_checkout_page(page, "4242 4242 4242 4242")
    expect(page).to_have_url(re.compile(r"/portal/payments/[0-9a-f-]+/\?returned=paid"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: we received $500.00")

    # the rest, prefilled
    page.goto(f"{over_http}/portal/invoices/{invoice.id}/pay/")
    expect(page.get_by_label("Amount to pay (USD)")).to_have_value("750.00")
    page.get_by_role("button", name="Continue to payment").click()
    pay_on_the_checkout_page(page, "4242 4242 4242 4242")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: we received $750.00")

    payments = Payment.objects.filter(invoice=invoice).order_by("amount_minor")
    assert [(p.amount_minor, p.method) for p in payments] == [(50000, "card"), (75000, "card")]
    refs = {a.payment_intent_id for a in CheckoutAttempt.objects.filter(invoice=invoice)}
    assert {p.reference for p in payments} == refs  # each posted once, by its PaymentIntent
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID
    page.goto(f"{over_http}/portal/invoices/{invoice.id}/pay/")
    expect(page.get_by_text("This invoice has nothing left to pay.")).to_be_visible()
