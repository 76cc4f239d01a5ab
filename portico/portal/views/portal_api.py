"""The portal API at /portal/api/v1: the signed-in client's own data, through portal queries.

It authenticates with the portal session (cookie, with CSRF on writes), like the portal pages.
Its schemas are its own: nothing here reuses a staff schema, so a field the firm adds for its
staff never reaches a client by inheritance (`test_portal_schemas` holds it to that).
"""

from __future__ import annotations

import inspect
import uuid

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf

from portico.api.errors import NotFoundOut, ValidationErrorOut
from portico.api.payloads import sent_fields
from portico.clients.actions import update_contact
from portico.clients.inputs import ContactInput
from portico.documents.actions import record_download
from portico.documents.downloads import download_response, why_not_downloadable
from portico.intake.actions import save_answer
from portico.intake.schemas import answer_in
from portico.matters.actions import add_comment
from portico.matters.kinds import MatterFace
from portico.matters.routes import MatterRoute, mount_matter_routes
from portico.portal import queries
from portico.portal.schemas import (
    MatterDetailOut,
    MattersOut,
    MeOut,
    MePatch,
    MessageIn,
    MessageOut,
    YourAnswerIn,
    YourAnswerOut,
    YourDocumentsOut,
    YourIntakeOut,
)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class PortalSession(APIKeyCookie):
    """The portal's own session cookie; CSRF is checked on every write (Django's check: the
    `X-CSRFToken` header against the CSRF cookie, and a foreign `Origin` refused)."""

    param_name = "portico_session"

    def _get_key(self, request: HttpRequest):
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(
                403, "CSRF check failed: reload the page and try again (send X-CSRFToken)."
            )
        return request.COOKIES.get(settings.SESSION_COOKIE_NAME)

    def authenticate(self, request: HttpRequest, key: str | None):
        return getattr(request, "portal", None)


router = Router(tags=["portal"])


@router.get("/me", response=MeOut, summary="Your details")
def get_me(request: HttpRequest):
    return queries.contact_for_client(request.portal)


@router.patch("/me", response={200: MeOut, 422: ValidationErrorOut}, summary="Correct your details")
def patch_me(request: HttpRequest, payload: MePatch):
    contact = queries.contact_for_client(request.portal)
    data = ContactInput.from_contact(contact).with_changes(sent_fields(payload))
    update_contact(contact=contact, data=data, actor=contact)
    return queries.contact_for_client(request.portal)


@router.get("/matters", response=MattersOut, summary="Your cases and leads")
def list_matters(request: HttpRequest):
    cases, leads = queries.matters_listed_for_client(request.portal)
    return {"cases": cases, "leads": leads}


def _documents(request: HttpRequest, matter: MatterFace):
    documents = list(queries.documents_for_client(request.portal, matter))
    for document in documents:
        document.latest = queries.latest_version_for_client(document)
    return {"documents": documents}


def _intake(request: HttpRequest, matter: MatterFace):
    forms = [
        {
            "name": asked.form.name,
            "remaining": len(asked.remaining),
            "questions": [
                {
                    "id": q.question.id,
                    "kind": q.question.kind,
                    "label": q.question.label,
                    "help_text": q.question.help_text,
                    "section": q.question.section,
                    "required": q.question.required,
                    "choices": q.question.choices,
                    "answer": q.value,
                    "file": q.document,
                }
                for q in asked.questions
                if q.shown
            ],
        }
        for asked in queries.intake_for_client(request.portal, matter)
    ]
    return {"forms": forms, "remaining": sum(f["remaining"] for f in forms)}


def _answer(
    request: HttpRequest, matter: MatterFace, question_id: uuid.UUID, payload: YourAnswerIn
):
    question = queries.get_question_for_client(request.portal, matter, question_id)
    contact = queries.contact_for_client(request.portal)
    answer = save_answer(
        matter=matter, question=question, value=answer_in(payload.value), actor=contact
    )
    return {"question_id": question.id, "answer": answer.value, "saved_at": answer.updated_at}


def _post_message(request: HttpRequest, matter: MatterFace, payload: MessageIn):
    contact = queries.contact_for_client(request.portal)
    return Status(
        201, add_comment(matter=matter, body=payload.body, is_private=False, actor=contact)
    )


mount_matter_routes(
    router,
    [
        MatterRoute(
            "GET",
            "",
            "get",
            "One of your {kind}s",
            lambda request, matter: matter,
            response={200: MatterDetailOut, 404: NotFoundOut},
        ),
        MatterRoute(
            "GET",
            "/documents",
            "documents",
            "Files on one of your {kind}s: those the firm shared with you, and yours",
            _documents,
            response={200: YourDocumentsOut, 404: NotFoundOut},
        ),
        MatterRoute(
            "GET",
            "/intake",
            "intake",
            "The intake questions of one of your {kind}s, with your answers",
            _intake,
            response={200: YourIntakeOut, 404: NotFoundOut},
        ),
        MatterRoute(
            "PUT",
            "/intake/{uuid:question_id}",
            "answer",
            "Answer an intake question of one of your {kind}s (saved at once; the later "
            "answer wins)",
            _answer,
            response={200: YourAnswerOut, 404: NotFoundOut, 422: ValidationErrorOut},
            payload=YourAnswerIn,
            query={"question_id": (uuid.UUID, inspect.Parameter.empty)},
        ),
        MatterRoute(
            "POST",
            "/messages",
            "post_message",
            "Write to the firm about a {kind}",
            _post_message,
            response={201: MessageOut, 404: NotFoundOut, 422: ValidationErrorOut},
            payload=MessageIn,
        ),
    ],
    lookup=lambda request, kind, matter_id: queries.get_matter_for_client(
        request.portal, kind, matter_id
    ),
)


@router.get(
    "/documents/{uuid:document_id}/download",
    response={200: None, 206: None, 403: NotFoundOut, 404: NotFoundOut, 416: None},
    summary="Download one of your documents (`Range` is supported)",
    url_name="download_your_document",
)
def download_your_document(request: HttpRequest, document_id: uuid.UUID):
    document = queries.get_document_for_client(request.portal, document_id)
    version = queries.latest_version_for_client(document)
    if not version.downloadable_by_clients:
        return Status(403, {"detail": why_not_downloadable(version)})
    record_download(version=version, actor=request.portal)
    return download_response(request, version)
