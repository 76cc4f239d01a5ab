"""Documents on a lead's or case's workspace page: upload (several at once, streamed), a new
version, sharing with the client, delete, download. `kind` comes from the URL pattern."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from portico.core.errors import InvalidInput
from portico.core.views import WorkspaceView
from portico.documents import actions
from portico.documents.downloads import download_response
from portico.documents.names import UploadRefused
from portico.documents.queries import get_document_for_firm, get_version, page_of
from portico.documents.storage import Incoming
from portico.documents.uploads import UploadTarget, UploadView, document_json
from portico.matters.kinds import MatterKind
from portico.matters.queries import get_matter_for_firm


def _staff(request: HttpRequest):
    staff = getattr(request, "staff", None)
    if staff is None:
        raise UploadRefused("Please sign in again, then upload the file.", 401)
    return staff


def _documents_url(matter) -> str:
    return f"{matter.get_absolute_url()}#documents"


class StaffUploadView(UploadView):
    """POST a file onto the lead or case (`?name=...&shared=1`)."""

    kind: MatterKind = MatterKind.CASE

    def authorize(self, request, **ids) -> UploadTarget:
        staff = _staff(request)
        matter = get_matter_for_firm(staff.firm_id, self.kind, ids[f"{self.kind.value}_id"])
        if matter.records_matter_id is None:
            raise UploadRefused("This lead became a case: add documents on the case.")
        return UploadTarget(
            firm_id=staff.firm_id,
            actor=staff,
            matter=matter,
            name=self.requested_name(request),
            shared=request.GET.get("shared", "") in {"1", "true", "on"},
        )

    def finish(self, request, target: UploadTarget, incoming: Incoming) -> dict:
        document = actions.upload_document(
            matter=target.matter,
            name=target.name,
            incoming=incoming,
            shared=target.shared,
            actor=target.actor,
        )
        return document_json(document, document.versions.get())


class StaffVersionUploadView(UploadView):
    """POST a new version of a document (`?name=...`); the earlier ones stay in its history."""

    def authorize(self, request, **ids) -> UploadTarget:
        staff = _staff(request)
        document = get_document_for_firm(staff.firm_id, ids["document_id"])
        return UploadTarget(
            firm_id=staff.firm_id,
            actor=staff,
            matter=page_of(document),
            name=self.requested_name(request),
            document=document,
        )

    def finish(self, request, target: UploadTarget, incoming: Incoming) -> dict:
        version = actions.add_document_version(
            document=target.document, name=target.name, incoming=incoming, actor=target.actor
        )
        return document_json(target.document, version)


class DocumentView(WorkspaceView):
    def document(self, ids: dict):
        document = get_document_for_firm(self.firm.id, ids["document_id"])
        return page_of(document), document


class DocumentShareView(DocumentView):
    """POST `shared=1` or `shared=0`: accessible to the matter's clients, or not."""

    http_method_names = ["post"]

    def post(self, request, **ids: uuid.UUID) -> HttpResponse:
        matter, document = self.document(ids)
        shared = request.POST.get("shared") == "1"
        try:
            actions.set_document_sharing(document=document, shared=shared, actor=self.member)
        except InvalidInput as refused:
            messages.error(request, " ".join(m for ms in refused.errors.values() for m in ms))
            return redirect(_documents_url(matter))
        messages.success(
            request,
            f"“{document.name}” is now shared with the client."
            if shared
            else f"“{document.name}” is no longer shared with the client.",
        )
        return redirect(_documents_url(matter))


class DocumentDeleteView(DocumentView):
    """Confirm, then delete: gone from the pages and the portal, kept in the audit trail."""

    def get(self, request, **ids: uuid.UUID) -> HttpResponse:
        matter, document = self.document(ids)
        return render(
            request, "documents/confirm_delete.html", {"matter": matter, "document": document}
        )

    def post(self, request, **ids: uuid.UUID) -> HttpResponse:
        matter, document = self.document(ids)
        actions.delete_document(document=document, actor=self.member)
        messages.success(request, f"“{document.name}” was deleted.")
        return redirect(_documents_url(matter))


class DocumentDownloadView(DocumentView):
    """The latest version, or `?version=N` from the history; the download is audited."""

    def get(self, request, **ids: uuid.UUID) -> HttpResponse:
        _matter, document = self.document(ids)
        number = request.GET.get("version", "")
        version = get_version(document, int(number) if number.isdigit() else None)
        actions.record_download(version=version, actor=self.member)
        return download_response(request, version)
