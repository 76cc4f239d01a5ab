"""Reads of online payments: the firm's, and a signed-in client's own (their attempts only,
on cases they are a client of; the same 404 for missing and not theirs)."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from portico.money.models import Invoice
from portico.money.queries import invoices_for_firm, shortfall, trust_balance
from portico.payments.models import CheckoutAttempt


def attempts_for_firm(firm_id: uuid.UUID) -> QuerySet[CheckoutAttempt]:
    return CheckoutAttempt.objects.for_firm(firm_id).select_related("case", "contact", "invoice")


def attempts_for_client(principal) -> QuerySet[CheckoutAttempt]:
    return attempts_for_firm(principal.firm_id).filter(
        contact_id=principal.contact_id, case__case_clients__contact_id=principal.contact_id
    )


def get_attempt_for_client(principal, attempt_id: uuid.UUID) -> CheckoutAttempt:
    return get_object_or_404(attempts_for_client(principal), pk=attempt_id)


def amount_owed(invoice: Invoice) -> int:
    """What is still owed on `invoice` now (read again, not from a stale annotation)."""
    return invoices_for_firm(invoice.firm_id).get(pk=invoice.pk).balance_minor


def trust_shortfall(case, contact_id) -> int:
    """How far the client's trust balance on the case is below the case's minimum."""
    return shortfall(case, trust_balance(case.firm_id, case, contact_id))


def client_attempt_key(principal, key: str) -> str:
    """The idempotency key of a client's click or API call: theirs alone (two clients sending
    the same key never share an attempt), 64 characters."""
    import hashlib

    return hashlib.sha256(f"{principal.firm_id}:{principal.contact_id}:{key}".encode()).hexdigest()
