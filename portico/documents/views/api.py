"""Documents in the staff API: list a lead's or case's documents, upload one, share it or not,
delete it, download any version. The matter routes are `MatterRoute`s, mounted for both kinds.

An upload's body is the file itself. Through the staff API it is read by Django, which holds
the whole body before the view runs (see documents/uploads.py); pages upload through the
streaming front instead, and so should large files.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from portico.api.auth import actor_of
from portico.api.errors import NotFoundOut, ValidationErrorOut
from portico.documents import actions
from portico.documents.downloads import download_response
from portico.documents.models import Document
from portico.documents.names import UploadRefused
from portico.documents.queries import documents_on, get_document_for_firm, get_version
from portico.documents.storage import Incoming, receive
from portico.documents.uploads import READ_CHUNK
from portico.matters.kinds import MatterFace
from portico.matters.queries import get_matter_for_firm
from portico.matters.routes import MatterRoute, mount_matter_routes

router = Router(tags=["documents"])


class VersionOut(Schema):
    number: int
    name: str
    size: int = Field(description="Bytes.")
    sha256: str
    content_type: str
    scan: str = Field(validation_alias="scan_state", description="Virus scan state.")
    author_name: str
    created_at: datetime.datetime


class DocumentOut(Schema):
    id: uuid.UUID
    name: str
    shared: bool = Field(
        validation_alias="shared_with_clients",
        description="Accessible to the matter's clients.",
    )
    uploaded_by_client: bool
    author_name: str
    created_at: datetime.datetime
    versions: list[VersionOut] = Field(description="Newest first.")

    @staticmethod
    def resolve_versions(obj: Document):
        return list(obj.versions.all())


class DocumentsOut(Schema):
    documents: list[DocumentOut]


class DocumentPatch(Schema):
    shared: bool | None = Field(
        None, description="Make it accessible to the matter's clients, or not."
    )


BINARY_BODY = {
    "requestBody": {
        "required": True,
        "description": "The file's bytes.",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def _refused(message: str):
    return Status(422, {"detail": message, "errors": {"file": [message]}})


def _list(request: HttpRequest, matter: MatterFace):
    return {"documents": documents_on(request.firm.id, matter)}


def _upload(request: HttpRequest, matter: MatterFace, name: str = "", shared: bool = False):
    if matter.records_matter_id is None:
        return _refused("This lead became a case: add documents on the case.")
    try:
        incoming = receive(iter(lambda: request.read(READ_CHUNK), b""))
    except Incoming.TooLarge:
        mb = settings.DOCUMENTS_MAX_BYTES // (1024 * 1024)
        return _refused(f"The file is larger than the {mb} MB limit. Nothing was stored.")
    try:
        document = actions.upload_document(
            matter=matter, name=name, incoming=incoming, shared=shared, actor=actor_of(request)
        )
    except UploadRefused as refused:
        return _refused(refused.message)
    return Status(201, document)


mount_matter_routes(
    router,
    [
        MatterRoute(
            "GET",
            "/documents",
            "list_documents",
            "The documents on a {kind}",
            _list,
            response={200: DocumentsOut, 404: NotFoundOut},
        ),
        MatterRoute(
            "POST",
            "/documents",
            "upload_document",
            "Upload a document onto a {kind} (the body is the file)",
            _upload,
            response={201: DocumentOut, 404: NotFoundOut, 422: ValidationErrorOut},
            query={"name": (str, ""), "shared": (bool, False)},
            openapi_extra=BINARY_BODY,
        ),
    ],
    lookup=lambda request, kind, matter_id: get_matter_for_firm(request.firm.id, kind, matter_id),
)


@router.get(
    "/documents/{uuid:document_id}",
    response={200: DocumentOut, 404: NotFoundOut},
    summary="A document",
)
def get_document(request: HttpRequest, document_id: uuid.UUID):
    return get_document_for_firm(request.firm.id, document_id)


@router.patch(
    "/documents/{uuid:document_id}",
    response={200: DocumentOut, 404: NotFoundOut, 422: ValidationErrorOut},
    summary="Share a document with the matter's clients, or stop",
)
def patch_document(request: HttpRequest, document_id: uuid.UUID, payload: DocumentPatch):
    document = get_document_for_firm(request.firm.id, document_id)
    if payload.shared is None:
        return document
    return actions.set_document_sharing(
        document=document, shared=payload.shared, actor=actor_of(request)
    )


@router.delete(
    "/documents/{uuid:document_id}",
    response={204: None, 404: NotFoundOut},
    summary="Delete a document (kept in the audit trail)",
)
def delete_document(request: HttpRequest, document_id: uuid.UUID):
    document = get_document_for_firm(request.firm.id, document_id)
    actions.delete_document(document=document, actor=actor_of(request))
    return Status(204, None)


@router.get(
    "/documents/{uuid:document_id}/download",
    response={200: None, 206: None, 404: NotFoundOut, 416: None},
    summary="Download a document's latest version, or `version`; `Range` is supported",
    openapi_extra={
        # An int, as ninja keys its own: a "200" string beside it would be a second 200 key in
        # the JSON, which swagger-ui's YAML parser refuses (the docs page then shows nothing).
        "responses": {
            200: {
                "description": "The file, as an attachment.",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def download_document(request: HttpRequest, document_id: uuid.UUID, version: int | None = None):
    document = get_document_for_firm(request.firm.id, document_id)
    found = get_version(document, version)
    actions.record_download(version=found, actor=actor_of(request))
    return download_response(request, found)
