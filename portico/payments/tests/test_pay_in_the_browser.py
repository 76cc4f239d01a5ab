"""carol pays an invoice in Chromium, as she would: part of it with a declined card first
(a plain message, nothing posted), then with 4242…, then the rest. The web process runs as in
production (uvicorn, the ASGI front's live streams); the sandbox is its own /_sandbox/stripe,
whose webhooks reach /payments/webhook over real HTTP, signed, and only they post payments.
alice has the case open meanwhile: both payments appear there without a reload. Each payment's
receipt downloads as a PDF whose text names the firm, the client, the amount, the date and the
receipt number."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from portico.money.models import Invoice, Payment
from portico.payments.models import CheckoutAttempt
from portico.testing.browser import DESKTOP, add_session_cookie
from portico.testing.live_journey import following, still_the_same_document
from portico.testing.money import put_invoice
from portico.testing.pages import CLIENT, STAFF
from portico.testing.stripe import pay_on_the_checkout_page
from portico.testing.world import session_key_for

pytestmark = [pytest.mark.browser]


def test_carol_pays_part_then_the_rest_alice_sees_both_and_each_has_a_receipt(
    world, new_context, web
):
    case = world.carol_case
    invoice = put_invoice(case, world.carol, world.alice, amounts=(125000,))

    def browser(who):
        context = new_context(viewport=DESKTOP, accept_downloads=True)
        add_session_cookie(context, web, session_key_for(who, world))
        return context.new_page()

    alice = browser(STAFF)
    alice.goto(f"{web}/workspace/cases/{case.id}/")
    following(alice)

    carol = browser(CLIENT)
    carol.goto(f"{web}/portal/invoices/{invoice.id}/pay/")
    amount = carol.get_by_label("Amount to pay (USD)")
    expect(amount).to_have_value("1250.00")  # prefilled with what is owed
    amount.fill("500.00")
    carol.get_by_role("button", name="Continue to payment").click()

    # Stripe's (the sandbox's) checkout page: a declined card first
    expect(carol.get_by_role("heading", name="Pay $500.00")).to_be_visible()
    expect(carol.get_by_label("Email")).to_have_value(re.compile("carol"))
    pay_on_the_checkout_page(carol, "4000 0000 0000 0002")
    expect(carol.get_by_role("alert")).to_contain_text("Your card was declined.")
    expect(carol.get_by_role("alert")).to_contain_text("Nothing was charged")
    assert not Payment.objects.filter(invoice=invoice).exists()

    # then a card that works: back on the portal, the webhook has posted it
    pay_on_the_checkout_page(carol, "4242 4242 4242 4242")
    expect(carol).to_have_url(re.compile(r"/portal/payments/[0-9a-f-]+/\?returned=paid"))
    expect(carol.get_by_role("heading", level=1)).to_have_text("Thank you: we received $500.00")

    # the rest, prefilled
    carol.goto(f"{web}/portal/invoices/{invoice.id}/pay/")
    expect(carol.get_by_label("Amount to pay (USD)")).to_have_value("750.00")
    carol.get_by_role("button", name="Continue to payment").click()
    pay_on_the_checkout_page(carol, "4242 4242 4242 4242")
    expect(carol.get_by_role("heading", level=1)).to_have_text("Thank you: we received $750.00")

    payments = list(Payment.objects.filter(invoice=invoice).order_by("amount_minor"))
    assert [(p.amount_minor, p.method) for p in payments] == [(50000, "card"), (75000, "card")]
    refs = {a.payment_intent_id for a in CheckoutAttempt.objects.filter(invoice=invoice)}
    assert {p.reference for p in payments} == refs  # each posted once, by its PaymentIntent
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID
    carol.goto(f"{web}/portal/invoices/{invoice.id}/pay/")
    expect(carol.get_by_text("This invoice has nothing left to pay.")).to_be_visible()

    # alice's open case page shows both, without a reload
    for payment in payments:
        expect(alice.locator(f"#payment-{payment.id}")).to_be_visible()
    assert still_the_same_document(alice)

    # each receipt downloads from carol's financial history as a PDF saying what it must
    carol.goto(f"{web}/portal/cases/{case.id}/money/")
    today = timezone.localdate().strftime("%-d %B %Y")
    for payment, shown in zip(payments, ("$500.00", "$750.00"), strict=True):
        with carol.expect_download(timeout=60_000) as download:  # WeasyPrint renders it
            carol.get_by_role("link", name=re.compile(f"Receipt {payment.receipt_number}")).click()
        with open(download.value.path(), "rb") as pdf:
            text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
        for words in ("Harbor & Vale LLP", "Carol", shown, today, payment.receipt_number, "Card"):
            assert words in text, f"{words!r} not in the receipt: {text}"

    # the firm's trust reconciliation for the month still balances, three ways, on alice's page
    alice.goto(f"{web}/workspace/money/reconciliation/?month={timezone.localdate():%Y-%m}")
    expect(alice.get_by_role("status").filter(has_text="Balanced")).to_contain_text(
        "The three agree to the cent."
    )
