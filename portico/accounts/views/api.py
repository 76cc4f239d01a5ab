"""The firm's staff in the staff API: everyone may read who works here; a partner's own token
invites, resends, changes roles and removes (an API key may not: keys are the firm's tools,
not a partner)."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Schema, Status

from portico.accounts.actions import (
    change_staff_role,
    invite_staff,
    remove_staff_member,
    resend_staff_invitation,
)
from portico.accounts.queries import (
    get_member_for_firm,
    members_for_firm,
    pending_invitations_for_firm,
)
from portico.accounts.views.staff import identity_problem
from portico.api.errors import NotFoundOut, ValidationErrorOut
from portico.identity.admin import IdentityError
from portico.tenancy.schemas import StaffOut

router = Router(tags=["staff"])
ONLY_PARTNERS = "Only a partner, signed in with their own access token, can manage staff."


class DetailOut(Schema):
    detail: str


class InvitationIn(Schema):
    email: str
    name: str
    role: str = "associate"


class RoleIn(Schema):
    # Optional in the schema so a missing one is refused by the action, in its words (and
    # after the member was found: another firm's id is a 404 whatever the body).
    role: str = ""


def _is_partner(request: HttpRequest) -> bool:
    return request.staff is not None and request.staff.can_manage_firm


@router.get("/staff", response=list[StaffOut], summary="The firm's staff, invited ones too")
def list_staff(request: HttpRequest):
    return members_for_firm(request.firm.id)


@router.get(
    "/staff/invitations",
    response=list[StaffOut],
    summary="Invitations not accepted yet (newest first)",
)
def list_invitations(request: HttpRequest):
    return pending_invitations_for_firm(request.firm.id)


@router.post(
    "/staff/invitations",
    response={201: StaffOut, 403: DetailOut, 422: ValidationErrorOut, 503: DetailOut},
    summary="Invite someone by email with a role (partner only)",
)
def post_invitation(request: HttpRequest, payload: InvitationIn):
    if not _is_partner(request):
        return Status(403, {"detail": ONLY_PARTNERS})
    try:
        member = invite_staff(
            firm=request.firm,
            email=payload.email,
            name=payload.name,
            role=payload.role,
            actor=request.staff,
        )
    except IdentityError as error:
        return Status(503, {"detail": identity_problem(error)})
    return Status(201, member)


@router.get(
    "/staff/{uuid:staff_id}", response={200: StaffOut, 404: NotFoundOut}, summary="One member"
)
def get_staff(request: HttpRequest, staff_id: uuid.UUID):
    return get_member_for_firm(request.firm.id, staff_id)


@router.patch(
    "/staff/{uuid:staff_id}",
    response={200: StaffOut, 403: DetailOut, 404: NotFoundOut, 422: ValidationErrorOut},
    summary="Change a member's role (partner only; the last partner stays one)",
)
def patch_staff(request: HttpRequest, staff_id: uuid.UUID, payload: RoleIn):
    member = get_member_for_firm(request.firm.id, staff_id)
    if not _is_partner(request):
        return Status(403, {"detail": ONLY_PARTNERS})
    return change_staff_role(member=member, role=payload.role, actor=request.staff)


@router.delete(
    "/staff/{uuid:staff_id}",
    response={204: None, 403: DetailOut, 404: NotFoundOut},
    summary="Remove a member: signed out at once, their token refused (partner only)",
)
def delete_staff(request: HttpRequest, staff_id: uuid.UUID):
    member = get_member_for_firm(request.firm.id, staff_id)
    if not _is_partner(request):
        return Status(403, {"detail": ONLY_PARTNERS})
    remove_staff_member(member=member, actor=request.staff)
    return Status(204, None)


@router.post(
    "/staff/{uuid:staff_id}/invitation",
    response={
        200: StaffOut,
        403: DetailOut,
        404: NotFoundOut,
        409: DetailOut,
        422: ValidationErrorOut,
    },
    summary="Send the invitation again, with a fresh link (partner only)",
)
def resend_invitation(request: HttpRequest, staff_id: uuid.UUID):
    member = get_member_for_firm(request.firm.id, staff_id)
    if not _is_partner(request):
        return Status(403, {"detail": ONLY_PARTNERS})
    if not member.is_pending:
        return Status(409, {"detail": f"{member.name} has already signed in; nothing was sent."})
    return resend_staff_invitation(member=member, actor=request.staff)
