"""The client's portal: their details, their matters, each matter's progress and messages.

Portal views read only through `portico.portal.queries` (a test holds them to it)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from portico.clients.actions import update_contact
from portico.clients.forms import form_row_response
from portico.core.forms import submit_form
from portico.core.views import PortalView
from portico.documents.actions import record_download, upload_document
from portico.documents.downloads import download_response, why_not_downloadable
from portico.documents.names import UploadRefused
from portico.documents.uploads import UploadTarget, UploadView, document_json
from portico.identity.oidc import begin_sign_in
from portico.intake.uploads import FileAnswerUploadView, check_file_answerable
from portico.matters.actions import add_comment
from portico.matters.kinds import MatterFace, MatterKind
from portico.money.amounts import display
from portico.money.chart import balance_chart
from portico.money.pdf import invoice_pdf_response, receipt_pdf_response
from portico.money.words import summary_sentences
from portico.portal import queries
from portico.portal.forms import ClientProfile, MessageForm


@require_GET
def portal_sign_in(request: HttpRequest) -> HttpResponse:
    """Where invitations and the portal's links send a client to sign in."""
    return begin_sign_in(request, intent="portal")


class HomeView(PortalView):
    def get(self, request: HttpRequest) -> HttpResponse:
        contact, cases, leads = queries.home_for_client(self.principal)
        needing = queries.matters_needing_answers(self.principal, [*cases, *leads])
        for matter in [*cases, *leads]:
            matter.needs_answers = matter.matter_id in needing
        return render(
            request, "portal/home.html", {"contact": contact, "cases": cases, "leads": leads}
        )


class MatterView(PortalView):
    """One of the client's leads or cases (`kind` comes from the URL pattern): its progress
    and its message thread, with a reply box."""

    kind: MatterKind = MatterKind.CASE

    def _matter(self, ids: dict) -> MatterFace:
        return queries.get_matter_for_client(self.principal, self.kind, ids[f"{self.kind}_id"])

    def _render(self, request, matter, form: MessageForm | None = None, *, status: int = 200):
        intake = queries.intake_for_client(self.principal, matter)
        timeline, thread = queries.timeline_and_thread_for_client(self.principal, matter)
        context = {
            "intake": intake,
            "intake_remaining": sum(len(f.remaining) for f in intake),
            "intake_url": f"/portal/api/v1/{self.kind.value}s/{matter.id}/intake/",
            "matter": matter,
            "timeline": timeline,
            "thread": thread,
            "documents": queries.documents_for_client(self.principal, matter),
            "upload_url": reverse(f"portal:{self.kind.value}_upload", args=[matter.id]),
            "max_mb": settings.DOCUMENTS_MAX_BYTES // (1024 * 1024),
            "body": form.data.get("body", "") if form else "",
            "errors": [m for messages_ in form.errors.values() for m in messages_] if form else [],
        }
        if self.kind == MatterKind.CASE:
            summary = queries.money_summary_for_client(self.principal, matter)
            context["money"] = {
                "summary": summary,
                "sentences": summary_sentences(summary),
                "invoices": summary.invoices,
            }
        return render(request, "portal/matter.html", context, status=status)

    def get(self, request: HttpRequest, **ids: uuid.UUID) -> HttpResponse:
        return self._render(request, self._matter(ids))

    def post(self, request: HttpRequest, **ids: uuid.UUID) -> HttpResponse:
        matter = self._matter(ids)
        form = MessageForm(request.POST)
        contact = queries.contact_for_client(self.principal)
        message = submit_form(
            form,
            lambda: add_comment(
                matter=matter, body=form.cleaned_data["body"], is_private=False, actor=contact
            ),
        )
        if message is None:
            return self._render(request, matter, form, status=422)
        messages.success(request, "Message sent. The firm sees it now.")
        # The page opens on the message just sent, highlighted.
        return redirect(f"{request.path}#message-{message.id}")


class ProfileView(PortalView):
    """The client reviews and corrects their own details; the firm's record changes at once."""

    def _render(self, request, profile: ClientProfile, status: int = 200) -> HttpResponse:
        return render(
            request,
            "portal/profile.html",
            {
                "profile": profile,
                "contact": profile.contact,
                "groups": profile.groups,
                "row_url": reverse("portal:form_row"),
            },
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(
            request, ClientProfile(contact=queries.contact_for_client(self.principal))
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        contact = queries.contact_for_client(self.principal)
        profile = ClientProfile(request.POST, contact=contact)
        saved = submit_form(
            profile,
            lambda: update_contact(contact=contact, data=profile.to_input(), actor=contact),
        )
        if saved is None:
            return self._render(request, profile, status=422)
        messages.success(request, "Your details are saved. The firm sees them now.")
        return redirect("portal:home")


class FormRowView(PortalView):
    """One more blank email, phone or address row for the profile form (HTMX)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return form_row_response(request, row_url=reverse("portal:form_row"))


class PortalUploadView(UploadView):
    """The client POSTs a file onto their own lead or case (`?name=...`). The firm sees it at
    once; other clients on the matter only once the firm shares it."""

    kind: MatterKind = MatterKind.CASE

    def authorize(self, request, **ids) -> UploadTarget:
        principal = getattr(request, "portal", None)
        if principal is None:
            raise UploadRefused("Please sign in again, then upload the file.", 401)
        matter = queries.get_matter_for_client(principal, self.kind, ids[f"{self.kind.value}_id"])
        return UploadTarget(
            firm_id=principal.firm_id,
            actor=queries.contact_for_client(principal),
            matter=matter,
            name=self.requested_name(request),
        )

    def finish(self, request, target: UploadTarget, incoming) -> dict:
        document = upload_document(
            matter=target.matter,
            name=target.name,
            incoming=incoming,
            shared=False,
            actor=target.actor,
        )
        return document_json(document, queries.latest_version_for_client(document))


class PortalFileAnswerView(FileAnswerUploadView):
    """The client POSTs a file (`?name=...`) answering a file question on their own lead or
    case: it lands in the matter's documents as their upload, like any other."""

    def authorize(self, request, **ids) -> UploadTarget:
        principal = getattr(request, "portal", None)
        if principal is None:
            raise UploadRefused("Please sign in again, then upload the file.", 401)
        matter = queries.get_matter_for_client(principal, self.kind, ids[f"{self.kind.value}_id"])
        question = queries.get_question_for_client(principal, matter, ids["question_id"])
        contact = queries.contact_for_client(principal)
        check_file_answerable(matter=matter, question=question, actor=contact)
        if question.kind != "file":
            raise UploadRefused("This question is not answered with a file.")
        return UploadTarget(
            firm_id=principal.firm_id,
            actor=contact,
            matter=matter,
            name=self.requested_name(request),
            question=question,
        )


class DocumentDownloadView(PortalView):
    """A document shared with the client, or their own upload; never an unscanned or infected
    file when a scanner is set up. Every download is in the firm's audit trail."""

    def get(self, request: HttpRequest, document_id: uuid.UUID) -> HttpResponse:
        document = queries.get_document_for_client(self.principal, document_id)
        version = queries.latest_version_for_client(document)
        if not version.downloadable_by_clients:
            raise PermissionDenied(why_not_downloadable(version))
        record_download(version=version, actor=self.principal)
        return download_response(request, version)


class MoneyHistoryView(PortalView):
    """The financial history of one of the client's cases: their invoices, payments and trust
    deposits and applications, with the running trust balance, a chart of it, and receipts."""

    def get(self, request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
        case = queries.get_case_for_client(self.principal, case_id)
        summary = queries.money_summary_for_client(self.principal, case)
        history = queries.financial_history_for_client(self.principal, case, summary=summary)
        money = lambda minor: display(minor, case.currency)  # noqa: E731
        steps = [(r.at, r.trust_balance_minor, r.description) for r in history if r.entry]
        return render(
            request,
            "portal/money_history.html",
            {
                "matter": case,
                "summary": summary,
                "sentences": summary_sentences(summary),
                "history": history,
                "chart": balance_chart(steps, money),
            },
        )


class ReceiptView(PortalView):
    """The PDF receipt of one of the client's own payments."""

    def get(self, request: HttpRequest, payment_id: uuid.UUID) -> HttpResponse:
        return receipt_pdf_response(queries.get_payment_for_client(self.principal, payment_id))


class TrustReceiptView(PortalView):
    """The PDF receipt of one of the client's own trust deposits."""

    def get(self, request: HttpRequest, entry_id: uuid.UUID) -> HttpResponse:
        return receipt_pdf_response(queries.get_deposit_for_client(self.principal, entry_id))


class InvoicePdfView(PortalView):
    """The PDF of one of the client's own issued invoices."""

    def get(self, request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
        return invoice_pdf_response(queries.get_invoice_for_client(self.principal, invoice_id))
