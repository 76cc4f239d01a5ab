from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from portico.matters.models import (
    Case,
    CaseClient,
    CaseParty,
    Comment,
    Lead,
    LeadContact,
    StageChange,
    StatusUpdate,
)


def leads_for_firm(firm_id: uuid.UUID) -> QuerySet[Lead]:
    return Lead.objects.for_firm(firm_id)


def get_lead_for_firm(firm_id: uuid.UUID, lead_id: uuid.UUID) -> Lead:
    return get_object_or_404(leads_for_firm(firm_id).select_related("firm"), pk=lead_id)


def lead_list_for_firm(firm_id: uuid.UUID) -> QuerySet[Lead]:
    return leads_for_firm(firm_id).prefetch_related(
        Prefetch("lead_contacts", LeadContact.objects.select_related("contact"))
    )


def get_lead_page_for_firm(firm_id: uuid.UUID, lead_id: uuid.UUID) -> Lead:
    """A lead with its contacts, comments and status updates, in a fixed number of queries."""
    return get_object_or_404(
        leads_for_firm(firm_id)
        .select_related("firm", "converted_case")
        .prefetch_related(
            Prefetch("lead_contacts", LeadContact.objects.select_related("contact")),
            Prefetch("comment_records", Comment.objects.order_by("created_at", "id")),
            Prefetch("statusupdate_records", StatusUpdate.objects.order_by("-created_at", "id")),
        ),
        pk=lead_id,
    )


def leads_for_contact(firm_id: uuid.UUID, contact_id: uuid.UUID) -> QuerySet[Lead]:
    return leads_for_firm(firm_id).filter(lead_contacts__contact_id=contact_id).distinct()


def cases_for_firm(firm_id: uuid.UUID) -> QuerySet[Case]:
    return Case.objects.for_firm(firm_id)


def get_case_for_firm(firm_id: uuid.UUID, case_id: uuid.UUID) -> Case:
    return get_object_or_404(cases_for_firm(firm_id).select_related("firm"), pk=case_id)


def case_list_for_firm(firm_id: uuid.UUID) -> QuerySet[Case]:
    return cases_for_firm(firm_id).prefetch_related(
        Prefetch("case_clients", CaseClient.objects.select_related("contact"))
    )


def get_case_page_for_firm(firm_id: uuid.UUID, case_id: uuid.UUID) -> Case:
    """A case with everything its page shows, in a fixed number of queries."""
    return get_object_or_404(
        cases_for_firm(firm_id)
        .select_related("firm", "source_lead")
        .prefetch_related(
            Prefetch("case_clients", CaseClient.objects.select_related("contact")),
            Prefetch("parties", CaseParty.objects.all()),
            Prefetch("comment_records", Comment.objects.order_by("created_at", "id")),
            Prefetch("statusupdate_records", StatusUpdate.objects.all()),
            Prefetch("stage_changes", StageChange.objects.all()),
        ),
        pk=case_id,
    )


def cases_for_contact(firm_id: uuid.UUID, contact_id: uuid.UUID) -> QuerySet[Case]:
    return cases_for_firm(firm_id).filter(case_clients__contact_id=contact_id).distinct()


def get_case_client_for_firm(
    firm_id: uuid.UUID, case_id: uuid.UUID, case_client_id: uuid.UUID
) -> CaseClient:
    return get_object_or_404(
        CaseClient.objects.for_firm(firm_id).select_related("case", "contact"),
        pk=case_client_id,
        case_id=case_id,
    )


def get_case_party_for_firm(
    firm_id: uuid.UUID, case_id: uuid.UUID, party_id: uuid.UUID
) -> CaseParty:
    return get_object_or_404(
        CaseParty.objects.for_firm(firm_id).select_related("case"), pk=party_id, case_id=case_id
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # "status_update" or "stage_change"
    author_name: str
    text: str


def timeline_of(case: Case) -> list[TimelineEntry]:
    """Status updates and stage changes, newest first (from the case's prefetched rows)."""
    entries = [
        TimelineEntry(u.created_at, "status_update", u.author_name, u.body)
        for u in case.statusupdate_records.all()
    ] + [
        TimelineEntry(s.created_at, "stage_change", s.author_name, str(s))
        for s in case.stage_changes.all()
    ]
    return sorted(entries, key=lambda e: e.at, reverse=True)
