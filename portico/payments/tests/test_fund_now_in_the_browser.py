"""carol tops up her trust money in Chromium on her phone, as she would: her case page says her
trust balance is below the firm's minimum, Fund Now is prefilled with the shortfall, a declined
card first (a plain message, nothing posted), then 4242…. The web process runs as in
production (uvicorn, the ASGI front's live streams); the sandbox's signed webhook reaches
/payments/webhook over real HTTP and only it posts the deposit. alice has the case open
meanwhile: the deposit appears there without a reload. The deposit's receipt downloads as a
PDF from carol's financial history."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from portico.money.models import TrustEntry
from portico.payments.models import CheckoutAttempt
from portico.testing.browser import DESKTOP, PHONE, add_session_cookie
from portico.testing.live_journey import following, still_the_same_document
from portico.testing.pages import CLIENT, STAFF
from portico.testing.stripe import pay_on_the_checkout_page
from portico.testing.world import session_key_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_carol_funds_her_trust_to_the_minimum_after_a_declined_card_and_alice_sees_it(
    world, new_context, web
):
    # given carol's trust on her case is $1,000.00 and the firm asks her to keep $1,500.00
    case, carol_contact = world.carol_case, world.carol
    entries = TrustEntry.objects.filter(case=case, contact=carol_contact)
    entries_before = set(entries.values_list("id", flat=True))

    def browser(who, viewport):
        context = new_context(viewport=viewport, accept_downloads=True)
        add_session_cookie(context, web, session_key_for(who, world))
        return context.new_page()

    alice = browser(STAFF, DESKTOP)
    alice.goto(f"{web}/workspace/cases/{case.id}/")
    ledger_heading = alice.get_by_role("heading", name=re.compile(r"^Carol Marsh: .* in trust"))
    expect(ledger_heading).to_contain_text("$1,000.00 in trust")
    expect(ledger_heading).to_contain_text("$500.00 below the minimum")
    following(alice)

    # when carol opens her case page on her phone
    carol = browser(CLIENT, PHONE)
    carol.goto(f"{web}/portal/cases/{case.id}/")
    money = carol.locator("#money")
    expect(money).to_contain_text(
        "Your trust balance is $1,000.00; your firm asks you to keep at least $1,500.00."
    )
    fund_now = re.compile(r"^Fund now\W+add to your trust balance$")
    carol.get_by_role("link", name=fund_now).click()

    # then Fund Now says how short she is, prefilled with it
    expect(carol.get_by_role("heading", level=1)).to_have_text("Add money to your trust balance")
    expect(carol.get_by_text("you are $500.00 short")).to_be_visible()
    expect(carol.get_by_label("Amount to pay (USD)")).to_have_value("500.00")
    carol.get_by_role("button", name="Continue to payment").click()

    # a declined card on the sandbox's checkout page: said plainly, nothing posted
    expect(carol.get_by_role("heading", name="Pay $500.00")).to_be_visible()
    pay_on_the_checkout_page(carol, "4000 0000 0000 0002")
    expect(carol.get_by_role("alert")).to_contain_text("Your card was declined.")
    expect(carol.get_by_role("alert")).to_contain_text("Nothing was charged")
    assert set(entries.values_list("id", flat=True)) == entries_before

    # then a card that works: back on the portal once the webhook has posted the deposit
    pay_on_the_checkout_page(carol, "4242 4242 4242 4242")
    expect(carol).to_have_url(re.compile(r"/portal/payments/[0-9a-f-]+/\?returned=paid"))
    expect(carol.get_by_role("heading", level=1)).to_have_text("Thank you: we received $500.00")
    expect(carol.get_by_text("It is in your trust balance.")).to_be_visible()

    carol.get_by_role("link", name=f"Back to {case.name}").click()
    expect(carol.locator("#money")).to_contain_text(
        "Your trust balance is $1,500.00; your firm asks you to keep at least $1,500.00."
    )
    expect(carol.get_by_role("link", name=fund_now)).to_have_count(0)

    # alice's open case page shows the deposit, without a reload
    expect(ledger_heading).to_have_text("Carol Marsh: $1,500.00 in trust")
    (deposit,) = entries.exclude(id__in=entries_before)
    expect(alice.locator(f"#entry-{deposit.id}")).to_contain_text("Deposit")
    expect(alice.locator(f"#entry-{deposit.id}")).to_contain_text("$500.00")
    assert still_the_same_document(alice)

    # the ledger: one deposit, by card, its reference the PaymentIntent that paid it
    attempt = CheckoutAttempt.objects.get(case=case, purpose="trust")
    assert attempt.status == CheckoutAttempt.Status.PAID
    assert (deposit.kind, deposit.amount_minor, deposit.delta_minor, deposit.method) == (
        TrustEntry.Kind.DEPOSIT,
        50000,
        50000,
        "card",
    )
    assert deposit.reference == attempt.payment_intent_id
    assert deposit.reference.startswith("pi_")

    # the deposit's receipt downloads from carol's financial history
    carol.get_by_role("link", name="Your financial history and receipts").click()
    receipt = carol.get_by_role("link", name=re.compile(f"Receipt {deposit.receipt_number}"))
    with carol.expect_download(timeout=60_000) as download:  # WeasyPrint renders it
        receipt.click()
    with open(download.value.path(), "rb") as pdf:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    today = timezone.localdate().strftime("%-d %B %Y")
    for words in (
        "Harbor & Vale LLP",
        "Carol",
        "$500.00",
        today,
        deposit.receipt_number,
        "Card",
        "Deposit into trust",
    ):
        assert words in text, f"{words!r} not in the receipt: {text}"
