"""What happens to contacts: the events actions publish after commit, and the verbs the audit
trail records them under."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from portico.audit.verbs import AuditVerb, audit_verbs
from portico.core.events import domain_event


@audit_verbs
class ContactVerb(AuditVerb):
    CREATED = "contact.created", "created the contact"
    UPDATED = "contact.updated", "changed the contact"
    IDENTIFICATION_REVEALED = (
        "contact.identification_revealed",
        "revealed the identification number",
    )
    EMAIL_REMOVED = "contact.email_removed", "removed an email"
    PHONE_REMOVED = "contact.phone_removed", "removed a phone"
    ADDRESS_REMOVED = "contact.address_removed", "removed an address"


@domain_event
@dataclass(frozen=True)
class ContactCreated:
    firm_id: uuid.UUID
    contact_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class ContactChanged:
    """Anything about the contact changed: names, identification, billing, or an email, phone
    or address added, changed or removed (by the firm, or by the client in the portal)."""

    firm_id: uuid.UUID
    contact_id: uuid.UUID
