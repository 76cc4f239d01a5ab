"""What the money actions share: the checks on their input, the locks and numbers a posting
takes, an invoice's sums, the idempotent reference, and the audit row and event that close
every action."""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.db.models import Sum
from django.utils import timezone

from portico.audit.actions import Actor, describe_actor, record_audit
from portico.audit.models import AuditEvent
from portico.core.errors import ErrorCollector, InvalidInput
from portico.core.events import publish_on_commit
from portico.core.money import MAX_MINOR_UNITS
from portico.matters.models import Case, CaseClient
from portico.money.events import MoneyEvent, MoneyVerb
from portico.money.models import (
    REFERENCE_MAX_LENGTH,
    Counter,
    Invoice,
    Payment,
    TrustBalance,
    TrustEntry,
)

# Checks on the input


def check_amount(errors: ErrorCollector, amount_minor, field: str = "amount") -> None:
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int):
        errors.add(field, "Enter an amount like 1500.00.")
    elif amount_minor <= 0:
        errors.add(field, "Enter an amount more than zero.")
    elif amount_minor >= MAX_MINOR_UNITS:
        errors.add(field, "That amount is too large.")


def check_currency(errors: ErrorCollector, currency: str | None, expected: str) -> None:
    if currency is not None and str(currency).strip().upper() != expected.upper():
        errors.add(
            "currency",
            f"This is kept in {expected.upper()}; a payment in {str(currency)[:3].upper() or 'no currency'} "
            "cannot be recorded against it.",
        )


def clean_reference(errors: ErrorCollector, reference, *, required: bool) -> str:
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


def clean_text(errors: ErrorCollector, field: str, value, limit: int, what: str) -> str:
    value = str(value or "").strip()
    if len(value) > limit or "\x00" in value:
        errors.add(field, f"Keep the {what} to {limit} characters or fewer.")
    return value


def check_received_at(errors: ErrorCollector, received_at) -> datetime.datetime:
    if received_at is None:
        return timezone.now()
    if isinstance(received_at, datetime.date) and not isinstance(received_at, datetime.datetime):
        received_at = datetime.datetime.combine(received_at, datetime.time(12), datetime.UTC)
    if received_at > timezone.now() + datetime.timedelta(minutes=5):
        errors.add("received_at", "The date received cannot be in the future.")
    return received_at


def is_client_of(case: Case, contact) -> bool:
    return (
        contact is not None
        and CaseClient.objects.for_firm(case.firm_id).filter(case=case, contact=contact).exists()
    )


def staff_only(errors: ErrorCollector, actor: Actor, what: str) -> None:
    if describe_actor(actor)[0] == AuditEvent.ActorKind.CLIENT:
        errors.add("actor", f"Only the firm's staff can {what}.")


def recorded_by(actor: Actor) -> str:
    return describe_actor(actor)[2][:200]


# Locks and numbers


def next_number(firm_id, series: str) -> int:
    """The next number of the firm's series, taken under a lock so two postings never share one."""
    Counter.objects.bulk_create([Counter(firm_id=firm_id, series=series)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(firm_id=firm_id, series=series)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def lock_balance(case: Case, contact_id) -> TrustBalance:
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


def lock_invoice(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().get(firm_id=invoice.firm_id, pk=invoice.pk)


# An invoice's sums


def invoice_total(invoice: Invoice) -> int:
    return invoice.lines.aggregate(s=Sum("amount_minor"))["s"] or 0


def invoice_paid(invoice: Invoice) -> int:
    """Payments into operating plus trust applied to it (less applications reversed)."""
    paid = Payment.objects.filter(invoice=invoice).aggregate(s=Sum("amount_minor"))["s"] or 0
    applied = TrustEntry.objects.filter(invoice=invoice).aggregate(s=Sum("delta_minor"))["s"] or 0
    return paid - applied


def invoice_balance(invoice: Invoice) -> int:
    return invoice_total(invoice) - invoice_paid(invoice)


def check_payable(errors: ErrorCollector, invoice: Invoice, field: str = "invoice") -> None:
    if invoice.status == Invoice.Status.DRAFT:
        errors.add(field, "This invoice is still a draft: issue it before anything is paid on it.")
    elif invoice.status == Invoice.Status.VOID:
        errors.add(field, f"{invoice} is void: nothing can be paid on it.")
    elif invoice.status == Invoice.Status.PAID:
        errors.add(field, f"{invoice} is paid in full: nothing is owed on it.")


def settle_status(invoice: Invoice) -> None:
    """Paid once nothing is owed; issued again when a reversal leaves something owed."""
    balance = invoice_balance(invoice)
    status = invoice.status
    if status == Invoice.Status.ISSUED and balance == 0:
        invoice.status = Invoice.Status.PAID
    elif status == Invoice.Status.PAID and balance > 0:
        invoice.status = Invoice.Status.ISSUED
    if invoice.status != status:
        invoice.save(update_fields=["status"])


# The idempotent reference


def posted_with[T: Payment | TrustEntry](model: type[T], firm_id, reference: str) -> T | None:
    """The firm's posting with this reference, if any: a reference is the firm's once."""
    return model.objects.for_firm(firm_id).filter(reference=reference).first()


def same_posting[T](existing: T, **expected) -> T:
    """A retry with the same reference gets the first posting back; the same reference for a
    different posting is refused (Stripe does the same with an idempotency key)."""
    for name, value in expected.items():
        if getattr(existing, name) != value:
            raise InvalidInput(
                {"reference": ["That reference was already used for a different posting."]}
            )
    return existing


# What closes every action


def record_and_publish(
    verb: MoneyVerb,
    event: type[MoneyEvent],
    *,
    case: Case,
    contact_id: uuid.UUID,
    actor: Actor,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    **ids: uuid.UUID,
) -> None:
    """Put what happened on the case's audit trail, in the caller's transaction, and publish
    `event` about the case's client (with the record's `ids`) once it commits."""
    record_audit(
        firm_id=case.firm_id,
        actor=actor,
        verb=verb,
        obj=obj,
        parent=case,
        before=before,
        after=after,
    )
    publish_on_commit(
        event(
            firm_id=case.firm_id,
            matter_id=case.matter_id,
            case_id=case.id,
            contact_id=contact_id,
            **ids,
        )
    )
