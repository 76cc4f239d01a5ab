"""Reads of the live app: what the firm's clients did (the client activity feed)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from portico.audit.models import AuditEvent
from portico.audit.queries import audit_events_for_firm
from portico.matters.queries import cases_for_firm, leads_for_firm
from portico.portal.access import accounts_with_contacts_for_firm

MATTER_TYPES = {"matters.case": "matters:case", "matters.lead": "matters:lead"}


def client_actions_for_firm(firm_id: uuid.UUID) -> QuerySet[AuditEvent]:
    """Everything a client did themselves in the portal (messages, changes to their details,
    sign-ins; uploads once documents arrive), newest first, from the audit trail."""
    return audit_events_for_firm(firm_id).filter(actor_kind=AuditEvent.ActorKind.CLIENT)


@dataclass(frozen=True)
class ActivityItem:
    at: object
    client: str
    client_url: str
    what: str
    on: str
    on_url: str


def client_activity_for_firm(
    firm_id: uuid.UUID,
    *,
    client_id: uuid.UUID | None = None,
    matter_id: uuid.UUID | None = None,
    limit: int = 100,
) -> list[ActivityItem]:
    """The feed: newest first, for one client and/or one lead or case when asked."""
    events = client_actions_for_firm(firm_id).order_by("-created_at")
    if client_id is not None:
        events = events.filter(actor_id=client_id)
    if matter_id is not None:
        events = events.filter(parent_id=matter_id)
    events = list(events[:limit])
    names = _matter_names(firm_id, {e.parent_id for e in events if e.parent_type in MATTER_TYPES})
    items = []
    for e in events:
        on, on_url = "their details", reverse("clients:detail", args=[e.actor_id])
        if e.parent_type in MATTER_TYPES and e.parent_id in names:
            on, on_url = (
                names[e.parent_id],
                reverse(MATTER_TYPES[e.parent_type], args=[e.parent_id]),
            )
        elif e.verb.startswith("portal."):
            on = "the portal"
        items.append(
            ActivityItem(
                at=e.created_at,
                client=e.actor_label,
                client_url=reverse("clients:detail", args=[e.actor_id]),
                what=e.summary,
                on=on,
                on_url=on_url,
            )
        )
    return items


def _matter_names(firm_id: uuid.UUID, ids: set) -> dict:
    if not ids:
        return {}
    cases = cases_for_firm(firm_id).filter(pk__in=ids).values_list("id", "name")
    leads = leads_for_firm(firm_id).filter(pk__in=ids).values_list("id", "title")
    return dict(cases) | dict(leads)


def activity_filter_choices(firm_id: uuid.UUID) -> tuple[list, list]:
    """(clients, matters) to filter the feed by: clients with portal access, and the leads
    and cases those clients are on, as (id, label)."""
    accounts = list(accounts_with_contacts_for_firm(firm_id))
    clients = sorted(
        ((a.contact_id, a.contact.display_name) for a in accounts), key=lambda c: c[1].lower()
    )
    contact_ids = [a.contact_id for a in accounts]
    cases = cases_for_firm(firm_id).filter(case_clients__contact_id__in=contact_ids)
    leads = leads_for_firm(firm_id).filter(lead_contacts__contact_id__in=contact_ids)
    matters = sorted(
        {(c.id, f"Case: {c.name}") for c in cases} | {(le.id, f"Lead: {le.title}") for le in leads},
        key=lambda m: m[1].lower(),
    )
    return clients, matters
