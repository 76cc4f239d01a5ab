from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from portico.audit.models import AuditEvent


def audit_events_for_firm(firm_id: uuid.UUID) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_firm(firm_id)


def audit_trail_for_record(firm_id: uuid.UUID, record_id: uuid.UUID) -> QuerySet[AuditEvent]:
    """A record's own events and those of everything kept under it, newest first."""
    return audit_events_for_firm(firm_id).filter(Q(object_id=record_id) | Q(parent_id=record_id))
