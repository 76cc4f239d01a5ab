"""The trust ledger per case and client: deposits, applying trust to an invoice, refunds and
reversals. Entries are append-only: a posted entry never changes, a reversal is a new one."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from portico.audit.actions import Actor
from portico.core.errors import ErrorCollector, InvalidInput, check_choice
from portico.core.money import format_minor_units
from portico.matters.models import Case
from portico.money.actions._common import (
    check_amount,
    check_currency,
    check_payable,
    check_received_at,
    clean_reference,
    clean_text,
    invoice_balance,
    is_client_of,
    lock_balance,
    lock_invoice,
    next_number,
    posted_with,
    record_and_publish,
    recorded_by,
    same_posting,
    settle_status,
    staff_only,
)
from portico.money.amounts import display as money
from portico.money.events import (
    EntryReversed,
    MoneyVerb,
    TrustApplied,
    TrustDeposited,
    TrustRefunded,
)
from portico.money.models import (
    DESCRIPTION_MAX_LENGTH,
    Invoice,
    Method,
    TrustBalance,
    TrustEntry,
)


def _post_entry(balance: TrustBalance, **fields) -> TrustEntry:
    entry = TrustEntry.objects.create(
        firm_id=balance.firm_id,
        case_id=balance.case_id,
        contact_id=balance.contact_id,
        currency=balance.currency,
        **fields,
    )
    balance.balance_minor += entry.delta_minor
    balance.save(update_fields=["balance_minor"])
    return entry


def _optional_reference(
    errors: ErrorCollector, firm_id, reference
) -> tuple[str, TrustEntry | None]:
    reference = clean_reference(errors, reference, required=False)
    existing = None
    if reference and not errors:
        existing = posted_with(TrustEntry, firm_id, reference)
    return reference, existing


def deposit_trust(
    *,
    case: Case,
    contact,
    amount_minor: int,
    method: str,
    reference: str,
    actor: Actor,
    received_at: datetime.datetime | None = None,
    currency: str | None = None,
    memo: str = "",
) -> TrustEntry:
    """Money received into the trust account for one client of the case. Called again with the
    same `reference`, it returns the first deposit."""
    errors = ErrorCollector()
    check_amount(errors, amount_minor)
    check_choice(errors, "method", method, Method, required=True, what="payment method")
    reference = clean_reference(errors, reference, required=True)
    memo = clean_text(errors, "memo", memo, DESCRIPTION_MAX_LENGTH, "memo")
    received = check_received_at(errors, received_at)
    errors.raise_if_any()
    contact_id = getattr(contact, "pk", contact)
    expected = {
        "kind": TrustEntry.Kind.DEPOSIT,
        "case_id": case.id,
        "contact_id": contact_id,
        "amount_minor": amount_minor,
    }
    if (existing := posted_with(TrustEntry, case.firm_id, reference)) is not None:
        return same_posting(existing, **expected)
    check_currency(errors, currency, case.currency)
    if not is_client_of(case, contact):
        errors.add("contact", "Choose a client of this case.")
    errors.raise_if_any()
    try:
        with transaction.atomic():
            balance = lock_balance(case, contact_id)
            if (existing := posted_with(TrustEntry, case.firm_id, reference)) is not None:
                return same_posting(existing, **expected)
            entry = _post_entry(
                balance,
                kind=TrustEntry.Kind.DEPOSIT,
                amount_minor=amount_minor,
                delta_minor=amount_minor,
                method=method,
                reference=reference,
                receipt_number=f"R-{next_number(case.firm_id, 'receipt'):06d}",
                memo=memo,
                received_at=received,
                recorded_by=recorded_by(actor),
            )
            record_and_publish(
                MoneyVerb.TRUST_DEPOSITED,
                TrustDeposited,
                case=case,
                contact_id=contact_id,
                actor=actor,
                obj=entry,
                after={
                    "amount": format_minor_units(amount_minor, case.currency),
                    "method": method,
                    "reference": reference,
                },
                entry_id=entry.id,
            )
    except IntegrityError:
        # Another process posted this reference between our look and our write.
        existing = posted_with(TrustEntry, case.firm_id, reference)
        if existing is None:
            raise
        return same_posting(existing, **expected)
    return entry


def apply_trust(
    *,
    invoice: Invoice,
    amount_minor: int,
    actor: Actor,
    reference: str = "",
    memo: str = "",
    received_at: datetime.datetime | None = None,
) -> TrustEntry:
    """Move the invoice's client's trust money on its case to operating to pay it: staff only,
    only against an issued invoice, never more than it owes or than the client has in trust."""
    errors = ErrorCollector()
    staff_only(errors, actor, "apply trust money to an invoice")
    check_amount(errors, amount_minor)
    memo = clean_text(errors, "memo", memo, DESCRIPTION_MAX_LENGTH, "memo")
    effective = check_received_at(errors, received_at)
    reference, existing = _optional_reference(errors, invoice.firm_id, reference)
    errors.raise_if_any()
    if existing is not None:
        return same_posting(
            existing,
            kind=TrustEntry.Kind.APPLICATION,
            invoice_id=invoice.id,
            amount_minor=amount_minor,
        )
    case = invoice.case
    with transaction.atomic():
        balance = lock_balance(case, invoice.contact_id)
        invoice = lock_invoice(invoice)
        check_payable(errors, invoice)
        if not errors:
            owed = invoice_balance(invoice)
            if amount_minor > owed:
                errors.add(
                    "amount",
                    f"That is more than the {money(owed, invoice.currency)} still owed on {invoice}.",
                )
            elif amount_minor > balance.balance_minor:
                errors.add(
                    "amount",
                    f"That is more than the {money(balance.balance_minor, case.currency)} this "
                    "client holds in trust on this case.",
                )
        errors.raise_if_any()
        entry = _post_entry(
            balance,
            kind=TrustEntry.Kind.APPLICATION,
            amount_minor=amount_minor,
            delta_minor=-amount_minor,
            invoice=invoice,
            reference=reference,
            memo=memo or f"Applied to {invoice}",
            received_at=effective,
            recorded_by=recorded_by(actor),
        )
        settle_status(invoice)
        record_and_publish(
            MoneyVerb.TRUST_APPLIED,
            TrustApplied,
            case=case,
            contact_id=invoice.contact_id,
            actor=actor,
            obj=entry,
            after={
                "invoice": invoice.number,
                "amount": format_minor_units(amount_minor, case.currency),
            },
            entry_id=entry.id,
            invoice_id=invoice.id,
        )
    return entry


def refund_trust(
    *,
    case: Case,
    contact,
    amount_minor: int,
    actor: Actor,
    method: str = Method.CHECK,
    reference: str = "",
    memo: str = "",
    received_at: datetime.datetime | None = None,
) -> TrustEntry:
    """Pay unearned trust money back to the client: never more than they hold on the case."""
    errors = ErrorCollector()
    staff_only(errors, actor, "refund trust money")
    check_amount(errors, amount_minor)
    effective = check_received_at(errors, received_at)
    check_choice(errors, "method", method, Method, required=True, what="payment method")
    memo = clean_text(errors, "memo", memo, DESCRIPTION_MAX_LENGTH, "memo")
    reference, existing = _optional_reference(errors, case.firm_id, reference)
    contact_id = getattr(contact, "pk", contact)
    errors.raise_if_any()
    if existing is not None:
        return same_posting(
            existing,
            kind=TrustEntry.Kind.REFUND,
            case_id=case.id,
            contact_id=contact_id,
            amount_minor=amount_minor,
        )
    if not is_client_of(case, contact):
        errors.add("contact", "Choose a client of this case.")
    errors.raise_if_any()
    with transaction.atomic():
        balance = lock_balance(case, contact_id)
        if amount_minor > balance.balance_minor:
            raise InvalidInput(
                {
                    "amount": [
                        f"That is more than the {money(balance.balance_minor, case.currency)} this "
                        "client holds in trust on this case."
                    ]
                }
            )
        entry = _post_entry(
            balance,
            kind=TrustEntry.Kind.REFUND,
            amount_minor=amount_minor,
            delta_minor=-amount_minor,
            method=method,
            reference=reference,
            memo=memo,
            received_at=effective,
            recorded_by=recorded_by(actor),
        )
        record_and_publish(
            MoneyVerb.TRUST_REFUNDED,
            TrustRefunded,
            case=case,
            contact_id=contact_id,
            actor=actor,
            obj=entry,
            after={"amount": format_minor_units(amount_minor, case.currency), "method": method},
            entry_id=entry.id,
        )
    return entry


def reverse_entry(
    *,
    entry: TrustEntry,
    actor: Actor,
    reason: str,
    reference: str = "",
    received_at: datetime.datetime | None = None,
) -> TrustEntry:
    """Undo a posted entry with a new one of the opposite effect; the original stays as it was.
    A reversal is never itself reversed, an entry is reversed once, and a reversal never takes
    the client's balance below zero."""
    errors = ErrorCollector()
    staff_only(errors, actor, "reverse a trust entry")
    reason = clean_text(errors, "reason", reason, DESCRIPTION_MAX_LENGTH, "reason")
    if not reason:
        errors.add("reason", "Say why the entry is reversed.")
    if entry.kind == TrustEntry.Kind.REVERSAL:
        errors.add("entry", "A reversal cannot be reversed: post the entry again instead.")
    effective = check_received_at(errors, received_at)
    reference, existing = _optional_reference(errors, entry.firm_id, reference)
    errors.raise_if_any()
    if existing is not None:
        return same_posting(existing, kind=TrustEntry.Kind.REVERSAL, reverses_id=entry.id)
    case = Case.objects.for_firm(entry.firm_id).get(pk=entry.case_id)
    with transaction.atomic():
        balance = lock_balance(case, entry.contact_id)
        invoice = lock_invoice(entry.invoice) if entry.invoice_id else None
        if TrustEntry.objects.filter(reverses=entry).exists():
            raise InvalidInput({"entry": ["That entry was reversed already."]})
        if balance.balance_minor - entry.delta_minor < 0:
            raise InvalidInput(
                {
                    "entry": [
                        "Reversing it would take this client's trust balance below zero: "
                        f"they hold {money(balance.balance_minor, case.currency)} on this case."
                    ]
                }
            )
        reversal = _post_entry(
            balance,
            kind=TrustEntry.Kind.REVERSAL,
            amount_minor=entry.amount_minor,
            delta_minor=-entry.delta_minor,
            invoice=invoice,
            reverses=entry,
            reference=reference,
            memo=reason,
            received_at=effective,
            recorded_by=recorded_by(actor),
        )
        if invoice is not None:
            settle_status(invoice)
        record_and_publish(
            MoneyVerb.ENTRY_REVERSED,
            EntryReversed,
            case=case,
            contact_id=entry.contact_id,
            actor=actor,
            obj=reversal,
            after={
                "reverses": str(entry),
                "amount": format_minor_units(entry.amount_minor, case.currency),
                "reason": reason,
            },
            entry_id=reversal.id,
            reversed_entry_id=entry.id,
        )
    return reversal
