"""Payments into the operating account against an issued invoice."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from portico.audit.actions import Actor
from portico.core.errors import ErrorCollector, check_choice
from portico.core.money import format_minor_units
from portico.money.actions._common import (
    check_amount,
    check_currency,
    check_payable,
    check_received_at,
    clean_reference,
    invoice_balance,
    lock_invoice,
    next_number,
    posted_with,
    record_and_publish,
    recorded_by,
    same_posting,
    settle_status,
)
from portico.money.amounts import display as money
from portico.money.events import MoneyVerb, PaymentRecorded
from portico.money.models import Invoice, Method, Payment


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
    check_amount(errors, amount_minor)
    check_choice(errors, "method", method, Method, required=True, what="payment method")
    reference = clean_reference(errors, reference, required=True)
    received = check_received_at(errors, received_at)
    errors.raise_if_any()
    expected = {"invoice_id": invoice.id, "amount_minor": amount_minor}
    if (existing := posted_with(Payment, invoice.firm_id, reference)) is not None:
        return same_posting(existing, **expected)
    check_currency(errors, currency, invoice.currency)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            invoice = lock_invoice(invoice)
            if (existing := posted_with(Payment, invoice.firm_id, reference)) is not None:
                return same_posting(existing, **expected)
            check_payable(errors, invoice)
            if not errors:
                balance = invoice_balance(invoice)
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
                receipt_number=f"R-{next_number(invoice.firm_id, 'receipt'):06d}",
                received_at=received,
                recorded_by=recorded_by(actor),
            )
            settle_status(invoice)
            record_and_publish(
                MoneyVerb.PAYMENT_RECORDED,
                PaymentRecorded,
                case=invoice.case,
                contact_id=invoice.contact_id,
                actor=actor,
                obj=payment,
                after={
                    "invoice": invoice.number,
                    "amount": format_minor_units(amount_minor, invoice.currency),
                    "method": method,
                    "reference": reference,
                },
                invoice_id=invoice.id,
                payment_id=payment.id,
            )
    except IntegrityError:
        # Another process posted this reference between our look and our write.
        existing = posted_with(Payment, invoice.firm_id, reference)
        if existing is None:
            raise
        return same_posting(existing, **expected)
    return payment
