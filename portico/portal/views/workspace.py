"""Granting and revoking a contact's portal access, from their page in the workspace."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from portico.clients.queries import get_contact_for_firm
from portico.core.errors import InvalidInput
from portico.core.views import WorkspaceView
from portico.identity.admin import IdentityError, IdentityUnavailable
from portico.matters.kinds import MatterKind
from portico.matters.queries import get_matter_for_firm
from portico.portal.access import access_summary_for_contact
from portico.portal.actions import (
    NotEligible,
    grant_portal_access,
    resend_portal_invitation,
    revoke_portal_access,
    send_intake_reminder,
)

UNAVAILABLE = (
    "The sign-in service did not answer, so nothing was changed. Please try again in a minute."
)


def identity_failure_message(error: IdentityError) -> str:
    if isinstance(error, IdentityUnavailable):
        return UNAVAILABLE
    return f"The sign-in service refused the change ({error.message or error.error}). Nothing was changed."


class GrantView(WorkspaceView):
    def _page(self, request, contact, *, error: str = "", status: int = 200) -> HttpResponse:
        access = access_summary_for_contact(contact)
        return render(
            request,
            "portal/workspace/grant.html",
            {"contact": contact, "access": access, "error": error},
            status=status,
        )

    def get(self, request: HttpRequest, contact_id: uuid.UUID) -> HttpResponse:
        return self._page(request, get_contact_for_firm(self.firm.id, contact_id))

    def post(self, request: HttpRequest, contact_id: uuid.UUID) -> HttpResponse:
        contact = get_contact_for_firm(self.firm.id, contact_id)
        try:
            account = grant_portal_access(contact=contact, actor=self.member)
        except NotEligible:
            return self._page(request, contact, status=422)
        except IdentityError as error:
            return self._page(request, contact, error=identity_failure_message(error), status=503)
        messages.success(
            request,
            f"Portal Access Granted. {contact.display_name} will receive an invitation at {account.email}.",
        )
        return redirect("clients:detail", contact.id)


class RevokeView(WorkspaceView):
    def get(self, request: HttpRequest, contact_id: uuid.UUID) -> HttpResponse:
        contact = get_contact_for_firm(self.firm.id, contact_id)
        return render(
            request,
            "portal/workspace/revoke.html",
            {"contact": contact, "access": access_summary_for_contact(contact)},
        )

    def post(self, request: HttpRequest, contact_id: uuid.UUID) -> HttpResponse:
        contact = get_contact_for_firm(self.firm.id, contact_id)
        access = access_summary_for_contact(contact)
        if access.can_revoke:
            revoke_portal_access(account=access.account, actor=self.member)
        messages.success(
            request,
            f"Portal Access Removed. {contact.display_name} can no longer sign in; "
            "everything they shared stays on their records.",
        )
        return redirect("clients:detail", contact.id)


class ResendInvitationView(WorkspaceView):
    """A new invitation email (with a new link) for a client who has not signed in yet."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, contact_id: uuid.UUID) -> HttpResponse:
        contact = get_contact_for_firm(self.firm.id, contact_id)
        access = access_summary_for_contact(contact)
        if access.can_resend:
            resend_portal_invitation(account=access.account, actor=self.member)
            messages.success(
                request,
                f"A new invitation is on its way to {access.account.email}. "
                "The link in the earlier one still works until it expires.",
            )
        else:
            messages.error(
                request,
                f"{contact.display_name} has no invitation waiting, so none was sent.",
            )
        return redirect(f"{contact.get_absolute_url()}#portal-access")


class IntakeReminderView(WorkspaceView):
    """POST: email the lead's or case's clients who have portal access a link to its intake
    questions; the page says to whom, or why no one."""

    http_method_names = ["post"]
    kind: MatterKind = MatterKind.CASE

    def post(self, request: HttpRequest, **ids: uuid.UUID) -> HttpResponse:
        matter = get_matter_for_firm(self.firm.id, self.kind, ids[f"{self.kind.value}_id"])
        try:
            accounts = send_intake_reminder(matter=matter, actor=self.member)
        except InvalidInput as refused:
            messages.error(request, " ".join(m for ms in refused.errors.values() for m in ms))
        else:
            to = ", ".join(f"{a.contact.display_name} ({a.email})" for a in accounts)
            messages.success(request, f"Reminder sent to {to}, with a link to the questions.")
        return redirect(f"{matter.get_absolute_url()}#intake")
