"""Portal queries: the only reads portal views make. Each takes the signed-in principal, so a
client reaches their own contact and the matters they are on, and nothing else.

Inside a matter only what is meant for the client comes back: shared comments (never private
ones), status updates and stage changes. Other parties, internal notes and other clients stay out.
"""

from __future__ import annotations

import uuid

from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from portico.clients.models import Contact
from portico.matters.models import Case, Comment, Lead, StageChange, StatusUpdate, on_matter
from portico.portal.principal import PortalPrincipal


def contact_for_client(principal: PortalPrincipal) -> Contact:
    return get_object_or_404(
        Contact.objects.for_firm(principal.firm_id).prefetch_related(
            "emails", "phones", "addresses"
        ),
        pk=principal.contact_id,
    )


def cases_for_client(principal: PortalPrincipal) -> QuerySet[Case]:
    return Case.objects.for_firm(principal.firm_id).filter(
        case_clients__contact_id=principal.contact_id
    )


def leads_for_client(principal: PortalPrincipal) -> QuerySet[Lead]:
    # A converted lead lives on as its case; the client follows it there.
    return (
        Lead.objects.for_firm(principal.firm_id)
        .filter(lead_contacts__contact_id=principal.contact_id)
        .exclude(status=Lead.Status.CONVERTED)
    )


def get_case_for_client(principal: PortalPrincipal, case_id: uuid.UUID) -> Case:
    return get_object_or_404(cases_for_client(principal), pk=case_id)


def get_lead_for_client(principal: PortalPrincipal, lead_id: uuid.UUID) -> Lead:
    return get_object_or_404(leads_for_client(principal), pk=lead_id)


def _latest_update(matter_field: str) -> Subquery:
    updates = StatusUpdate.objects.filter(**{matter_field: OuterRef("pk")}).order_by(
        "-created_at", "-id"
    )
    return Subquery(updates.values("body")[:1])


def home_for_client(principal: PortalPrincipal) -> tuple[Contact, list[Case], list[Lead]]:
    """Everything the portal home shows, in a fixed number of queries however many matters."""
    contact = contact_for_client(principal)
    cases = list(
        cases_for_client(principal)
        .annotate(latest_update=_latest_update("case"))
        .order_by("-opened_on", "name")
    )
    leads = list(
        leads_for_client(principal)
        .annotate(latest_update=_latest_update("lead"))
        .order_by("-created_at")
    )
    return contact, cases, leads


def messages_for_client(principal: PortalPrincipal, matter: Case | Lead) -> QuerySet[Comment]:
    """The matter's shared thread: comments the firm shared and the clients' own messages."""
    on = on_matter(matter)
    return (
        Comment.objects.for_firm(principal.firm_id)
        .filter(is_private=False, **on)
        .order_by("created_at", "id")
    )


def timeline_for_client(
    principal: PortalPrincipal, matter: Case | Lead
) -> list[StatusUpdate | StageChange]:
    """Status updates and stage changes, newest first."""
    on = on_matter(matter)
    items: list = list(StatusUpdate.objects.for_firm(principal.firm_id).filter(**on))
    if isinstance(matter, Case):
        items += list(StageChange.objects.for_firm(principal.firm_id).filter(case=matter))
    return sorted(items, key=lambda item: item.created_at, reverse=True)
