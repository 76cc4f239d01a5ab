"""Writes to money on a case: invoices, payments into the operating account, and the trust
ledger. Callers found the case, invoice or entry through the caller's own queries.

Every action checks its whole input before writing and raises `InvalidInput` in plain words,
writing nothing. Postings lock before they read a balance (the client's `TrustBalance` row, the
invoice row; always in that order), so two at once never both spend the same money. Payments
and deposits are idempotent on the firm and `reference`: a retried click or a webhook delivered
twice gets the first posting back and posts nothing new.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from portico.audit.actions import Actor, describe_actor, record_audit
from portico.audit.models import AuditEvent
from portico.core.errors import ErrorCollector, InvalidInput, check_choice
from portico.core.events import publish_on_commit
from portico.core.money import MAX_MINOR_UNITS, format_minor_units
from portico.matters.models import Case, CaseClient
from portico.money.amounts import display as money
from portico.money.events import (
    EntryReversed,
    InvoiceChanged,
    InvoiceDrafted,
    InvoiceIssued,
    InvoiceVoided,
    MoneyVerb,
    PaymentRecorded,
    TrustApplied,
    TrustDeposited,
    TrustRefunded,
)
from portico.money.models import (
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    REFERENCE_MAX_LENGTH,
    Counter,
    Invoice,
    InvoiceLine,
    Method,
    Payment,
    TrustBalance,
    TrustEntry,
)

DEFAULT_DAYS_TO_PAY = 30
MAX_LINES = 100


# Checks shared by the postings


def _check_amount(errors: ErrorCollector, amount_minor, field: str = "amount") -> None:
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int):
        errors.add(field, "Enter an amount like 1500.00.")
    elif amount_minor <= 0:
        errors.add(field, "Enter an amount more than zero.")
    elif amount_minor >= MAX_MINOR_UNITS:
        errors.add(field, "That amount is too large.")


def _check_currency(errors: ErrorCollector, currency: str | None, expected: str) -> None:
    if currency is not None and str(currency).strip().upper() != expected.upper():
        errors.add(
            "currency",
            f"This is kept in {expected.upper()}; a payment in {str(currency)[:3].upper() or 'no currency'} "
            "cannot be recorded against it.",
        )


def _clean_reference(errors: ErrorCollector, reference, *, required: bool) -> str:
    reference = str(reference or "").strip()
    if not reference:
        if required:
            errors.add(
                "reference", "Enter a reference, like the check number or the transfer's id."
            )
    elif len(reference) > REFERENCE_MAX_LENGTH or "\x00" in reference:
        errors.add(
            "reference", f"Keep the reference to {REFERENCE_MAX_LENGTH} characters or fewer."
        )
    return reference


def _clean_text(errors: ErrorCollector, field: str, value, limit: int, what: str) -> str:
    value = str(value or "").strip()
    if len(value) > limit or "\x00" in value:
        errors.add(field, f"Keep the {what} to {limit} characters or fewer.")
    return value


def _check_received_at(errors: ErrorCollector, received_at) -> datetime.datetime:
    if received_at is None:
        return timezone.now()
    if isinstance(received_at, datetime.date) and not isinstance(received_at, datetime.datetime):
        received_at = datetime.datetime.combine(received_at, datetime.time(12), datetime.UTC)
    if received_at > timezone.now() + datetime.timedelta(minutes=5):
        errors.add("received_at", "The date received cannot be in the future.")
    return received_at


def _is_client_of(case: Case, contact) -> bool:
    return (
        contact is not None
        and CaseClient.objects.for_firm(case.firm_id).filter(case=case, contact=contact).exists()
    )


def _staff_only(errors: ErrorCollector, actor: Actor, what: str) -> None:
    if describe_actor(actor)[0] == AuditEvent.ActorKind.CLIENT:
        errors.add("actor", f"Only the firm's staff can {what}.")


def _recorded_by(actor: Actor) -> str:
    return describe_actor(actor)[2][:200]


def _next_number(firm_id, series: str) -> int:
    """The next number of the firm's series, taken under a lock so two postings never share one."""
    Counter.objects.bulk_create([Counter(firm_id=firm_id, series=series)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(firm_id=firm_id, series=series)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _lock_balance(case: Case, contact_id) -> TrustBalance:
    """The client's balance row on the case, locked until the transaction ends."""
    TrustBalance.objects.bulk_create(
        [
            TrustBalance(
                firm_id=case.firm_id, case=case, contact_id=contact_id, currency=case.currency
            )
        ],
        ignore_conflicts=True,
    )
    return TrustBalance.objects.select_for_update().get(
        firm_id=case.firm_id, case=case, contact_id=contact_id
    )


def _lock_invoice(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().get(firm_id=invoice.firm_id, pk=invoice.pk)


def _invoice_total(invoice: Invoice) -> int:
    return invoice.lines.aggregate(s=Sum("amount_minor"))["s"] or 0


def _invoice_paid(invoice: Invoice) -> int:
    """Payments into operating plus trust applied to it (less applications reversed)."""
    paid = Payment.objects.filter(invoice=invoice).aggregate(s=Sum("amount_minor"))["s"] or 0
    applied = TrustEntry.objects.filter(invoice=invoice).aggregate(s=Sum("delta_minor"))["s"] or 0
    return paid - applied


def _invoice_balance(invoice: Invoice) -> int:
    return _invoice_total(invoice) - _invoice_paid(invoice)


def _check_payable(errors: ErrorCollector, invoice: Invoice, field: str = "invoice") -> None:
    if invoice.status == Invoice.Status.DRAFT:
        errors.add(field, "This invoice is still a draft: issue it before anything is paid on it.")
    elif invoice.status == Invoice.Status.VOID:
        errors.add(field, f"{invoice} is void: nothing can be paid on it.")
    elif invoice.status == Invoice.Status.PAID:
        errors.add(field, f"{invoice} is paid in full: nothing is owed on it.")


def _settle_status(invoice: Invoice) -> None:
    """Paid once nothing is owed; issued again when a reversal leaves something owed."""
    balance = _invoice_balance(invoice)
    status = invoice.status
    if status == Invoice.Status.ISSUED and balance == 0:
        invoice.status = Invoice.Status.PAID
    elif status == Invoice.Status.PAID and balance > 0:
        invoice.status = Invoice.Status.ISSUED
    if invoice.status != status:
        invoice.save(update_fields=["status"])


def _on_case(case: Case, contact_id) -> dict:
    return {
        "firm_id": case.firm_id,
        "matter_id": case.matter_id,
        "case_id": case.id,
        "contact_id": contact_id,
    }


def _same_posting(existing, **expected) -> object:
    """A retry with the same reference gets the first posting back; the same reference for a
    different posting is refused (Stripe does the same with an idempotency key)."""
    for name, value in expected.items():
        if getattr(existing, name) != value:
            raise InvalidInput(
                {"reference": ["That reference was already used for a different posting."]}
            )
    return existing


# Invoices


@dataclass
class LineInput:
    description: str
    amount_minor: int
    kind: str = InvoiceLine.Kind.FEE


def _clean_line(errors: ErrorCollector, line: LineInput, prefix: str = "") -> LineInput:
    description = _clean_text(
        errors, f"{prefix}description", line.description, DESCRIPTION_MAX_LENGTH, "description"
    )
    if not description:
        errors.add(f"{prefix}description", "Describe the fee or expense.")
    check_choice(
        errors, f"{prefix}kind", line.kind, InvoiceLine.Kind, required=True, what="kind of line"
    )
    _check_amount(errors, line.amount_minor, f"{prefix}amount")
    return LineInput(description=description, amount_minor=line.amount_minor, kind=line.kind)


def _check_draft(errors: ErrorCollector, invoice: Invoice) -> None:
    if invoice.status != Invoice.Status.DRAFT:
        errors.add(
            "invoice", f"{invoice} is {invoice.get_status_display().lower()}: its lines are fixed."
        )


def _add_lines(invoice: Invoice, lines: list[LineInput]) -> None:
    start = invoice.lines.count()
    for i, line in enumerate(lines, start=start + 1):
        InvoiceLine.objects.create(
            firm_id=invoice.firm_id,
            invoice=invoice,
            kind=line.kind,
            description=line.description,
            amount_minor=line.amount_minor,
            position=i,
        )


def create_invoice(
    *,
    case: Case,
    contact,
    actor: Actor,
    lines: list[LineInput] | tuple = (),
    due_on: datetime.date | None = None,
    internal_note: str = "",
) -> Invoice:
    """A draft invoice to one of the case's clients, with any lines given."""
    errors = ErrorCollector()
    if not _is_client_of(case, contact):
        errors.add("contact", "Choose a client of this case to bill.")
    note = _clean_text(errors, "internal_note", internal_note, NOTE_MAX_LENGTH, "note")
    if len(lines) > MAX_LINES:
        errors.add("lines", f"An invoice has at most {MAX_LINES} lines.")
    clean = [_clean_line(errors, line, f"lines.{i}.") for i, line in enumerate(lines)]
    errors.raise_if_any()
    with transaction.atomic():
        invoice = Invoice.objects.create(
            firm_id=case.firm_id,
            case=case,
            contact=contact,
            currency=case.currency,
            due_on=due_on,
            internal_note=note,
        )
        _add_lines(invoice, clean)
        record_audit(
            firm_id=case.firm_id,
            actor=actor,
            verb=MoneyVerb.INVOICE_DRAFTED,
            obj=invoice,
            parent=case,
        )
        publish_on_commit(
            InvoiceDrafted(**_on_case(case, invoice.contact_id), invoice_id=invoice.id)
        )
    return invoice


def add_invoice_line(*, invoice: Invoice, line: LineInput, actor: Actor) -> InvoiceLine:
    errors = ErrorCollector()
    _check_draft(errors, invoice)
    clean = _clean_line(errors, line)
    if invoice.lines.count() >= MAX_LINES:
        errors.add("lines", f"An invoice has at most {MAX_LINES} lines.")
    errors.raise_if_any()
    with transaction.atomic():
        invoice = _lock_invoice(invoice)
        _add_lines(invoice, [clean])
        record_audit(
            firm_id=invoice.firm_id,
            actor=actor,
            verb=MoneyVerb.INVOICE_CHANGED,
            obj=invoice,
            parent=invoice.case,
            after={
                "added": clean.description,
                "amount": format_minor_units(clean.amount_minor, invoice.currency),
            },
        )
        publish_on_commit(
            InvoiceChanged(**_on_case(invoice.case, invoice.contact_id), invoice_id=invoice.id)
        )
    return invoice.lines.order_by("-position").first()


def remove_invoice_line(*, line: InvoiceLine, actor: Actor) -> None:
    invoice = line.invoice
    errors = ErrorCollector()
    _check_draft(errors, invoice)
    errors.raise_if_any()
    with transaction.atomic():
        invoice = _lock_invoice(invoice)
        description = line.description
        line.delete()
        record_audit(
            firm_id=invoice.firm_id,
            actor=actor,
            verb=MoneyVerb.INVOICE_CHANGED,
            obj=invoice,
            parent=invoice.case,
            before={"removed": description},
        )
        publish_on_commit(
            InvoiceChanged(**_on_case(invoice.case, invoice.contact_id), invoice_id=invoice.id)
        )


def issue_invoice(
    *,
    invoice: Invoice,
    actor: Actor,
    issued_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
) -> Invoice:
    """Number and date the draft; from now on its lines are fixed and the client sees it."""
    issued_on = issued_on or timezone.localdate()
    due_on = due_on or invoice.due_on or issued_on + datetime.timedelta(days=DEFAULT_DAYS_TO_PAY)
    errors = ErrorCollector()
    _check_draft(errors, invoice)
    if not errors and not invoice.lines.exists():
        errors.add("invoice", "Add at least one fee or expense before issuing the invoice.")
    if due_on < issued_on:
        errors.add("due_on", "The due date cannot be before the issue date.")
    errors.raise_if_any()
    with transaction.atomic():
        invoice = _lock_invoice(invoice)
        if invoice.status != Invoice.Status.DRAFT:
            raise InvalidInput({"invoice": [f"{invoice} was issued already."]})
        invoice.number = f"INV-{_next_number(invoice.firm_id, 'invoice'):05d}"
        invoice.status = Invoice.Status.ISSUED
        invoice.issued_on = issued_on
        invoice.due_on = due_on
        invoice.issued_at = timezone.now()
        invoice.save(update_fields=["number", "status", "issued_on", "due_on", "issued_at"])
        record_audit(
            firm_id=invoice.firm_id,
            actor=actor,
            verb=MoneyVerb.INVOICE_ISSUED,
            obj=invoice,
            parent=invoice.case,
            after={
                "number": invoice.number,
                "total": format_minor_units(_invoice_total(invoice), invoice.currency),
                "due_on": due_on,
            },
        )
        publish_on_commit(
            InvoiceIssued(**_on_case(invoice.case, invoice.contact_id), invoice_id=invoice.id)
        )
    return invoice


def void_invoice(*, invoice: Invoice, actor: Actor, reason: str = "") -> Invoice:
    """A draft or an issued invoice nothing was paid on stops being owed; it stays on record."""
    errors = ErrorCollector()
    reason = _clean_text(errors, "reason", reason, DESCRIPTION_MAX_LENGTH, "reason")
    errors.raise_if_any()
    with transaction.atomic():
        invoice = _lock_invoice(invoice)
        if invoice.status == Invoice.Status.VOID:
            raise InvalidInput({"invoice": [f"{invoice} is void already."]})
        if _invoice_paid(invoice) > 0:
            raise InvalidInput(
                {
                    "invoice": [
                        f"{invoice} has money paid on it, so it cannot be voided. "
                        "Reverse any trust applied to it first."
                    ]
                }
            )
        before = invoice.status
        invoice.status = Invoice.Status.VOID
        invoice.void_reason = reason
        invoice.voided_at = timezone.now()
        invoice.save(update_fields=["status", "void_reason", "voided_at"])
        record_audit(
            firm_id=invoice.firm_id,
            actor=actor,
            verb=MoneyVerb.INVOICE_VOIDED,
            obj=invoice,
            parent=invoice.case,
            before={"status": before},
            after={"status": invoice.status, "reason": reason},
        )
        publish_on_commit(
            InvoiceVoided(**_on_case(invoice.case, invoice.contact_id), invoice_id=invoice.id)
        )
    return invoice


# Payments into operating


def record_payment(
    *,
    invoice: Invoice,
    amount_minor: int,
    method: str,
    reference: str,
    actor: Actor,
    received_at: datetime.datetime | None = None,
    currency: str | None = None,
) -> Payment:
    """Money received into the operating account against an issued invoice, never more than
    is owed. Called again with the same `reference`, it returns the first payment."""
    errors = ErrorCollector()
    _check_amount(errors, amount_minor)
    check_choice(errors, "method", method, Method, required=True, what="payment method")
    reference = _clean_reference(errors, reference, required=True)
    received = _check_received_at(errors, received_at)
    errors.raise_if_any()
    existing = Payment.objects.for_firm(invoice.firm_id).filter(reference=reference).first()
    if existing is not None:
        return _same_posting(existing, invoice_id=invoice.id, amount_minor=amount_minor)
    _check_currency(errors, currency, invoice.currency)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            invoice = _lock_invoice(invoice)
            existing = Payment.objects.for_firm(invoice.firm_id).filter(reference=reference).first()
            if existing is not None:
                return _same_posting(existing, invoice_id=invoice.id, amount_minor=amount_minor)
            _check_payable(errors, invoice)
            if not errors:
                balance = _invoice_balance(invoice)
                if amount_minor > balance:
                    errors.add(
                        "amount",
                        f"That is more than the {money(balance, invoice.currency)} still owed "
                        f"on {invoice}.",
                    )
            errors.raise_if_any()
            payment = Payment.objects.create(
                firm_id=invoice.firm_id,
                invoice=invoice,
                case_id=invoice.case_id,
                contact_id=invoice.contact_id,
                amount_minor=amount_minor,
                currency=invoice.currency,
                method=method,
                reference=reference,
                receipt_number=f"R-{_next_number(invoice.firm_id, 'receipt'):06d}",
                received_at=received,
                recorded_by=_recorded_by(actor),
            )
            _settle_status(invoice)
            record_audit(
                firm_id=invoice.firm_id,
                actor=actor,
                verb=MoneyVerb.PAYMENT_RECORDED,
                obj=payment,
                parent=invoice.case,
                after={
                    "invoice": invoice.number,
                    "amount": format_minor_units(amount_minor, invoice.currency),
                    "method": method,
                    "reference": reference,
                },
            )
            publish_on_commit(
                PaymentRecorded(
                    **_on_case(invoice.case, invoice.contact_id),
                    invoice_id=invoice.id,
                    payment_id=payment.id,
                )
            )
    except IntegrityError:
        # Another process posted this reference between our look and our write.
        existing = Payment.objects.for_firm(invoice.firm_id).filter(reference=reference).first()
        if existing is None:
            raise
        return _same_posting(existing, invoice_id=invoice.id, amount_minor=amount_minor)
    return payment


# The trust ledger


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
    _check_amount(errors, amount_minor)
    check_choice(errors, "method", method, Method, required=True, what="payment method")
    reference = _clean_reference(errors, reference, required=True)
    memo = _clean_text(errors, "memo", memo, DESCRIPTION_MAX_LENGTH, "memo")
    received = _check_received_at(errors, received_at)
    errors.raise_if_any()
    contact_id = getattr(contact, "pk", contact)
    existing = TrustEntry.objects.for_firm(case.firm_id).filter(reference=reference).first()
    if existing is not None:
        return _same_posting(
            existing,
            kind=TrustEntry.Kind.DEPOSIT,
            case_id=case.id,
            contact_id=contact_id,
            amount_minor=amount_minor,
        )
    _check_currency(errors, currency, case.currency)
    if not _is_client_of(case, contact):
        errors.add("contact", "Choose a client of this case.")
    errors.raise_if_any()
    try:
        with transaction.atomic():
            balance = _lock_balance(case, contact_id)
            existing = TrustEntry.objects.for_firm(case.firm_id).filter(reference=reference).first()
            if existing is not None:
                return _same_posting(
                    existing,
                    kind=TrustEntry.Kind.DEPOSIT,
                    case_id=case.id,
                    contact_id=contact_id,
                    amount_minor=amount_minor,
                )
            entry = _post_entry(
                balance,
                kind=TrustEntry.Kind.DEPOSIT,
                amount_minor=amount_minor,
                delta_minor=amount_minor,
                method=method,
                reference=reference,
                receipt_number=f"R-{_next_number(case.firm_id, 'receipt'):06d}",
                memo=memo,
                received_at=received,
                recorded_by=_recorded_by(actor),
            )
            record_audit(
                firm_id=case.firm_id,
                actor=actor,
                verb=MoneyVerb.TRUST_DEPOSITED,
                obj=entry,
                parent=case,
                after={
                    "amount": format_minor_units(amount_minor, case.currency),
                    "method": method,
                    "reference": reference,
                },
            )
            publish_on_commit(TrustDeposited(**_on_case(case, contact_id), entry_id=entry.id))
    except IntegrityError:
        existing = TrustEntry.objects.for_firm(case.firm_id).filter(reference=reference).first()
        if existing is None:
            raise
        return _same_posting(
            existing,
            kind=TrustEntry.Kind.DEPOSIT,
            case_id=case.id,
            contact_id=contact_id,
            amount_minor=amount_minor,
        )
    return entry


def _optional_reference(
    errors: ErrorCollector, firm_id, reference
) -> tuple[str, TrustEntry | None]:
    reference = _clean_reference(errors, reference, required=False)
    existing = None
    if reference and not errors:
        existing = TrustEntry.objects.for_firm(firm_id).filter(reference=reference).first()
    return reference, existing


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
    _staff_only(errors, actor, "apply trust money to an invoice")
    _check_amount(errors, amount_minor)
    memo = _clean_text(errors, "memo", memo, DESCRIPTION_MAX_LENGTH, "memo")
    effective = _check_received_at(errors, received_at)
    reference, existing = _optional_reference(errors, invoice.firm_id, reference)
    errors.raise_if_any()
    if existing is not None:
        return _same_posting(
            existing,
            kind=TrustEntry.Kind.APPLICATION,
            invoice_id=invoice.id,
            amount_minor=amount_minor,
        )
    case = invoice.case
    with transaction.atomic():
        balance = _lock_balance(case, invoice.contact_id)
        invoice = _lock_invoice(invoice)
        _check_payable(errors, invoice)
        if not errors:
            owed = _invoice_balance(invoice)
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
            recorded_by=_recorded_by(actor),
        )
        _settle_status(invoice)
        record_audit(
            firm_id=case.firm_id,
            actor=actor,
            verb=MoneyVerb.TRUST_APPLIED,
            obj=entry,
            parent=case,
            after={
                "invoice": invoice.number,
                "amount": format_minor_units(amount_minor, case.currency),
            },
        )
        publish_on_commit(
            TrustApplied(
                **_on_case(case, invoice.contact_id), entry_id=entry.id, invoice_id=invoice.id
            )
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
    _staff_only(errors, actor, "refund trust money")
    _check_amount(errors, amount_minor)
    effective = _check_received_at(errors, received_at)
    check_choice(errors, "method", method, Method, required=True, what="payment method")
    memo = _clean_text(errors, "memo", memo, DESCRIPTION_MAX_LENGTH, "memo")
    reference, existing = _optional_reference(errors, case.firm_id, reference)
    contact_id = getattr(contact, "pk", contact)
    errors.raise_if_any()
    if existing is not None:
        return _same_posting(
            existing,
            kind=TrustEntry.Kind.REFUND,
            case_id=case.id,
            contact_id=contact_id,
            amount_minor=amount_minor,
        )
    if not _is_client_of(case, contact):
        errors.add("contact", "Choose a client of this case.")
    errors.raise_if_any()
    with transaction.atomic():
        balance = _lock_balance(case, contact_id)
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
            recorded_by=_recorded_by(actor),
        )
        record_audit(
            firm_id=case.firm_id,
            actor=actor,
            verb=MoneyVerb.TRUST_REFUNDED,
            obj=entry,
            parent=case,
            after={"amount": format_minor_units(amount_minor, case.currency), "method": method},
        )
        publish_on_commit(TrustRefunded(**_on_case(case, contact_id), entry_id=entry.id))
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
    _staff_only(errors, actor, "reverse a trust entry")
    reason = _clean_text(errors, "reason", reason, DESCRIPTION_MAX_LENGTH, "reason")
    if not reason:
        errors.add("reason", "Say why the entry is reversed.")
    if entry.kind == TrustEntry.Kind.REVERSAL:
        errors.add("entry", "A reversal cannot be reversed: post the entry again instead.")
    effective = _check_received_at(errors, received_at)
    reference, existing = _optional_reference(errors, entry.firm_id, reference)
    errors.raise_if_any()
    if existing is not None:
        return _same_posting(existing, kind=TrustEntry.Kind.REVERSAL, reverses_id=entry.id)
    case = Case.objects.for_firm(entry.firm_id).get(pk=entry.case_id)
    with transaction.atomic():
        balance = _lock_balance(case, entry.contact_id)
        invoice = _lock_invoice(entry.invoice) if entry.invoice_id else None
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
            recorded_by=_recorded_by(actor),
        )
        if invoice is not None:
            _settle_status(invoice)
        record_audit(
            firm_id=case.firm_id,
            actor=actor,
            verb=MoneyVerb.ENTRY_REVERSED,
            obj=reversal,
            parent=case,
            after={
                "reverses": str(entry),
                "amount": format_minor_units(entry.amount_minor, case.currency),
                "reason": reason,
            },
        )
        publish_on_commit(
            EntryReversed(
                **_on_case(case, entry.contact_id), entry_id=reversal.id, reversed_entry_id=entry.id
            )
        )
    return reversal
