"""Leads and cases in the staff API, with their clients, comments and status updates."""

from __future__ import annotations

import datetime
import uuid

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from portico.api.auth import actor_of
from portico.api.errors import NotFoundOut, Text, ValidationErrorOut, choice
from portico.clients.queries import contacts_for_firm
from portico.core.errors import InvalidInput
from portico.core.money import format_minor_units
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
from portico.matters.inputs import CaseInput, LeadInput, PartyInput
from portico.matters.models import Case, CaseParty, Lead, PracticeArea
from portico.matters.queries import (
    case_list_for_firm,
    get_case_for_firm,
    get_case_page_for_firm,
    get_lead_for_firm,
    get_lead_page_for_firm,
    lead_list_for_firm,
)

router = Router(tags=["leads and cases"])
Money = Field(
    "0",
    description='A decimal string in the firm\'s currency, e.g. "1500.00".',
    examples=["1500.00"],
)


class ContactRef(Schema):
    id: uuid.UUID
    display_name: str


class CommentOut(Schema):
    id: uuid.UUID
    body: str
    private: bool = Field(validation_alias="is_private")
    author_name: str
    created_at: datetime.datetime


class StatusUpdateOut(Schema):
    id: uuid.UUID
    body: str
    author_name: str
    created_at: datetime.datetime


class LeadIn(Schema):
    title: Text = ""
    practice_area: choice(PracticeArea, blank=True) = ""
    status: choice(Lead.Status) = Lead.Status.NEW
    source: choice(Lead.Source, blank=True) = ""
    description: Text = ""
    contact_ids: list[uuid.UUID] = []


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


class LeadOut(LeadSummaryOut):
    description: str
    comments: list[CommentOut]
    status_updates: list[StatusUpdateOut]

    @staticmethod
    def resolve_comments(obj: Lead):
        return list(obj.comment_records.all())

    @staticmethod
    def resolve_status_updates(obj: Lead):
        return list(obj.statusupdate_records.all())


class CaseIn(Schema):
    name: Text = ""
    number: Text = ""
    practice_area: choice(PracticeArea, blank=True) = ""
    stage: choice(Case.Stage) = Case.Stage.INTAKE
    description: Text = ""
    opened_on: datetime.date | None = Field(None, description="Required.")
    closed_on: datetime.date | None = None
    minimum_trust_balance: Text = Money
    client_ids: list[uuid.UUID] = Field([], description="Contacts to name as the case's clients.")


class CasePatch(Schema):
    name: Text | None = None
    number: Text | None = None
    practice_area: choice(PracticeArea) | None = None
    stage: choice(Case.Stage) | None = None
    description: Text | None = None
    opened_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    minimum_trust_balance: Text | None = None


class ConvertIn(Schema):
    """Everything is optional: the case takes the lead's title, practice area and description,
    opens today, and names the lead's contacts as its clients (plus any `client_ids`)."""

    name: Text = ""
    number: Text = ""
    practice_area: choice(PracticeArea, blank=True) = ""
    stage: choice(Case.Stage) = Case.Stage.INTAKE
    opened_on: datetime.date | None = None
    minimum_trust_balance: Text = Money
    client_ids: list[uuid.UUID] = []


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


class CaseOut(CaseSummaryOut):
    description: str
    lead_id: uuid.UUID | None
    parties: list[PartyOut]
    comments: list[CommentOut]
    status_updates: list[StatusUpdateOut]
    stage_changes: list[StageChangeOut]

    @staticmethod
    def resolve_lead_id(obj: Case):
        lead = getattr(obj, "source_lead", None)
        return lead.id if lead else None

    @staticmethod
    def resolve_parties(obj: Case):
        return list(obj.parties.all())

    @staticmethod
    def resolve_comments(obj: Case):
        return list(obj.comment_records.all())

    @staticmethod
    def resolve_status_updates(obj: Case):
        return list(obj.statusupdate_records.all())

    @staticmethod
    def resolve_stage_changes(obj: Case):
        return list(obj.stage_changes.all())


class CaseClientIn(Schema):
    contact_id: uuid.UUID | None = Field(None, description="Required: the contact to name.")


class PartyIn(Schema):
    role: choice(CaseParty.Role, blank=True) = ""
    name: Text = ""
    organization: Text = ""
    email: Text = ""
    phone: Text = ""
    notes: Text = ""


class CommentIn(Schema):
    body: Text = ""
    private: bool = Field(
        True, description="Private comments stay in the firm; others reach the matter's clients."
    )


class StatusUpdateIn(Schema):
    body: Text = ""


class Paging(Schema):
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


NOT_FOUND = {404: NotFoundOut}
INVALID = {422: ValidationErrorOut}


@router.get("/leads", response=list[LeadSummaryOut], summary="The firm's leads, newest first")
def list_leads(request: HttpRequest, paging: Query[Paging]):
    return list(lead_list_for_firm(request.firm.id)[paging.offset : paging.offset + paging.limit])


@router.post("/leads", response={201: LeadOut, **INVALID}, summary="Open a lead")
def post_lead(request: HttpRequest, payload: LeadIn):
    lead = create_lead(
        firm=request.firm, data=LeadInput(**payload.model_dump()), actor=actor_of(request)
    )
    return Status(201, get_lead_page_for_firm(request.firm.id, lead.id))


@router.get("/leads/{uuid:lead_id}", response={200: LeadOut, **NOT_FOUND}, summary="One lead")
def get_lead(request: HttpRequest, lead_id: uuid.UUID):
    return get_lead_page_for_firm(request.firm.id, lead_id)


@router.post(
    "/leads/{uuid:lead_id}/convert",
    response={201: CaseOut, **NOT_FOUND, **INVALID},
    summary="Convert a lead into a case, keeping its contacts, comments and everything on it",
)
def post_convert(request: HttpRequest, lead_id: uuid.UUID, payload: ConvertIn):
    lead = get_lead_for_firm(request.firm.id, lead_id)
    data = CaseInput(**payload.model_dump())
    data.opened_on = data.opened_on or timezone.localdate()
    case = convert_lead(lead=lead, data=data, actor=actor_of(request))
    return Status(201, get_case_page_for_firm(request.firm.id, case.id))


@router.post(
    "/leads/{uuid:lead_id}/comments",
    response={201: CommentOut, **NOT_FOUND, **INVALID},
    summary="Comment on a lead",
)
def post_lead_comment(request: HttpRequest, lead_id: uuid.UUID, payload: CommentIn):
    lead = get_lead_for_firm(request.firm.id, lead_id)
    return Status(
        201,
        add_comment(
            matter=lead, body=payload.body, is_private=payload.private, actor=actor_of(request)
        ),
    )


@router.post(
    "/leads/{uuid:lead_id}/status-updates",
    response={201: StatusUpdateOut, **NOT_FOUND, **INVALID},
    summary="Post a client-visible status update on a lead",
)
def post_lead_status_update(request: HttpRequest, lead_id: uuid.UUID, payload: StatusUpdateIn):
    lead = get_lead_for_firm(request.firm.id, lead_id)
    return Status(201, post_status_update(matter=lead, body=payload.body, actor=actor_of(request)))


@router.get("/cases", response=list[CaseSummaryOut], summary="The firm's cases")
def list_cases(request: HttpRequest, paging: Query[Paging]):
    return list(case_list_for_firm(request.firm.id)[paging.offset : paging.offset + paging.limit])


@router.post("/cases", response={201: CaseOut, **INVALID}, summary="Open a case")
def post_case(request: HttpRequest, payload: CaseIn):
    case = create_case(
        firm=request.firm, data=CaseInput(**payload.model_dump()), actor=actor_of(request)
    )
    return Status(201, get_case_page_for_firm(request.firm.id, case.id))


@router.get("/cases/{uuid:case_id}", response={200: CaseOut, **NOT_FOUND}, summary="One case")
def get_case(request: HttpRequest, case_id: uuid.UUID):
    return get_case_page_for_firm(request.firm.id, case_id)


@router.patch(
    "/cases/{uuid:case_id}",
    response={200: CaseOut, **NOT_FOUND, **INVALID},
    summary="Change a case (a new stage joins the case's timeline)",
)
def patch_case(request: HttpRequest, case_id: uuid.UUID, payload: CasePatch):
    case = get_case_for_firm(request.firm.id, case_id)
    data = CaseInput(
        name=case.name,
        number=case.number,
        practice_area=case.practice_area,
        stage=case.stage,
        description=case.description,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        minimum_trust_balance=format_minor_units(case.minimum_trust_balance, case.currency),
    )
    for name, value in payload.model_dump(exclude_unset=True).items():
        if value is not None or name == "closed_on":
            setattr(data, name, value)
    update_case(case=case, data=data, actor=actor_of(request))
    return get_case_page_for_firm(request.firm.id, case_id)


@router.post(
    "/cases/{uuid:case_id}/clients",
    response={201: CaseClientOut, **NOT_FOUND, **INVALID},
    summary="Name a contact as a client of the case",
)
def post_case_client(request: HttpRequest, case_id: uuid.UUID, payload: CaseClientIn):
    case = get_case_for_firm(request.firm.id, case_id)
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


@router.post(
    "/cases/{uuid:case_id}/parties",
    response={201: PartyOut, **NOT_FOUND, **INVALID},
    summary="Add another party (opposing party, witness, co-counsel): never shown to clients",
)
def post_case_party(request: HttpRequest, case_id: uuid.UUID, payload: PartyIn):
    case = get_case_for_firm(request.firm.id, case_id)
    return Status(
        201,
        add_case_party(case=case, data=PartyInput(**payload.model_dump()), actor=actor_of(request)),
    )


@router.post(
    "/cases/{uuid:case_id}/comments",
    response={201: CommentOut, **NOT_FOUND, **INVALID},
    summary="Comment on a case",
)
def post_case_comment(request: HttpRequest, case_id: uuid.UUID, payload: CommentIn):
    case = get_case_for_firm(request.firm.id, case_id)
    return Status(
        201,
        add_comment(
            matter=case, body=payload.body, is_private=payload.private, actor=actor_of(request)
        ),
    )


@router.post(
    "/cases/{uuid:case_id}/status-updates",
    response={201: StatusUpdateOut, **NOT_FOUND, **INVALID},
    summary="Post a client-visible status update on a case",
)
def post_case_status_update(request: HttpRequest, case_id: uuid.UUID, payload: StatusUpdateIn):
    case = get_case_for_firm(request.firm.id, case_id)
    return Status(201, post_status_update(matter=case, body=payload.body, actor=actor_of(request)))
