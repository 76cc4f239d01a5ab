"""Invoices, payments and the trust ledger through the actions: what is posted, what is
refused in plain words with nothing posted, and that posted money never changes."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from portico.core.errors import InvalidInput
from portico.money import actions
from portico.money.events import (
    EntryReversed,
    InvoiceIssued,
    PaymentRecorded,
    TrustApplied,
    TrustDeposited,
)
from portico.money.models import Invoice, Payment, PostedRowChanged, TrustBalance, TrustEntry
from portico.money.queries import get_invoice_for_firm, trust_balance
from portico.testing.events import capture_events
from portico.testing.factories import carol_of, dan_of, make_case
from portico.testing.money import put_deposit, put_invoice


@pytest.fixture
def carol(harbor, alice):
    return carol_of(harbor, actor=alice)


@pytest.fixture
def case(harbor, alice, carol):
    return make_case(harbor, [carol], actor=alice)


def _posted() -> tuple[int, int]:
    return Payment.objects.count(), TrustEntry.objects.count()


def _balance_of(invoice) -> int:
    return get_invoice_for_firm(invoice.firm_id, invoice.id).balance_minor


def test_issuing_numbers_and_dates_the_invoice_and_says_so(harbor, alice, carol, case):
    draft = put_invoice(case, carol, alice, amounts=(100000, 25000), issue=False)
    with capture_events() as events:
        issued = actions.issue_invoice(invoice=draft, actor=alice)
    assert issued.status == Invoice.Status.ISSUED
    assert issued.number == "INV-00001"
    assert issued.due_on > issued.issued_on
    assert _balance_of(issued) == 125000
    assert [type(e) for e in events] == [InvoiceIssued]
    second = put_invoice(case, carol, alice)
    assert second.number == "INV-00002"


def test_paying_part_then_the_rest_marks_the_invoice_paid(harbor, alice, carol, case):
    invoice = put_invoice(case, carol, alice, amounts=(125000,))
    with capture_events() as events:
        first = actions.record_payment(
            invoice=invoice, amount_minor=50000, method="check", reference="chk-1001", actor=alice
        )
    assert [type(e) for e in events] == [PaymentRecorded]
    assert first.receipt_number == "R-000001"
    assert _balance_of(invoice) == 75000
    actions.record_payment(
        invoice=invoice, amount_minor=75000, method="wire", reference="wire-77", actor=alice
    )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert _balance_of(invoice) == 0


def test_the_same_reference_twice_posts_one_payment(harbor, alice, carol, case):
    invoice = put_invoice(case, carol, alice)
    first = actions.record_payment(
        invoice=invoice, amount_minor=1000, method="card", reference="pi_123", actor=None
    )
    with capture_events() as events:
        again = actions.record_payment(
            invoice=invoice, amount_minor=1000, method="card", reference="pi_123", actor=None
        )
    assert again.id == first.id
    assert events == []
    assert Payment.objects.count() == 1


def test_the_same_reference_for_another_amount_is_refused(harbor, alice, carol, case):
    invoice = put_invoice(case, carol, alice)
    actions.record_payment(
        invoice=invoice, amount_minor=1000, method="card", reference="pi_9", actor=None
    )
    with pytest.raises(InvalidInput, match="already used"):
        actions.record_payment(
            invoice=invoice, amount_minor=2000, method="card", reference="pi_9", actor=None
        )
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("amount", "currency", "message"),
    [
        (125001, None, "more than the $1,250.00 still owed"),
        (0, None, "more than zero"),
        (-500, None, "more than zero"),
        (1000, "EUR", "kept in USD"),
    ],
    ids=["overpayment", "zero", "negative", "currency-mismatch"],
)
def test_a_bad_payment_is_refused_in_plain_words_and_posts_nothing(
    harbor, alice, carol, case, amount, currency, message
):
    invoice = put_invoice(case, carol, alice)
    before = _posted()
    with capture_events() as events, pytest.raises(InvalidInput) as refused:
        actions.record_payment(
            invoice=invoice,
            amount_minor=amount,
            method="check",
            reference="chk-1",
            actor=alice,
            currency=currency,
        )
    assert message in str(refused.value)
    assert _posted() == before
    assert events == []


def test_paying_a_void_a_paid_or_a_draft_invoice_is_refused(harbor, alice, carol, case):
    void = actions.void_invoice(invoice=put_invoice(case, carol, alice), actor=alice, reason="x")
    paid = put_invoice(case, carol, alice, amounts=(1000,))
    actions.record_payment(
        invoice=paid, amount_minor=1000, method="check", reference="c1", actor=alice
    )
    draft = put_invoice(case, carol, alice, issue=False)
    before = _posted()
    for invoice, words in [(void, "is void"), (paid, "paid in full"), (draft, "still a draft")]:
        invoice.refresh_from_db()
        with pytest.raises(InvalidInput, match=words):
            actions.record_payment(
                invoice=invoice, amount_minor=1, method="check", reference=f"r-{words}", actor=alice
            )
        with pytest.raises(InvalidInput, match=words):
            actions.apply_trust(invoice=invoice, amount_minor=1, actor=alice)
    assert _posted() == before


def test_trust_deposit_application_refund_and_reversal(harbor, alice, carol, case):
    with capture_events() as events:
        deposit = actions.deposit_trust(
            case=case,
            contact=carol,
            amount_minor=300000,
            method="wire",
            reference="w-1",
            actor=alice,
        )
    assert [type(e) for e in events] == [TrustDeposited]
    assert deposit.receipt_number.startswith("R-")
    invoice = put_invoice(case, carol, alice, amounts=(125000,))
    with capture_events() as events:
        applied = actions.apply_trust(invoice=invoice, amount_minor=125000, actor=alice)
    assert [type(e) for e in events] == [TrustApplied]
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert trust_balance(harbor.id, case, carol.id) == 175000
    actions.refund_trust(case=case, contact=carol, amount_minor=25000, actor=alice)
    assert trust_balance(harbor.id, case, carol.id) == 150000
    with capture_events() as events:
        reversal = actions.reverse_entry(entry=applied, actor=alice, reason="Applied in error")
    assert [type(e) for e in events] == [EntryReversed]
    assert reversal.delta_minor == 125000
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    assert _balance_of(invoice) == 125000
    assert trust_balance(harbor.id, case, carol.id) == 275000
    assert TrustBalance.objects.get(case=case, contact=carol).balance_minor == 275000
    with pytest.raises(InvalidInput, match="reversed already"):
        actions.reverse_entry(entry=applied, actor=alice, reason="again")
    with pytest.raises(InvalidInput, match="cannot be reversed"):
        actions.reverse_entry(entry=reversal, actor=alice, reason="again")


def test_trust_is_never_applied_beyond_the_balance_or_what_is_owed(harbor, alice, carol, case):
    put_deposit(case, carol, alice, 30000)
    invoice = put_invoice(case, carol, alice, amounts=(125000,))
    small = put_invoice(case, carol, alice, amounts=(1000,))
    before = _posted()
    with pytest.raises(InvalidInput, match=r"\$300.00 this client holds in trust"):
        actions.apply_trust(invoice=invoice, amount_minor=30001, actor=alice)
    with pytest.raises(InvalidInput, match=r"\$10.00 still owed"):
        actions.apply_trust(invoice=small, amount_minor=1001, actor=alice)
    with pytest.raises(InvalidInput, match=r"holds in trust"):
        actions.refund_trust(case=case, contact=carol, amount_minor=30001, actor=alice)
    assert _posted() == before


def test_reversing_a_deposit_already_spent_is_refused(harbor, alice, carol, case):
    deposit = put_deposit(case, carol, alice, 30000)
    actions.refund_trust(case=case, contact=carol, amount_minor=20000, actor=alice)
    with pytest.raises(InvalidInput, match="below zero"):
        actions.reverse_entry(entry=deposit, actor=alice, reason="Bounced check")
    assert trust_balance(harbor.id, case, carol.id) == 10000


def test_a_client_cannot_apply_trust(harbor, alice, carol, case):
    put_deposit(case, carol, alice, 30000)
    invoice = put_invoice(case, carol, alice)
    with pytest.raises(InvalidInput, match="Only the firm's staff"):
        actions.apply_trust(invoice=invoice, amount_minor=100, actor=carol)


def test_money_for_someone_not_a_client_of_the_case_is_refused(harbor, alice, carol, case):
    dan = dan_of(harbor, actor=alice)
    with pytest.raises(InvalidInput, match="client of this case"):
        put_deposit(case, dan, alice, 100)
    with pytest.raises(InvalidInput, match="client of this case"):
        put_invoice(case, dan, alice)


def test_a_deposit_retried_with_its_reference_posts_once(harbor, alice, carol, case):
    kwargs = dict(case=case, contact=carol, amount_minor=5000, method="card", reference="cs_1")
    first = actions.deposit_trust(**kwargs, actor=None)
    assert actions.deposit_trust(**kwargs, actor=None).id == first.id
    assert TrustEntry.objects.count() == 1
    assert trust_balance(harbor.id, case, carol.id) == 5000


def test_issued_lines_are_fixed_and_paid_invoices_cannot_be_voided(harbor, alice, carol, case):
    invoice = put_invoice(case, carol, alice)
    with pytest.raises(InvalidInput, match="lines are fixed"):
        actions.add_invoice_line(
            invoice=invoice, line=actions.LineInput("More work", 100), actor=alice
        )
    actions.record_payment(
        invoice=invoice, amount_minor=100, method="check", reference="c-5", actor=alice
    )
    with pytest.raises(InvalidInput, match="cannot be voided"):
        actions.void_invoice(invoice=invoice, actor=alice)


def test_posted_entries_never_change_through_the_models(harbor, alice, carol, case):
    entry = put_deposit(case, carol, alice, 30000)
    entry.amount_minor = 1
    with pytest.raises(PostedRowChanged):
        entry.save()
    with pytest.raises(PostedRowChanged):
        entry.delete()
    with pytest.raises(PostedRowChanged):
        TrustEntry.objects.filter(pk=entry.pk).update(amount_minor=1)
    with pytest.raises(PostedRowChanged):
        TrustEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.amount_minor == 30000


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists on PostgreSQL only; CI runs it there",
)
def test_posted_entries_never_change_in_the_database(harbor, alice, carol, case):
    entry = put_deposit(case, carol, alice, 30000)
    for sql in (
        "UPDATE money_trustentry SET amount_minor = 1 WHERE id = %s",
        "DELETE FROM money_trustentry WHERE id = %s",
    ):
        with (
            pytest.raises(Exception, match="posted money never changes"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.id])
    entry.refresh_from_db()
    assert entry.amount_minor == 30000
