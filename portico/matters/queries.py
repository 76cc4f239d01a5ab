"""Firm-scoped reads of leads and cases. The firm is always the signed-in member's."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portico.matters.kinds import MatterFace, MatterKind
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
from portico.matters.timeline import TimelineEntry, build_timeline


def leads_for_firm(firm_id: uuid.UUID) -> QuerySet[Lead]:
    return Lead.objects.for_firm(firm_id)


def cases_for_firm(firm_id: uuid.UUID) -> QuerySet[Case]:
    return Case.objects.for_firm(firm_id)


def matters_for_firm(firm_id: uuid.UUID, kind: MatterKind) -> QuerySet[Lead] | QuerySet[Case]:
    return leads_for_firm(firm_id) if kind == MatterKind.LEAD else cases_for_firm(firm_id)


def get_matter_for_firm(firm_id: uuid.UUID, kind: MatterKind, matter_id: uuid.UUID) -> MatterFace:
    """The firm's lead or case `matter_id`, or 404: the same for missing and another firm's."""
    return get_object_or_404(matters_for_firm(firm_id, kind).select_related("firm"), pk=matter_id)


# What each kind's page shows besides the matter's own records.
_PAGE_RELATED = {
    MatterKind.LEAD: (
        ("firm", "matter", "converted_case"),
        (Prefetch("lead_contacts", LeadContact.objects.select_related("contact")),),
    ),
    MatterKind.CASE: (
        ("firm", "matter", "source_lead"),
        (
            Prefetch("case_clients", CaseClient.objects.select_related("contact")),
            Prefetch("parties", CaseParty.objects.all()),
        ),
    ),
}


def get_matter_page_for_firm(
    firm_id: uuid.UUID, kind: MatterKind, matter_id: uuid.UUID
) -> MatterFace:
    """A lead or a case with everything its page shows (its people, comments, status updates
    and stage changes), in a fixed number of queries. A converted lead shows none of the
    records: the case it became holds them."""
    select, prefetch = _PAGE_RELATED[kind]
    return get_object_or_404(
        matters_for_firm(firm_id, kind)
        .select_related(*select)
        .prefetch_related(
            *prefetch,
            Prefetch("matter__comment_records", Comment.objects.order_by("created_at", "id")),
            Prefetch("matter__statusupdate_records", StatusUpdate.objects.all()),
            Prefetch("matter__stagechange_records", StageChange.objects.all()),
        ),
        pk=matter_id,
    )


def get_lead_page_for_firm(firm_id: uuid.UUID, lead_id: uuid.UUID) -> Lead:
    return get_matter_page_for_firm(firm_id, MatterKind.LEAD, lead_id)


def get_case_page_for_firm(firm_id: uuid.UUID, case_id: uuid.UUID) -> Case:
    return get_matter_page_for_firm(firm_id, MatterKind.CASE, case_id)


def comments_on(page: MatterFace) -> list[Comment]:
    """A page matter's comments, oldest first (from `get_matter_page_for_firm`'s rows)."""
    return list(page.matter.comment_records.all()) if page.matter_id else []


def status_updates_on(page: MatterFace) -> list[StatusUpdate]:
    return list(page.matter.statusupdate_records.all()) if page.matter_id else []


def stage_changes_on(page: MatterFace) -> list[StageChange]:
    return list(page.matter.stagechange_records.all()) if page.matter_id else []


def timeline_on(page: MatterFace) -> list[TimelineEntry]:
    """A page matter's status updates and stage changes, newest first."""
    return build_timeline(status_updates_on(page), stage_changes_on(page))


def lead_list_for_firm(firm_id: uuid.UUID) -> QuerySet[Lead]:
    return leads_for_firm(firm_id).prefetch_related(
        Prefetch("lead_contacts", LeadContact.objects.select_related("contact"))
    )


def case_list_for_firm(firm_id: uuid.UUID) -> QuerySet[Case]:
    return cases_for_firm(firm_id).prefetch_related(
        Prefetch("case_clients", CaseClient.objects.select_related("contact"))
    )


def leads_for_contact(firm_id: uuid.UUID, contact_id: uuid.UUID) -> QuerySet[Lead]:
    return leads_for_firm(firm_id).filter(lead_contacts__contact_id=contact_id).distinct()


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


def face_of(matter) -> MatterFace | None:
    """The case a matter is, or else the lead it still is (from select_related rows)."""
    for name in ("case", "lead"):
        try:
            return getattr(matter, name)
        except ObjectDoesNotExist:
            continue
    return None


def client_messages_for_firm(firm_id: uuid.UUID, *, days: int = 30) -> QuerySet[Comment]:
    """Messages clients wrote in the portal lately, newest first, each marked `awaiting_reply`
    while nobody at the firm has written on that matter since."""
    since = timezone.now() - dt.timedelta(days=days)
    later_from_firm = Comment.objects.for_firm(firm_id).filter(
        matter_id=OuterRef("matter_id"),
        author_contact__isnull=True,
        created_at__gt=OuterRef("created_at"),
    )
    return (
        Comment.objects.for_firm(firm_id)
        .filter(author_contact__isnull=False, is_private=False, created_at__gte=since)
        .annotate(awaiting_reply=~Exists(later_from_firm))
        .select_related("author_contact", "matter__case", "matter__lead")
        .order_by("-created_at")
    )


def recently_updated_matters_for_firm(firm_id: uuid.UUID, *, days: int = 14, limit: int = 8):
    """Leads and cases something was written on lately (a comment, a status update, a stage
    change), the most recent first, as (lead or case, when, what)."""
    since = timezone.now() - dt.timedelta(days=days)
    latest: dict = {}
    for model, what in (
        (Comment, "comment"),
        (StatusUpdate, "status update"),
        (StageChange, "stage change"),
    ):
        rows = model.objects.for_firm(firm_id).filter(created_at__gte=since)
        for row in rows.select_related("matter__case", "matter__lead").order_by("-created_at")[
            : limit * 4
        ]:
            if row.matter_id not in latest or latest[row.matter_id][1] < row.created_at:
                latest[row.matter_id] = (face_of(row.matter), row.created_at, what)
    entries = [entry for entry in latest.values() if entry[0] is not None]
    return sorted(entries, key=lambda entry: entry[1], reverse=True)[:limit]


def client_ids_on_matter(firm_id: uuid.UUID, matter_id: uuid.UUID) -> set[uuid.UUID]:
    """The contacts the matter is shown to in the portal: the case's named clients, or the
    lead's contacts while it is still a lead."""
    on_case = CaseClient.objects.for_firm(firm_id).filter(case__matter_id=matter_id)
    on_lead = (
        LeadContact.objects.for_firm(firm_id)
        .filter(lead__matter_id=matter_id)
        .exclude(lead__status=Lead.Status.CONVERTED)
    )
    return set(on_case.values_list("contact_id", flat=True)) | set(
        on_lead.values_list("contact_id", flat=True)
    )


def comment_author_contact_id(firm_id: uuid.UUID, comment_id: uuid.UUID) -> uuid.UUID | None:
    """The client who wrote the comment in the portal, or None when someone at the firm did."""
    return (
        Comment.objects.for_firm(firm_id)
        .filter(pk=comment_id)
        .values_list("author_contact_id", flat=True)
        .first()
    )
