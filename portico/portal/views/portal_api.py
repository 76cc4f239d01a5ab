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
from portico.core.money import format_minor_units
from portico.documents.actions import record_download
from portico.documents.downloads import download_response, why_not_downloadable
from portico.intake.actions import save_answer
from portico.intake.schemas import answer_in
from portico.matters.actions import add_comment
from portico.matters.kinds import MatterFace, MatterKind
from portico.matters.routes import MatterRoute, mount_matter_routes
from portico.money.pdf import receipt_pdf_response
from portico.money.words import summary_sentences
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
    YourFinancialHistoryOut,
    YourIntakeOut,
    YourInvoicesOut,
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
    return {"documents": queries.documents_for_client(request.portal, matter)}


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


def _your_invoice(invoice) -> dict:
    c = invoice.currency
    return {
        "id": invoice.id,
        "number": invoice.number,
        "status": invoice.status,
        "currency": c,
        "issued_on": invoice.issued_on,
        "due_on": invoice.due_on,
        "total": format_minor_units(invoice.total_minor, c),
        "paid": format_minor_units(invoice.paid_minor, c),
        "balance": format_minor_units(
            invoice.balance_minor if invoice.status == "issued" else 0, c
        ),
        "lines": [
            {
                "description": line.description,
                "kind": line.kind,
                "amount": format_minor_units(line.amount_minor, c),
            }
            for line in invoice.lines.all()
        ],
    }


def _invoices(request: HttpRequest, case):
    summary = queries.money_summary_for_client(request.portal, case, with_lines=True)
    c = case.currency
    return {
        "currency": c,
        "summary": summary_sentences(summary),
        "owed": format_minor_units(summary.owed_minor, c),
        "trust_balance": format_minor_units(summary.trust_balance_minor, c),
        "minimum_trust_balance": format_minor_units(summary.minimum_trust_minor, c),
        "trust_shortfall": format_minor_units(summary.shortfall_minor, c),
        "invoices": [_your_invoice(i) for i in summary.invoices],
    }


def _history(request: HttpRequest, case):
    summary = queries.money_summary_for_client(request.portal, case)
    c = case.currency
    return {
        "currency": c,
        "summary": summary_sentences(summary),
        "trust_balance": format_minor_units(summary.trust_balance_minor, c),
        "items": [
            {
                "at": row.at,
                "kind": row.kind,
                "description": row.description,
                "amount": ("-" if row.amount_minor < 0 else "")
                + format_minor_units(abs(row.amount_minor), c),
                "trust_balance": format_minor_units(row.trust_balance_minor, c),
                "invoice_id": row.invoice.id if row.invoice else None,
                "payment_id": row.payment.id if row.payment else None,
                "receipt_number": (
                    row.payment.receipt_number
                    if row.payment
                    else (row.entry.receipt_number if row.entry else "")
                ),
            }
            for row in queries.financial_history_for_client(request.portal, case, summary=summary)
        ],
    }


mount_matter_routes(
    router,
    [
        MatterRoute(
            "GET",
            "/invoices",
            "invoices",
            "Your invoices on one of your {kind}s, with what you owe and your trust balance",
            _invoices,
            response={200: YourInvoicesOut, 404: NotFoundOut},
            kinds=(MatterKind.CASE,),
        ),
        MatterRoute(
            "GET",
            "/financial-history",
            "financial_history",
            "Your invoices, payments and trust money on one of your {kind}s, with the running "
            "trust balance",
            _history,
            response={200: YourFinancialHistoryOut, 404: NotFoundOut},
            kinds=(MatterKind.CASE,),
        ),
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


@router.get(
    "/payments/{uuid:payment_id}/receipt",
    response={200: None, 404: NotFoundOut},
    summary="The PDF receipt of one of your payments (application/pdf)",
)
def your_receipt(request: HttpRequest, payment_id: uuid.UUID):
    return receipt_pdf_response(queries.get_payment_for_client(request.portal, payment_id))
