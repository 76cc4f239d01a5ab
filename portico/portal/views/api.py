"""Portal access in the staff API: status and eligibility, grant, revoke."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from portico.api.auth import actor_of
from portico.api.errors import NotFoundOut, ValidationErrorOut
from portico.clients.queries import get_contact_for_firm
from portico.identity.admin import IdentityError
from portico.matters.kinds import MatterFace
from portico.matters.queries import get_matter_for_firm
from portico.matters.routes import MatterRoute, mount_matter_routes
from portico.portal.access import access_summary_for_contact
from portico.portal.actions import (
    NotEligible,
    grant_portal_access,
    revoke_portal_access,
    send_intake_reminder,
)
from portico.portal.views.workspace import identity_failure_message

router = Router(tags=["portal access"])


class ProblemOut(Schema):
    code: str
    message: str


class HistoryOut(Schema):
    at: datetime
    who: str
    what: str


class PortalAccessOut(Schema):
    status: str
    email: str | None
    eligible: bool
    problems: list[ProblemOut]
    invited_at: datetime | None
    activated_at: datetime | None
    last_sign_in_at: datetime | None
    revoked_at: datetime | None
    history: list[HistoryOut]


class IneligibleOut(Schema):
    detail: str
    problems: list[ProblemOut]


class UnavailableOut(Schema):
    detail: str


def _out(contact) -> dict:
    access = access_summary_for_contact(contact)
    account = access.account
    return {
        "status": access.status,
        "email": account.email if account else None,
        "eligible": not access.problems,
        "problems": [{"code": p.code, "message": p.message} for p in access.problems],
        "invited_at": account.invited_at if account else None,
        "activated_at": account.activated_at if account else None,
        "last_sign_in_at": account.last_sign_in_at if account else None,
        "revoked_at": account.revoked_at if account else None,
        "history": [
            {"at": e.created_at, "who": e.actor_label, "what": e.summary} for e in access.history
        ],
    }


@router.get(
    "/contacts/{uuid:contact_id}/portal-access",
    response={200: PortalAccessOut, 404: NotFoundOut},
    summary="Portal status, whether access can be granted (and why not), and its history",
)
def get_portal_access(request: HttpRequest, contact_id: uuid.UUID):
    return _out(get_contact_for_firm(request.firm.id, contact_id))


@router.post(
    "/contacts/{uuid:contact_id}/portal-access",
    response={201: PortalAccessOut, 404: NotFoundOut, 422: IneligibleOut, 503: UnavailableOut},
    summary="Grant portal access and send the invitation (granting twice is harmless)",
)
def post_portal_access(request: HttpRequest, contact_id: uuid.UUID):
    contact = get_contact_for_firm(request.firm.id, contact_id)
    try:
        grant_portal_access(contact=contact, actor=actor_of(request))
    except NotEligible as refused:
        return Status(
            422,
            {
                "detail": "This contact cannot be given portal access yet.",
                "problems": [{"code": p.code, "message": p.message} for p in refused.problems],
            },
        )
    except IdentityError as error:
        return Status(503, {"detail": identity_failure_message(error)})
    return Status(201, _out(contact))


@router.delete(
    "/contacts/{uuid:contact_id}/portal-access",
    response={200: PortalAccessOut, 404: NotFoundOut},
    summary="Revoke portal access; every record of the client is kept",
)
def delete_portal_access(request: HttpRequest, contact_id: uuid.UUID):
    contact = get_contact_for_firm(request.firm.id, contact_id)
    access = access_summary_for_contact(contact)
    if access.can_revoke:
        revoke_portal_access(account=access.account, actor=actor_of(request))
    return _out(contact)


class ReminderOut(Schema):
    sent_to: list[str] = Field(description="The clients' email addresses the reminder goes to.")


def _remind(request: HttpRequest, matter: MatterFace):
    accounts = send_intake_reminder(matter=matter, actor=actor_of(request))
    return Status(202, {"sent_to": [a.email for a in accounts]})


mount_matter_routes(
    router,
    [
        MatterRoute(
            "POST",
            "/intake/reminders",
            "remind_intake",
            "Email the {kind}'s clients who have portal access a link to its intake questions",
            _remind,
            response={202: ReminderOut, 404: NotFoundOut, 422: ValidationErrorOut},
        ),
    ],
    lookup=lambda request, kind, matter_id: get_matter_for_firm(request.firm.id, kind, matter_id),
)
