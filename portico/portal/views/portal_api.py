"""The portal API at /portal/api/v1: the signed-in client's own data, through portal queries.

It authenticates with the portal session (cookie, with CSRF on writes), like the portal pages.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import APIKeyCookie

from portico.api.errors import (
    NotFoundOut,
    Text,
    ValidationErrorOut,
)
from portico.clients.actions import update_contact
from portico.clients.inputs import ContactInput
from portico.clients.views.api import (
    AddressIn,
    ContactDetailsOut,
    ContactPatch,
    EmailIn,
    IdentificationIn,
    PhoneIn,
    _input_from,
)
from portico.matters.actions import add_comment
from portico.matters.models import StageChange, StatusUpdate
from portico.portal import queries


class PortalSession(APIKeyCookie):
    """The portal's own session cookie; CSRF is checked on every write."""

    param_name = "portico_session"

    def _get_key(self, request: HttpRequest):
        return request.COOKIES.get(settings.SESSION_COOKIE_NAME)

    def authenticate(self, request: HttpRequest, key: str | None):
        return getattr(request, "portal", None)


router = Router(tags=["portal"])


class MeOut(ContactDetailsOut):
    """Your details as the firm keeps them (the firm's own notes and billing stay with it)."""


class MePatch(Schema):
    """Only the fields sent change; a list sent replaces that list (rows matched by `id`)."""

    first_name: Text | None = None
    middle_name: Text | None = None
    last_name: Text | None = None
    organization_name: Text | None = None
    date_of_birth: datetime.date | None = None
    identification: IdentificationIn | None = None
    emails: list[EmailIn] | None = None
    phones: list[PhoneIn] | None = None
    addresses: list[AddressIn] | None = None


class MatterOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    stage: str | None
    opened_on: datetime.date
    latest_update: str | None


class MattersOut(Schema):
    cases: list[MatterOut]
    leads: list[MatterOut]


class TimelineItemOut(Schema):
    at: datetime.datetime
    kind: str
    text: str
    by: str | None


class MessageOut(Schema):
    id: uuid.UUID
    at: datetime.datetime
    by: str
    mine: bool
    body: str


class MatterDetailOut(MatterOut):
    timeline: list[TimelineItemOut]
    messages: list[MessageOut]


class MessageIn(Schema):
    # Checked after the matter is found, so another client's matter is a 404 whatever is sent.
    body: Text = ""


def _case_out(case) -> dict:
    return {
        "id": case.id,
        "kind": "case",
        "title": case.name,
        "stage": case.get_stage_display(),
        "opened_on": case.opened_on,
        "latest_update": getattr(case, "latest_update", None),
    }


def _lead_out(lead) -> dict:
    return {
        "id": lead.id,
        "kind": "lead",
        "title": lead.title,
        "stage": None,
        "opened_on": lead.created_at.date(),
        "latest_update": getattr(lead, "latest_update", None),
    }


def _message_out(message, principal) -> dict:
    mine = message.author_contact_id == principal.contact_id
    return {
        "id": message.id,
        "at": message.created_at,
        "by": "You" if mine else message.author_name,
        "mine": mine,
        "body": message.body,
    }


def _timeline_item(item: StatusUpdate | StageChange) -> dict:
    if isinstance(item, StageChange):
        text = f"Moved to {item.get_to_stage_display()}"
        return {"at": item.created_at, "kind": "stage", "text": text, "by": None}
    return {"at": item.created_at, "kind": "update", "text": item.body, "by": item.author_name}


def _detail(request: HttpRequest, matter, base: dict) -> dict:
    principal = request.portal
    timeline = [_timeline_item(i) for i in queries.timeline_for_client(principal, matter)]
    messages = [_message_out(m, principal) for m in queries.messages_for_client(principal, matter)]
    return {**base, "timeline": timeline, "messages": messages}


@router.get("/me", response=MeOut, summary="Your details")
def get_me(request: HttpRequest):
    return queries.contact_for_client(request.portal)


@router.patch("/me", response={200: MeOut, 422: ValidationErrorOut}, summary="Correct your details")
def patch_me(request: HttpRequest, payload: MePatch):
    contact = queries.contact_for_client(request.portal)
    as_staff_patch = ContactPatch(**payload.model_dump(exclude_unset=True))
    update_contact(
        contact=contact,
        data=_input_from(as_staff_patch, ContactInput.from_contact(contact)),
        actor=contact,
    )
    return queries.contact_for_client(request.portal)


@router.get("/matters", response=MattersOut, summary="Your cases and leads")
def list_matters(request: HttpRequest):
    _contact, cases, leads = queries.home_for_client(request.portal)
    return {"cases": [_case_out(c) for c in cases], "leads": [_lead_out(lead) for lead in leads]}


@router.get(
    "/cases/{uuid:case_id}",
    response={200: MatterDetailOut, 404: NotFoundOut},
    summary="One of your cases",
)
def get_case(request: HttpRequest, case_id: uuid.UUID):
    case = queries.get_case_for_client(request.portal, case_id)
    return _detail(request, case, _case_out(case))


@router.get(
    "/leads/{uuid:lead_id}",
    response={200: MatterDetailOut, 404: NotFoundOut},
    summary="One of your leads",
)
def get_lead(request: HttpRequest, lead_id: uuid.UUID):
    lead = queries.get_lead_for_client(request.portal, lead_id)
    return _detail(request, lead, _lead_out(lead))


def _post_message(request: HttpRequest, matter, payload: MessageIn):
    contact = queries.contact_for_client(request.portal)
    message = add_comment(matter=matter, body=payload.body, is_private=False, actor=contact)
    return Status(201, _message_out(message, request.portal))


@router.post(
    "/cases/{uuid:case_id}/messages",
    response={201: MessageOut, 404: NotFoundOut, 422: ValidationErrorOut},
    summary="Write to the firm about a case",
)
def post_case_message(request: HttpRequest, case_id: uuid.UUID, payload: MessageIn):
    return _post_message(request, queries.get_case_for_client(request.portal, case_id), payload)


@router.post(
    "/leads/{uuid:lead_id}/messages",
    response={201: MessageOut, 404: NotFoundOut, 422: ValidationErrorOut},
    summary="Write to the firm about a lead",
)
def post_lead_message(request: HttpRequest, lead_id: uuid.UUID, payload: MessageIn):
    return _post_message(request, queries.get_lead_for_client(request.portal, lead_id), payload)
