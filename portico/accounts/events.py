"""What happens to sessions and to a firm's staff: the events published after commit,
and the verbs the audit trail records staff changes under."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from portico.audit.verbs import AuditVerb, audit_verbs
from portico.core.events import domain_event


@audit_verbs
class StaffVerb(AuditVerb):
    INVITED = "staff.invited", "invited to the staff"
    INVITATION_SENT = "staff.invitation_sent", "sent the staff invitation"
    INVITATION_RESENT = "staff.invitation_resent", "sent the staff invitation again"
    ROLE_CHANGED = "staff.role_changed", "changed the role of"
    REMOVED = "staff.removed", "removed from the staff"


@domain_event
@dataclass(frozen=True)
class StaffInvited:
    firm_id: uuid.UUID
    staff_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class StaffInvitationSent:
    firm_id: uuid.UUID
    staff_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class StaffInvitationResent:
    firm_id: uuid.UUID
    staff_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class StaffRoleChanged:
    firm_id: uuid.UUID
    staff_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class StaffMemberRemoved:
    firm_id: uuid.UUID
    staff_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class SignedOut:
    """A session of the firm ended (a member or a client signed out): the firm's open live
    streams look their principal up again and the one whose session this was ends."""

    firm_id: uuid.UUID
