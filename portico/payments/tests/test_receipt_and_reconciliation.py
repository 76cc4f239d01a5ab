"""After a card payment: the client is emailed a receipt (over real SMTP, by the worker's task),
and the three-way reconciliation reads the trust account from Stripe and balances."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from portico.money.reconciliation import trust_account_balance
from portico.payments import actions
from portico.payments.models import CheckoutAttempt
from portico.testing.factories import carol_of, make_case
from portico.testing.money import put_deposit, put_invoice
from portico.testing.smtp import text_of

pytestmark = pytest.mark.django_db
CARD = "4242 4242 4242 4242"
RETURN = "http://testserver/portal/payments/{attempt}/"


def test_the_client_is_emailed_a_receipt_for_a_card_payment(
    payments_sandbox, harbor, alice, smtp_inbox, django_capture_on_commit_callbacks
):
    carol = carol_of(harbor)
    case = make_case(harbor, [carol], name="Marsh v. Wharf Street Lettings", actor=alice)
    invoice = put_invoice(case, carol, alice, amounts=(125000,))
    attempt = actions.start_checkout(
        purpose="invoice",
        case=case,
        contact=carol,
        invoice=invoice,
        amount_minor=40000,
        actor=None,
        return_url=RETURN,
    )
    with django_capture_on_commit_callbacks(execute=True):
        payments_sandbox.pay(attempt.checkout_url, CARD)
    mail = smtp_inbox.wait_for("carol@marsh.example")
    body = text_of(mail)
    assert "Harbor & Vale LLP" in mail["Subject"] and "$400.00" in mail["Subject"]
    assert "Receipt number: R-" in body
    assert "Amount: $400.00" in body
    assert "Paid by: Card" in body
    assert "Case: Marsh v. Wharf Street Lettings" in body
    assert f"Paid on: invoice {invoice.number}" in body


def test_the_trust_account_as_stripe_reports_it_matches_the_journal_after_fund_now(
    payments_sandbox, harbor, alice, django_capture_on_commit_callbacks
):
    carol = carol_of(harbor)
    case = make_case(harbor, [carol], actor=alice)
    case.minimum_trust_balance = 150000
    case.save(update_fields=["minimum_trust_balance"])
    put_deposit(case, carol, alice, 50000)  # a check, never through Stripe
    attempt = actions.start_checkout(
        purpose="trust",
        case=case,
        contact=carol,
        amount_minor=100000,
        actor=None,
        return_url=RETURN,
    )
    with django_capture_on_commit_callbacks(execute=True):
        payments_sandbox.pay(attempt.checkout_url, CARD)
    assert CheckoutAttempt.objects.get().status == "paid"
    month_end = timezone.now() + datetime.timedelta(minutes=1)
    # Stripe's trust account holds the card deposit, gross; the check is the firm's record
    assert trust_account_balance(harbor, month_end) == 150000
