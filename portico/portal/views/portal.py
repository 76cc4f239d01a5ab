"""The client's portal: their details, their matters, each matter's progress and messages.

Portal views read only through `portico.portal.queries` (a test holds them to it)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from portico.clients.actions import update_contact
from portico.clients.forms import form_row_response
from portico.core.forms import submit_form
from portico.core.views import PortalView
from portico.identity.oidc import begin_sign_in
from portico.matters.actions import add_comment
from portico.matters.kinds import MatterFace, MatterKind
from portico.portal import queries
from portico.portal.forms import ClientProfile, MessageForm


@require_GET
def portal_sign_in(request: HttpRequest) -> HttpResponse:
    """Where invitations and the portal's links send a client to sign in."""
    return begin_sign_in(request, intent="portal")


class HomeView(PortalView):
    def get(self, request: HttpRequest) -> HttpResponse:
        contact, cases, leads = queries.home_for_client(self.principal)
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
        context = {
            "matter": matter,
            "timeline": queries.timeline_for_client(self.principal, matter),
            "thread": queries.messages_for_client(self.principal, matter),
            "body": form.data.get("body", "") if form else "",
            "errors": [m for messages_ in form.errors.values() for m in messages_] if form else [],
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
