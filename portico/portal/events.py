"""What happens to portal access: the events actions and tasks publish after commit, and the
verbs the audit trail records them under."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from portico.audit.verbs import AuditVerb, audit_verbs
from portico.core.events import domain_event


@audit_verbs
class PortalVerb(AuditVerb):
    GRANTED = "portal.granted", "gave portal access"
    GRANTED_AGAIN = "portal.granted_again", "gave portal access again"
    INVITATION_SENT = "portal.invitation_sent", "sent the portal invitation"
    FIRST_SIGN_IN = "portal.first_sign_in", "signed in to the portal for the first time"
    SIGNED_IN = "portal.signed_in", "signed in to the portal"
    REVOKED = "portal.revoked", "revoked portal access"
    INVITATION_RESENT = "portal.invitation_resent", "sent the portal invitation again"
    INTAKE_REMINDER = "portal.intake_reminder", "sent a reminder to answer the intake questions"


@domain_event
@dataclass(frozen=True)
class PortalAccessGranted:
    firm_id: uuid.UUID
    contact_id: uuid.UUID
    account_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class PortalAccessRevoked:
    firm_id: uuid.UUID
    contact_id: uuid.UUID
    account_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class PortalInvitationSent:
    firm_id: uuid.UUID
    contact_id: uuid.UUID
    account_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class PortalSignedIn:
    """`first` when the sign-in turned an invitation into active access."""

    firm_id: uuid.UUID
    contact_id: uuid.UUID
    account_id: uuid.UUID
    first: bool


@domain_event
@dataclass(frozen=True)
class PortalInvitationResent:
    """Staff asked for a new invitation email (a fresh link) for a client not signed in yet."""

    firm_id: uuid.UUID
    contact_id: uuid.UUID
    account_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class IntakeReminderSent:
    """A reminder to answer the matter's intake questions, queued to one client's email."""

    firm_id: uuid.UUID
    matter_id: uuid.UUID
    contact_id: uuid.UUID
    account_id: uuid.UUID
