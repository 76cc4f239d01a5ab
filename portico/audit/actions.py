from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import models
from django.utils.functional import Promise

from portico.audit.models import AuditEvent
from portico.audit.verbs import AuditVerb
from portico.tenancy.models import ApiKey, StaffMember

# Who did something: a staff member, a firm's API key, a client in the portal (any object with
# `audit_actor()`), or None for the system itself (seeding, scheduled tasks).
type Actor = StaffMember | ApiKey | object | None


def describe_actor(actor: Actor) -> tuple[str, uuid.UUID | None, str]:
    if actor is None:
        return AuditEvent.ActorKind.SYSTEM, None, "System"
    if isinstance(actor, StaffMember):
        return AuditEvent.ActorKind.STAFF, actor.id, actor.name
    if isinstance(actor, ApiKey):
        return AuditEvent.ActorKind.API_KEY, actor.id, f"API key “{actor.name}”"
    return actor.audit_actor()


def jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime, uuid.UUID, Decimal)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, Promise):
        return str(value)
    return value


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that differ, so the trail reads as what was changed."""
    keys = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys if k in before}, {
        k: after.get(k) for k in keys if k in after
    }


def record_audit(
    *,
    firm_id: uuid.UUID,
    actor: Actor,
    verb: AuditVerb,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    parent: models.Model | None = None,
) -> AuditEvent:
    """One row of the trail, written in the caller's transaction (one INSERT)."""
    if not isinstance(verb, AuditVerb):
        # Refused before anything is written, so the caller's transaction is untouched.
        raise TypeError(f"{verb!r}: audit verbs are declared per app (see portico.audit.verbs)")
    kind, actor_id, label = describe_actor(actor)
    return AuditEvent.objects.create(
        firm_id=firm_id,
        actor_kind=kind,
        actor_id=actor_id,
        actor_label=label[:200],
        verb=verb.value,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_label=str(obj)[:300],
        parent_type=parent._meta.label_lower if parent is not None else "",
        parent_id=parent.pk if parent is not None else None,
        before=jsonable(before or {}),
        after=jsonable(after or {}),
    )
