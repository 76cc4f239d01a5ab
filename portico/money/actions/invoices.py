"""Invoices on a case: a draft and its lines, issuing it (numbered and dated), voiding it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from portico.audit.actions import Actor
from portico.core.errors import ErrorCollector, InvalidInput, check_choice
from portico.core.money import format_minor_units
from portico.matters.models import Case
from portico.money.actions._common import (
    check_amount,
    clean_text,
    invoice_paid,
    invoice_total,
    is_client_of,
    lock_invoice,
    next_number,
    record_and_publish,
)
from portico.money.events import (
    InvoiceChanged,
    InvoiceDrafted,
    InvoiceIssued,
    InvoiceVoided,
    MoneyVerb,
)
from portico.money.models import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH, Invoice, InvoiceLine

DEFAULT_DAYS_TO_PAY = 30
MAX_LINES = 100


@dataclass
class LineInput:
    description: str
    amount_minor: int
    kind: str = InvoiceLine.Kind.FEE


def _clean_line(errors: ErrorCollector, line: LineInput, prefix: str = "") -> LineInput:
    description = clean_text(
        errors, f"{prefix}description", line.description, DESCRIPTION_MAX_LENGTH, "description"
    )
    if not description:
        errors.add(f"{prefix}description", "Describe the fee or expense.")
    check_choice(
        errors, f"{prefix}kind", line.kind, InvoiceLine.Kind, required=True, what="kind of line"
    )
    check_amount(errors, line.amount_minor, f"{prefix}amount")
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
    if not is_client_of(case, contact):
        errors.add("contact", "Choose a client of this case to bill.")
    note = clean_text(errors, "internal_note", internal_note, NOTE_MAX_LENGTH, "note")
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
        record_and_publish(
            MoneyVerb.INVOICE_DRAFTED,
            InvoiceDrafted,
            case=case,
            contact_id=invoice.contact_id,
            actor=actor,
            obj=invoice,
            invoice_id=invoice.id,
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
        invoice = lock_invoice(invoice)
        _add_lines(invoice, [clean])
        record_and_publish(
            MoneyVerb.INVOICE_CHANGED,
            InvoiceChanged,
            case=invoice.case,
            contact_id=invoice.contact_id,
            actor=actor,
            obj=invoice,
            after={
                "added": clean.description,
                "amount": format_minor_units(clean.amount_minor, invoice.currency),
            },
            invoice_id=invoice.id,
        )
    return invoice.lines.order_by("-position").first()


def remove_invoice_line(*, line: InvoiceLine, actor: Actor) -> None:
    invoice = line.invoice
    errors = ErrorCollector()
    _check_draft(errors, invoice)
    errors.raise_if_any()
    with transaction.atomic():
        invoice = lock_invoice(invoice)
        description = line.description
        line.delete()
        record_and_publish(
            MoneyVerb.INVOICE_CHANGED,
            InvoiceChanged,
            case=invoice.case,
            contact_id=invoice.contact_id,
            actor=actor,
            obj=invoice,
            before={"removed": description},
            invoice_id=invoice.id,
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
        invoice = lock_invoice(invoice)
        if invoice.status != Invoice.Status.DRAFT:
            raise InvalidInput({"invoice": [f"{invoice} was issued already."]})
        invoice.number = f"INV-{next_number(invoice.firm_id, 'invoice'):05d}"
        invoice.status = Invoice.Status.ISSUED
        invoice.issued_on = issued_on
        invoice.due_on = due_on
        invoice.issued_at = timezone.now()
        invoice.save(update_fields=["number", "status", "issued_on", "due_on", "issued_at"])
        record_and_publish(
            MoneyVerb.INVOICE_ISSUED,
            InvoiceIssued,
            case=invoice.case,
            contact_id=invoice.contact_id,
            actor=actor,
            obj=invoice,
            after={
                "number": invoice.number,
                "total": format_minor_units(invoice_total(invoice), invoice.currency),
                "due_on": due_on,
            },
            invoice_id=invoice.id,
        )
    return invoice


def void_invoice(*, invoice: Invoice, actor: Actor, reason: str = "") -> Invoice:
    """A draft or an issued invoice nothing was paid on stops being owed; it stays on record."""
    errors = ErrorCollector()
    reason = clean_text(errors, "reason", reason, DESCRIPTION_MAX_LENGTH, "reason")
    errors.raise_if_any()
    with transaction.atomic():
        invoice = lock_invoice(invoice)
        if invoice.status == Invoice.Status.VOID:
            raise InvalidInput({"invoice": [f"{invoice} is void already."]})
        if invoice_paid(invoice) > 0:
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
        record_and_publish(
            MoneyVerb.INVOICE_VOIDED,
            InvoiceVoided,
            case=invoice.case,
            contact_id=invoice.contact_id,
            actor=actor,
            obj=invoice,
            before={"status": before},
            after={"status": invoice.status, "reason": reason},
            invoice_id=invoice.id,
        )
    return invoice
