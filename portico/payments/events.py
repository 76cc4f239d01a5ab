"""What happens to online payments: the events actions publish after commit, and the audit verbs.
The posting itself (a payment on an invoice, a trust deposit) is the money app's action and
event; these say a checkout started, was paid, or ended unpaid."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from portico.audit.verbs import AuditVerb, audit_verbs
from portico.core.events import domain_event


@audit_verbs
class PaymentsVerb(AuditVerb):
    CHECKOUT_STARTED = "payments.checkout_started", "started an online payment"
    CHECKOUT_PAID = "payments.checkout_paid", "paid online"
    CHECKOUT_DECLINED = "payments.checkout_declined", "had a card declined"
    CHECKOUT_EXPIRED = "payments.checkout_expired", "let an online payment expire"
    CHECKOUT_REFUSED = "payments.checkout_refused", "was refunded a payment that was not owed"


@domain_event
@dataclass(frozen=True)
class CheckoutStarted:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    contact_id: uuid.UUID
    attempt_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class CheckoutPaid:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    contact_id: uuid.UUID
    attempt_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class CheckoutDeclined:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    contact_id: uuid.UUID
    attempt_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class CheckoutExpired:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    contact_id: uuid.UUID
    attempt_id: uuid.UUID
