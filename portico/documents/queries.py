"""Reads of documents for the firm (the workspace and the staff API). The portal reads its own
through `portico.portal.queries`, which take the signed-in client."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from portico.audit.models import AuditEvent
from portico.documents.events import DocumentVerb
from portico.documents.models import Document, DocumentVersion
from portico.matters.kinds import MatterFace
from portico.matters.queries import face_of


def documents_for_firm(firm_id: uuid.UUID) -> QuerySet[Document]:
    """The firm's documents that are not deleted, each with its versions, newest first."""
    return (
        Document.objects.for_firm(firm_id)
        .filter(deleted_at__isnull=True)
        .prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
        )
    )


def documents_on(firm_id: uuid.UUID, matter: MatterFace) -> list[Document]:
    """Every document on the lead or case, newest first. A converted lead keeps none: the case
    it became holds them."""
    if matter.matter_id is None:
        return []
    return list(
        documents_for_firm(firm_id).filter(matter_id=matter.matter_id).order_by("-created_at", "id")
    )


def get_document_for_firm(firm_id: uuid.UUID, document_id: uuid.UUID) -> Document:
    """One of the firm's documents, or 404 (missing, deleted, another firm's)."""
    return get_object_or_404(
        documents_for_firm(firm_id).select_related("matter__case", "matter__lead"),
        pk=document_id,
    )


def page_of(document: Document) -> MatterFace:
    """The lead or case whose page shows the document."""
    return face_of(document.matter)


def get_version(document: Document, number: int | None = None) -> DocumentVersion:
    """The document's latest version, or the one numbered `number`, or 404."""
    versions = document.versions.order_by("-number")
    if number is not None:
        versions = versions.filter(number=number)
    version = versions.first()
    if version is None:
        raise Http404("No such version.")
    return version


def downloads_of(firm_id: uuid.UUID, documents: list[Document]) -> dict[uuid.UUID, list]:
    """Who downloaded each document and when, newest first, from the audit trail."""
    found: dict[uuid.UUID, list] = {d.id: [] for d in documents}
    events = (
        AuditEvent.objects.for_firm(firm_id)
        .filter(verb=DocumentVerb.DOWNLOADED, object_id__in=list(found))
        .order_by("-created_at")
    )
    for event in events:
        found[event.object_id].append(event)
    return found
