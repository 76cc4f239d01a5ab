"""What happens to leads and cases: the events actions publish after commit, and the verbs
the audit trail records them under."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from portico.audit.verbs import AuditVerb, audit_verbs
from portico.core.events import domain_event


@audit_verbs
class LeadVerb(AuditVerb):
    CREATED = "lead.created", "opened the lead"
    UPDATED = "lead.updated", "changed the lead"
    CONVERTED = "lead.converted", "converted the lead into a case"


@audit_verbs
class CaseVerb(AuditVerb):
    CREATED = "case.created", "opened the case"
    UPDATED = "case.updated", "changed the case"
    STAGE_CHANGED = "case.stage_changed", "moved the case to another stage"
    CLIENT_ADDED = "case.client_added", "named a client on the case"
    CLIENT_REMOVED = "case.client_removed", "removed a client from the case"
    PARTY_ADDED = "case.party_added", "added another party"
    PARTY_REMOVED = "case.party_removed", "removed another party"


@audit_verbs
class MatterRecordVerb(AuditVerb):
    COMMENT_ADDED = "comment.added", "commented"
    STATUS_UPDATE_POSTED = "status_update.posted", "posted a status update"


@domain_event
@dataclass(frozen=True)
class LeadOpened:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    lead_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class LeadChanged:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    lead_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class LeadConverted:
    """The lead became `case_id`, which took its matter over (same `matter_id`)."""

    firm_id: uuid.UUID
    matter_id: uuid.UUID
    lead_id: uuid.UUID
    case_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class CaseOpened:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    case_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class CaseChanged:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    case_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class CaseStageChanged:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    case_id: uuid.UUID
    stage_change_id: uuid.UUID
    to_stage: str


@domain_event
@dataclass(frozen=True)
class CaseClientAdded:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    case_id: uuid.UUID
    contact_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class CaseClientRemoved:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    case_id: uuid.UUID
    contact_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class CasePartyAdded:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    case_id: uuid.UUID
    party_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class CasePartyRemoved:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    case_id: uuid.UUID
    party_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class CommentAdded:
    """`shared` comments reach the matter's clients; the others stay in the firm."""

    firm_id: uuid.UUID
    matter_id: uuid.UUID
    comment_id: uuid.UUID
    shared: bool


@domain_event
@dataclass(frozen=True)
class StatusUpdatePosted:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    status_update_id: uuid.UUID
