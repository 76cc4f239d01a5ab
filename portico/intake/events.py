"""What happens to intake forms: the events actions publish after commit, and the audit verbs.
Events carry ids, and whether the question is private, so a client is never told of one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from portico.audit.verbs import AuditVerb, audit_verbs
from portico.core.events import domain_event


@audit_verbs
class IntakeVerb(AuditVerb):
    FORM_CREATED = "intake.form_created", "created an intake form"
    FORM_CHANGED = "intake.form_changed", "changed an intake form"
    ATTACHED = "intake.attached", "gave the matter an intake form"
    ANSWERED = "intake.answered", "answered an intake question"


@domain_event
@dataclass(frozen=True)
class IntakeFormChanged:
    firm_id: uuid.UUID
    form_id: uuid.UUID
    version_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class IntakeFormAttached:
    firm_id: uuid.UUID
    matter_id: uuid.UUID
    version_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class IntakeAnswerSaved:
    """`private`: the question is the firm's own; no client is told of it."""

    firm_id: uuid.UUID
    matter_id: uuid.UUID
    question_id: uuid.UUID
    answer_id: uuid.UUID
    private: bool
    by_contact_id: uuid.UUID | None = None
