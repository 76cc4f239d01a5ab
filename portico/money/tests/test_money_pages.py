"""Money on the workspace's pages: alice drafts, issues and is paid an invoice, keeps carol's
trust ledger, and each refusal is said beside its field with nothing posted. PDFs of invoices
and receipts carry what a client and an auditor look for. The month's reconciliation balances,
and lists every difference planted in it."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from portico.money.models import Invoice, Payment, TrustBalance, TrustEntry
from portico.money.reconciliation import register_trust_account_reader
from portico.testing.factories import carol_of, make_case
from portico.testing.money import put_deposit, put_invoice


@pytest.fixture
def carol(harbor, alice):
    return carol_of(harbor, actor=alice)


@pytest.fixture
def case(harbor, alice, carol):
    return make_case(harbor, [carol], number="HV-2026-014", actor=alice)


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_alice_drafts_issues_and_records_payments_on_an_invoice(as_alice, carol, case):
    page = as_alice.get(f"/workspace/cases/{case.id}/")
    assert "No invoices yet." in page.content.decode()
    # when alice drafts an invoice with a first line, then adds an expense
    response = as_alice.post(
        f"/workspace/cases/{case.id}/money/invoices/new/",
        {
            "contact": carol.id,
            "kind": "fee",
            "description": "Drafting the complaint",
            "amount": "1,000.00",
        },
    )
    invoice = Invoice.objects.get(case=case)
    assert response.status_code == 302 and response.url == f"/workspace/invoices/{invoice.id}/"
    as_alice.post(
        f"/workspace/invoices/{invoice.id}/lines/",
        {"kind": "expense", "description": "Court filing fee", "amount": "250"},
    )
    # and issues it after the confirmation page
    confirm = as_alice.get(f"/workspace/invoices/{invoice.id}/issue/").content.decode()
    assert "Issue this invoice for $1,250.00 to Carol Marsh?" in confirm
    as_alice.post(f"/workspace/invoices/{invoice.id}/issue/", {"due_on": ""})
    invoice.refresh_from_db()
    assert invoice.status == "issued" and invoice.number == "INV-00001"
    # then a check for part of it is recorded, and the rest by wire
    as_alice.post(
        f"/workspace/invoices/{invoice.id}/payments/",
        {"amount": "500.00", "method": "check", "reference": "1042", "token": "t1"},
    )
    as_alice.post(
        f"/workspace/invoices/{invoice.id}/payments/",
        {"amount": "750.00", "method": "wire", "reference": "", "token": "t2"},
    )
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    page = as_alice.get(f"/workspace/cases/{case.id}/").content.decode()
    assert "$500.00 from Carol Marsh on INV-00001 (check)" in page
    assert "Receipt R-000002" in page


def test_an_overpayment_is_refused_beside_its_field_and_posts_nothing(as_alice, carol, case):
    invoice = put_invoice(case, carol, None, amounts=(125000,))
    response = as_alice.post(
        f"/workspace/invoices/{invoice.id}/payments/",
        {"amount": "1250.01", "method": "check", "reference": "", "token": "t"},
    )
    assert response.status_code == 422
    assert (
        "That is more than the $1,250.00 still owed on Invoice INV-00001."
        in response.content.decode()
    )
    assert Payment.objects.count() == 0
    for amount, words in [("0", "more than zero"), ("-5", "zero or more"), ("1e3", "like 1500.00")]:
        response = as_alice.post(
            f"/workspace/invoices/{invoice.id}/payments/",
            {"amount": amount, "method": "check", "reference": "", "token": "t"},
        )
        assert response.status_code == 422 and words in response.content.decode()
    assert Payment.objects.count() == 0


def test_a_resubmitted_payment_form_posts_once(as_alice, carol, case):
    invoice = put_invoice(case, carol, None, amounts=(125000,))
    form = {"amount": "100.00", "method": "check", "reference": "", "token": "same-form"}
    as_alice.post(f"/workspace/invoices/{invoice.id}/payments/", form)
    as_alice.post(f"/workspace/invoices/{invoice.id}/payments/", form)
    assert Payment.objects.count() == 1


def test_alice_keeps_carols_trust_ledger(as_alice, harbor, carol, case):
    as_alice.post(
        f"/workspace/cases/{case.id}/money/deposits/",
        {"contact": carol.id, "amount": "3000", "method": "wire", "reference": "", "token": "d1"},
    )
    invoice = put_invoice(case, carol, None, amounts=(125000,))
    confirm = as_alice.get(f"/workspace/invoices/{invoice.id}/apply-trust/").content.decode()
    assert "Carol Marsh holds $3,000.00 in trust on this case" in confirm
    assert 'value="1250.00"' in confirm
    as_alice.post(
        f"/workspace/invoices/{invoice.id}/apply-trust/", {"amount": "1250.00", "token": "a1"}
    )
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    # refusing a refund beyond the balance
    response = as_alice.post(
        f"/workspace/cases/{case.id}/money/refunds/",
        {"contact": carol.id, "amount": "1750.01", "method": "check", "memo": "", "token": "r1"},
    )
    assert response.status_code == 422
    assert "more than the $1,750.00 this client holds in trust" in response.content.decode()
    # reversing the application puts the money back and reopens the invoice
    applied = TrustEntry.objects.get(kind="application")
    page = as_alice.get(f"/workspace/trust-entries/{applied.id}/reverse/").content.decode()
    assert "Reverse this payment of Invoice INV-00001 from trust of $1,250.00?" in page
    as_alice.post(
        f"/workspace/trust-entries/{applied.id}/reverse/",
        {"reason": "Wrong invoice", "token": "v1"},
    )
    invoice.refresh_from_db()
    assert invoice.status == "issued"
    page = as_alice.get(f"/workspace/cases/{case.id}/").content.decode()
    assert "Carol Marsh: $3,000.00 in trust" in page
    assert TrustBalance.objects.get(case=case, contact=carol).balance_minor == 300000


def test_the_receipt_and_invoice_pdfs_say_who_paid_what_when(as_alice, harbor, carol, case):
    invoice = put_invoice(case, carol, None, amounts=(125000,))
    as_alice.post(
        f"/workspace/invoices/{invoice.id}/payments/",
        {"amount": "500.00", "method": "check", "reference": "1042", "token": "t"},
    )
    payment = Payment.objects.get()
    response = as_alice.get(f"/workspace/payments/{payment.id}/receipt.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = _text(response)
    today = timezone.localdate()
    for words in (
        "Harbor & Vale LLP",
        "Carol Marsh",
        "Marsh v. Bayline Logistics",
        "$500.00",
        f"{today.day} {today:%B %Y}",
        "Check",
        "R-000001",
    ):
        assert words in text, words
    text = _text(as_alice.get(f"/workspace/invoices/{invoice.id}/invoice.pdf"))
    for words in ("Invoice INV-00001", "Carol Marsh", "$1,250.00", "$750.00", "Balance due"):
        assert words in text, words


def test_the_reconciliation_balances_and_lists_a_planted_difference(as_alice, harbor, carol, case):
    put_deposit(case, carol, None, 300000)
    put_deposit(case, carol, None, 20000)
    month = timezone.localdate().strftime("%Y-%m")
    page = as_alice.get(f"/workspace/money/reconciliation/?month={month}").content.decode()
    assert "Balanced" in page and page.count("$3,200.00") >= 3
    # when the provider reports a cent less, and the balance row drifts from the ledger
    previous = register_trust_account_reader(lambda firm, month_end: 319999)
    try:
        TrustBalance.objects.filter(case=case).update(balance_minor=310000)
        page = as_alice.get(f"/workspace/money/reconciliation/?month={month}").content.decode()
    finally:
        register_trust_account_reader(previous)
    assert "Balanced" not in page
    assert (
        "The trust account holds $3,199.99 but the trust journal says $3,200.00: a difference of -$0.01."
        in page
    )
    assert (
        "Carol Marsh on Marsh v. Bayline Logistics: the ledger adds up to $3,200.00 but the "
        "balance kept for postings is $3,100.00." in page
    )


def test_last_months_reconciliation_counts_only_what_was_posted_by_its_end(
    as_alice, harbor, carol, case
):
    page = as_alice.get("/workspace/money/reconciliation/?month=2020-01").content.decode()
    assert "Balanced" in page and "No trust money held this month." in page
    response = as_alice.get("/workspace/money/reconciliation/?month=nonsense")
    assert "Choose a month like 2026-11." in response.content.decode()
