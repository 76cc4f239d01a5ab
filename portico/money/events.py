"""What happens to money on a case: the events actions publish after commit, and the audit
verbs. Events carry ids only (firm, the case's matter, the client the money is theirs, the
record), never amounts or names, so nothing private rides on them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from portico.audit.verbs import AuditVerb, audit_verbs
from portico.core.events import domain_event


@audit_verbs
class MoneyVerb(AuditVerb):
    INVOICE_DRAFTED = "money.invoice_drafted", "drafted an invoice"
    INVOICE_CHANGED = "money.invoice_changed", "changed a draft invoice"
    INVOICE_ISSUED = "money.invoice_issued", "issued an invoice"
    INVOICE_VOIDED = "money.invoice_voided", "voided an invoice"
    PAYMENT_RECORDED = "money.payment_recorded", "recorded a payment"
    TRUST_DEPOSITED = "money.trust_deposited", "recorded a trust deposit"
    TRUST_APPLIED = "money.trust_applied", "applied trust money to an invoice"
    TRUST_REFUNDED = "money.trust_refunded", "refunded trust money"
    ENTRY_REVERSED = "money.entry_reversed", "reversed a trust entry"


@dataclass(frozen=True)
class MoneyEvent:
    """What every money event says: the firm, the case (and its matter) and the client; each
    event adds the ids of its records. Not an event itself: only its subclasses are sent."""

    firm_id: uuid.UUID
    matter_id: uuid.UUID
    case_id: uuid.UUID
    # The client whose invoice or trust money it is: the only client told of it.
    contact_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class InvoiceDrafted(MoneyEvent):
    invoice_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class InvoiceChanged(MoneyEvent):
    """A draft's lines or details changed (a draft is the firm's own: no client is told)."""

    invoice_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class InvoiceIssued(MoneyEvent):
    invoice_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class InvoiceVoided(MoneyEvent):
    invoice_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class PaymentRecorded(MoneyEvent):
    invoice_id: uuid.UUID
    payment_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class TrustDeposited(MoneyEvent):
    entry_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class TrustApplied(MoneyEvent):
    entry_id: uuid.UUID
    invoice_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class TrustRefunded(MoneyEvent):
    entry_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class EntryReversed(MoneyEvent):
    entry_id: uuid.UUID
    reversed_entry_id: uuid.UUID
