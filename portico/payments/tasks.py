"""Background work of online payments: the emailed receipt. Tasks take ids, are idempotent
about what they read, and retry on failure."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.utils import timezone

from portico.core.rls import activate_firm
from portico.money.amounts import display
from portico.money.models import Payment, TrustEntry
from portico.payments.events import CheckoutPaid
from portico.payments.models import CheckoutAttempt
from portico.tenancy.branding import firm_sender
from portico.tenancy.middleware import firm_zone

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


def enqueue_receipt(event: CheckoutPaid) -> None:
    send_payment_receipt.enqueue(firm_id=str(event.firm_id), attempt_id=str(event.attempt_id))


def _posting(attempt: CheckoutAttempt) -> Payment | TrustEntry | None:
    model = TrustEntry if attempt.purpose == CheckoutAttempt.Purpose.TRUST else Payment
    return (
        model.objects.for_firm(attempt.firm_id).filter(reference=attempt.payment_intent_id).first()
    )


@task()
def send_payment_receipt(*, firm_id: str, attempt_id: str, attempt: int = 1) -> str:
    with transaction.atomic():
        activate_firm(firm_id)
        paid = (
            CheckoutAttempt.objects.for_firm(firm_id)
            .select_related("firm", "case", "contact", "invoice")
            .filter(pk=attempt_id, status=CheckoutAttempt.Status.PAID)
            .first()
        )
        posting = _posting(paid) if paid else None
        email = paid.contact.emails.filter(is_primary=True).first() if paid else None
    if paid is None or posting is None:
        return "skipped: nothing posted"
    if email is None:
        return "skipped: the client has no email"
    firm = paid.firm
    context = {
        "firm": firm,
        "name": paid.contact.display_name,
        "case": paid.case,
        "invoice": paid.invoice,
        "trust": paid.purpose == CheckoutAttempt.Purpose.TRUST,
        "amount": display(posting.amount_minor, posting.currency),
        "received_at": posting.received_at,
        "method": posting.get_method_display(),
        "receipt_number": posting.receipt_number,
    }
    with timezone.override(firm_zone(firm.timezone)):
        text = render_to_string("payments/emails/receipt.txt", context)
    message = EmailMultiAlternatives(
        subject=f"Receipt {posting.receipt_number} from {firm.name}: {context['amount']}",
        body=text,
        from_email=firm_sender(firm),
        to=[email.address],
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        if attempt >= MAX_ATTEMPTS or not default_task_backend.supports_defer:
            raise
        log.warning("receipt %s not sent (attempt %s): %s", attempt_id, attempt, error)
        send_payment_receipt.using(
            run_after=timezone.now() + timedelta(minutes=2 ** (attempt - 1))
        ).enqueue(firm_id=firm_id, attempt_id=attempt_id, attempt=attempt + 1)
        return "retrying"
    return "sent"
