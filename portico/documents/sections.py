"""The documents section of a lead's or case's workspace page (`matters/sections.py`)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from portico.documents.queries import documents_on, downloads_of
from portico.matters.sections import MatterSection


def _context(firm_id, matter) -> dict:
    documents = documents_on(firm_id, matter)
    downloads = downloads_of(firm_id, documents)
    for document in documents:
        document.downloads = downloads[document.id]
    return {
        "documents": documents,
        "upload_url": reverse(f"documents:{matter.kind}_upload", args=[matter.id]),
        "max_mb": settings.DOCUMENTS_MAX_BYTES // (1024 * 1024),
    }


documents_section = MatterSection(
    name="documents", template="documents/section.html", context=_context, order=10
)
