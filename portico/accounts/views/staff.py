"""The firm's staff in the workspace: everyone sees who works here; partners invite, resend
invitations, change roles and remove members."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from portico.accounts.actions import (
    change_staff_role,
    invite_staff,
    remove_staff_member,
    resend_staff_invitation,
)
from portico.accounts.forms import InviteStaffForm, StaffRoleForm
from portico.accounts.queries import (
    get_member_for_firm,
    members_for_firm,
    pending_invitations_for_firm,
)
from portico.core.errors import InvalidInput
from portico.core.forms import add_input_errors
from portico.core.views import WorkspaceView
from portico.identity.admin import IdentityError, IdentityUnavailable


def identity_problem(error: IdentityError) -> str:
    if isinstance(error, IdentityUnavailable):
        return (
            "The sign-in service did not answer, so nobody was invited. "
            "Please try again in a minute."
        )
    return (
        f"The sign-in service refused the invitation ({error.message or error.error}). "
        "Nobody was invited."
    )


class StaffListView(WorkspaceView):
    def get(self, request: HttpRequest) -> HttpResponse:
        members = members_for_firm(self.firm.id)
        return render(
            request,
            "accounts/staff_list.html",
            {
                "members": [m for m in members if not m.is_pending],
                "pending": pending_invitations_for_firm(self.firm.id),
            },
        )


class InviteView(WorkspaceView):
    partner_only = True

    def _page(self, request, form, *, error: str = "", status: int = 200) -> HttpResponse:
        return render(
            request, "accounts/staff_invite.html", {"form": form, "error": error}, status=status
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, InviteStaffForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = InviteStaffForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, status=422)
        try:
            member = invite_staff(firm=self.firm, actor=self.member, **form.cleaned_data)
        except InvalidInput as invalid:
            add_input_errors(form, invalid.errors)
            return self._page(request, form, status=422)
        except IdentityError as error:
            return self._page(request, form, error=identity_problem(error), status=503)
        messages.success(
            request,
            f"Invitation on its way to {member.email}. They appear under “Invited” until they "
            "first sign in.",
        )
        return redirect("staff:list")


class MemberView(WorkspaceView):
    """One member: their role (partners change it) and the way to remove them."""

    partner_only = True

    def _page(self, request, member, form, status: int = 200) -> HttpResponse:
        return render(
            request,
            "accounts/staff_member.html",
            {"member": member, "form": form},
            status=status,
        )

    def get(self, request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
        member = get_member_for_firm(self.firm.id, staff_id)
        return self._page(request, member, StaffRoleForm(initial={"role": member.role}))

    def post(self, request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
        member = get_member_for_firm(self.firm.id, staff_id)
        form = StaffRoleForm(request.POST)
        if form.is_valid():
            try:
                change_staff_role(member=member, role=form.cleaned_data["role"], actor=self.member)
            except InvalidInput as invalid:
                add_input_errors(form, invalid.errors)
            else:
                member.refresh_from_db()
                messages.success(
                    request, f"{member.name} is now {member.get_role_display().lower()}."
                )
                return redirect("staff:list")
        return self._page(request, member, form, status=422)


class ResendView(WorkspaceView):
    partner_only = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
        member = get_member_for_firm(self.firm.id, staff_id)
        if member.is_pending:
            resend_staff_invitation(member=member, actor=self.member)
            messages.success(
                request,
                f"A new invitation is on its way to {member.email}. "
                "The link in the earlier one still works until it expires.",
            )
        else:
            messages.error(request, f"{member.name} has already signed in; nothing was sent.")
        return redirect("staff:list")


class RemoveView(WorkspaceView):
    partner_only = True

    def _page(self, request, member, *, error: str = "", status: int = 200) -> HttpResponse:
        return render(
            request,
            "accounts/staff_remove.html",
            {"member": member, "error": error},
            status=status,
        )

    def get(self, request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
        return self._page(request, get_member_for_firm(self.firm.id, staff_id))

    def post(self, request: HttpRequest, staff_id: uuid.UUID) -> HttpResponse:
        member = get_member_for_firm(self.firm.id, staff_id)
        try:
            remove_staff_member(member=member, actor=self.member)
        except InvalidInput as invalid:
            error = " ".join(m for ms in invalid.errors.values() for m in ms)
            return self._page(request, member, error=error, status=422)
        messages.success(
            request,
            f"{member.name} no longer works at {self.firm.name}. They were signed out; "
            "everything they wrote stays, under their name.",
        )
        if member.pk == self.member.pk:
            return redirect("accounts:sign_in")
        return redirect("staff:list")
