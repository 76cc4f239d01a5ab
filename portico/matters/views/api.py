"""Leads and cases in the staff API, with their clients, comments and status updates.

What a lead and a case share (the matter itself, its comments, its status updates) is one
`MatterRoute` each, mounted for both kinds by `mount_matter_routes`.
"""

from __future__ import annotations

import datetime
import uuid

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from portico.api.auth import actor_of
from portico.api.errors import STAFF_ONLY, NotFoundOut, Text, ValidationErrorOut, choice, text
from portico.clients.queries import contacts_for_firm
from portico.core.errors import InvalidInput
from portico.core.money import MAX_AMOUNT_LENGTH, format_minor_units
from portico.matters.actions import (
    add_case_client,
    add_case_party,
    add_comment,
    convert_lead,
    create_case,
    create_lead,
    post_status_update,
    update_case,
)
from portico.matters.inputs import (
    LIMITS,
    CaseInput,
    LeadInput,
    PartyInput,
)
from portico.matters.kinds import MatterKind
from portico.matters.models import Case, CaseParty, Lead, PracticeArea
from portico.matters.queries import (
    case_list_for_firm,
    comments_on,
    get_case_page_for_firm,
    get_lead_page_for_firm,
    get_matter_for_firm,
    get_matter_page_for_firm,
    lead_list_for_firm,
    stage_changes_on,
    status_updates_on,
)
from portico.matters.routes import MatterRoute, mount_matter_routes

router = Router(tags=["leads and cases"])
Money = Field(
    "0",
    max_length=MAX_AMOUNT_LENGTH,
    description='A decimal string in the firm\'s currency, e.g. "1500.00".',
    examples=["1500.00"],
)
Message = text(LIMITS["message.body"])


class ContactRef(Schema):
    id: uuid.UUID
    display_name: str


class CommentOut(Schema):
    id: uuid.UUID
    body: str
    private: bool = Field(validation_alias="is_private", json_schema_extra=STAFF_ONLY)
    author_name: str
    created_at: datetime.datetime


class StatusUpdateOut(Schema):
    id: uuid.UUID
    body: str
    author_name: str
    created_at: datetime.datetime


class MatterRecordsOut(Schema):
    """What is kept on a lead or a case, oldest first. A converted lead keeps nothing: the
    case it became holds it all."""

    comments: list[CommentOut]
    status_updates: list[StatusUpdateOut]

    @staticmethod
    def resolve_comments(obj):
        return comments_on(obj)

    @staticmethod
    def resolve_status_updates(obj):
        return status_updates_on(obj)


class LeadIn(Schema):
    title: text(LIMITS["lead.title"]) = ""
    practice_area: choice(PracticeArea, blank=True) = ""
    status: choice(Lead.Status) = Lead.Status.NEW
    source: choice(Lead.Source, blank=True) = ""
    description: text(LIMITS["description"]) = ""
    contact_ids: list[uuid.UUID] = Field([], max_length=LIMITS["contact_ids"])


class LeadSummaryOut(Schema):
    id: uuid.UUID
    title: str
    practice_area: str
    status: str
    source: str
    contacts: list[ContactRef]
    converted_case_id: uuid.UUID | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_contacts(obj: Lead):
        return [link.contact for link in obj.lead_contacts.all()]


class LeadOut(LeadSummaryOut, MatterRecordsOut):
    description: str


class CaseFieldsIn(Schema):
    name: text(LIMITS["case.name"]) = ""
    number: text(LIMITS["case.number"]) = ""
    practice_area: choice(PracticeArea, blank=True) = ""
    stage: choice(Case.Stage) = Case.Stage.INTAKE
    opened_on: datetime.date | None = None
    minimum_trust_balance: Text = Money
    client_ids: list[uuid.UUID] = Field(
        [], max_length=LIMITS["contact_ids"], description="Contacts to name as the case's clients."
    )


class CaseIn(CaseFieldsIn):
    description: text(LIMITS["description"]) = ""
    opened_on: datetime.date | None = Field(None, description="Required.")
    closed_on: datetime.date | None = None


class CasePatch(Schema):
    name: text(LIMITS["case.name"]) | None = None
    number: text(LIMITS["case.number"]) | None = None
    practice_area: choice(PracticeArea) | None = None
    stage: choice(Case.Stage) | None = None
    description: text(LIMITS["description"]) | None = None
    opened_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    minimum_trust_balance: Text | None = Field(None, max_length=MAX_AMOUNT_LENGTH)


class ConvertIn(CaseFieldsIn):
    """Everything is optional: the case takes the lead's title, practice area and description,
    opens today, and names the lead's contacts as its clients (plus any `client_ids`)."""


class PartyOut(Schema):
    id: uuid.UUID
    role: str
    name: str
    organization: str
    email: str
    phone: str
    notes: str


class CaseClientOut(Schema):
    id: uuid.UUID = Field(description="The link's id (to remove the client from the case).")
    contact: ContactRef


class CaseSummaryOut(Schema):
    id: uuid.UUID
    name: str
    number: str
    practice_area: str
    stage: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    minimum_trust_balance: str
    currency: str
    clients: list[CaseClientOut]

    @staticmethod
    def resolve_minimum_trust_balance(obj: Case) -> str:
        return format_minor_units(obj.minimum_trust_balance, obj.currency)

    @staticmethod
    def resolve_clients(obj: Case):
        return list(obj.case_clients.all())


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    author_name: str
    created_at: datetime.datetime


class CaseOut(CaseSummaryOut, MatterRecordsOut):
    description: str
    lead_id: uuid.UUID | None
    parties: list[PartyOut] = Field(json_schema_extra=STAFF_ONLY)
    stage_changes: list[StageChangeOut]

    @staticmethod
    def resolve_lead_id(obj: Case):
        lead = getattr(obj, "source_lead", None)
        return lead.id if lead else None

    @staticmethod
    def resolve_parties(obj: Case):
        return list(obj.parties.all())

    @staticmethod
    def resolve_stage_changes(obj: Case):
        return stage_changes_on(obj)


class CaseClientIn(Schema):
    contact_id: uuid.UUID | None = Field(None, description="Required: the contact to name.")


class PartyIn(Schema):
    role: choice(CaseParty.Role, blank=True) = ""
    name: text(LIMITS["party.name"]) = ""
    organization: text(LIMITS["party.organization"]) = ""
    email: text(LIMITS["party.email"]) = ""
    phone: text(LIMITS["party.phone"]) = ""
    notes: text(LIMITS["party.notes"]) = ""


class CommentIn(Schema):
    body: Message = ""
    private: bool = Field(
        True, description="Private comments stay in the firm; others reach the matter's clients."
    )


class StatusUpdateIn(Schema):
    body: Message = ""


class Paging(Schema):
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


NOT_FOUND = {404: NotFoundOut}
INVALID = {422: ValidationErrorOut}
PAGE_OUT = {MatterKind.LEAD: LeadOut, MatterKind.CASE: CaseOut}


def _page(request: HttpRequest, matter):
    return get_matter_page_for_firm(request.firm.id, matter.kind, matter.id)


def _comment(request: HttpRequest, matter, payload: CommentIn):
    comment = add_comment(
        matter=matter, body=payload.body, is_private=payload.private, actor=actor_of(request)
    )
    return Status(201, comment)


def _status_update(request: HttpRequest, matter, payload: StatusUpdateIn):
    return Status(
        201, post_status_update(matter=matter, body=payload.body, actor=actor_of(request))
    )


def _convert(request: HttpRequest, lead: Lead, payload: ConvertIn):
    data = CaseInput(**payload.model_dump())
    case = convert_lead(lead=lead, data=data, actor=actor_of(request))
    return Status(201, get_case_page_for_firm(request.firm.id, case.id))


MATTER_ROUTES = [
    MatterRoute(
        "GET",
        "",
        "get",
        "One {kind}",
        _page,
        response=lambda kind: {200: PAGE_OUT[kind], **NOT_FOUND},
    ),
    MatterRoute(
        "POST",
        "/comments",
        "post_comment",
        "Comment on a {kind}",
        _comment,
        response={201: CommentOut, **NOT_FOUND, **INVALID},
        payload=CommentIn,
    ),
    MatterRoute(
        "POST",
        "/status-updates",
        "post_status_update",
        "Post a client-visible status update on a {kind}",
        _status_update,
        response={201: StatusUpdateOut, **NOT_FOUND, **INVALID},
        payload=StatusUpdateIn,
    ),
    MatterRoute(
        "POST",
        "/convert",
        "post_convert",
        "Convert a lead into a case, keeping its contacts, comments and everything on it",
        _convert,
        response={201: CaseOut, **NOT_FOUND, **INVALID},
        payload=ConvertIn,
        kinds=(MatterKind.LEAD,),
    ),
]


@router.get("/leads", response=list[LeadSummaryOut], summary="The firm's leads, newest first")
def list_leads(request: HttpRequest, paging: Query[Paging]):
    return list(lead_list_for_firm(request.firm.id)[paging.offset : paging.offset + paging.limit])


@router.post("/leads", response={201: LeadOut, **INVALID}, summary="Open a lead")
def post_lead(request: HttpRequest, payload: LeadIn):
    lead = create_lead(
        firm=request.firm, data=LeadInput(**payload.model_dump()), actor=actor_of(request)
    )
    return Status(201, get_lead_page_for_firm(request.firm.id, lead.id))


@router.get("/cases", response=list[CaseSummaryOut], summary="The firm's cases")
def list_cases(request: HttpRequest, paging: Query[Paging]):
    return list(case_list_for_firm(request.firm.id)[paging.offset : paging.offset + paging.limit])


@router.post("/cases", response={201: CaseOut, **INVALID}, summary="Open a case")
def post_case(request: HttpRequest, payload: CaseIn):
    case = create_case(
        firm=request.firm, data=CaseInput(**payload.model_dump()), actor=actor_of(request)
    )
    return Status(201, get_case_page_for_firm(request.firm.id, case.id))


def _patch_case(request: HttpRequest, case: Case, payload: CasePatch):
    data = CaseInput.from_case(case)
    for name, value in payload.model_dump(exclude_unset=True).items():
        # Sent as null, a closing date is cleared; any other null leaves the field as it is.
        if value is not None or name == "closed_on":
            setattr(data, name, value)
    update_case(case=case, data=data, actor=actor_of(request))
    return get_case_page_for_firm(request.firm.id, case.id)


def _name_client(request: HttpRequest, case: Case, payload: CaseClientIn):
    contact = (
        contacts_for_firm(request.firm.id).filter(pk=payload.contact_id).first()
        if payload.contact_id
        else None
    )
    if contact is None:
        problem = (
            f"There is no contact with the id {payload.contact_id} in your firm."
            if payload.contact_id
            else "Choose the contact to name as a client."
        )
        raise InvalidInput({"contact_id": [problem]})
    return Status(201, add_case_client(case=case, contact=contact, actor=actor_of(request)))


def _add_party(request: HttpRequest, case: Case, payload: PartyIn):
    data = PartyInput(**payload.model_dump())
    return Status(201, add_case_party(case=case, data=data, actor=actor_of(request)))


CASE_ONLY = (MatterKind.CASE,)
MATTER_ROUTES += [
    MatterRoute(
        "PATCH",
        "",
        "patch",
        "Change a case (a new stage joins the case's timeline)",
        _patch_case,
        response={200: CaseOut, **NOT_FOUND, **INVALID},
        payload=CasePatch,
        kinds=CASE_ONLY,
    ),
    MatterRoute(
        "POST",
        "/clients",
        "post_client",
        "Name a contact as a client of the case",
        _name_client,
        response={201: CaseClientOut, **NOT_FOUND, **INVALID},
        payload=CaseClientIn,
        kinds=CASE_ONLY,
    ),
    MatterRoute(
        "POST",
        "/parties",
        "post_party",
        "Add another party (opposing party, witness, co-counsel): never shown to clients",
        _add_party,
        response={201: PartyOut, **NOT_FOUND, **INVALID},
        payload=PartyIn,
        kinds=CASE_ONLY,
    ),
]

mount_matter_routes(
    router,
    MATTER_ROUTES,
    lookup=lambda request, kind, matter_id: get_matter_for_firm(request.firm.id, kind, matter_id),
)
