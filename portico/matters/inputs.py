"""Leads, cases and what is said on them, on their way in from a page or the API, and their checks.

Each input knows how it is built from what it describes (`CaseInput.from_case`); the forms
build theirs with `form.to_input()` and the API from its payload. Every length limit is the
model's column (`LIMITS`), and the defaults of what is left out are set here and in the
actions, never in a view.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from portico.clients.phones import PHONE_AS_TYPED_MAX_LENGTH, normalize_phone
from portico.clients.queries import contacts_for_firm
from portico.core.errors import ErrorCollector, check_choice
from portico.core.limits import max_length
from portico.core.money import format_minor_units, to_minor_units
from portico.matters.models import MESSAGE_MAX_LENGTH, Case, CaseParty, Lead, PracticeArea

LIMITS = {
    "lead.title": max_length(Lead, "title"),
    "case.name": max_length(Case, "name"),
    "case.number": max_length(Case, "number"),
    "party.name": max_length(CaseParty, "name"),
    "party.organization": max_length(CaseParty, "organization"),
    "party.email": max_length(CaseParty, "email"),
    "party.phone": PHONE_AS_TYPED_MAX_LENGTH,
    "message.body": MESSAGE_MAX_LENGTH,
    # Free text in unbounded columns: a sensible maximum, the same on a page and in the API.
    "description": 20_000,
    "party.notes": 5_000,
    # Contacts named on one lead or case in one request.
    "contact_ids": 100,
}


@dataclass
class LeadInput:
    title: str = ""
    practice_area: str = ""
    status: str = Lead.Status.NEW
    source: str = ""
    description: str = ""
    contact_ids: list[uuid.UUID] = field(default_factory=list)

    FIELDS = ("title", "practice_area", "status", "source", "description")

    @classmethod
    def from_lead(cls, lead: Lead) -> LeadInput:
        """The lead as it stands, to lay a change over."""
        return cls(
            **{name: getattr(lead, name) for name in cls.FIELDS},
            contact_ids=[link.contact_id for link in lead.lead_contacts.all()],
        )


@dataclass
class CaseInput:
    name: str = ""
    number: str = ""
    practice_area: str = ""
    stage: str = Case.Stage.INTAKE
    description: str = ""
    opened_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    # A decimal string ("1500.00"); parsed into `minimum_trust_minor` by clean_case_input.
    minimum_trust_balance: str = "0"
    client_ids: list[uuid.UUID] = field(default_factory=list)
    minimum_trust_minor: int = 0

    FIELDS = ("name", "number", "practice_area", "stage", "description", "opened_on", "closed_on")

    @classmethod
    def from_case(cls, case: Case) -> CaseInput:
        """The case as it stands (its clients are changed on their own), to lay a change over."""
        return cls(
            **{name: getattr(case, name) for name in cls.FIELDS},
            minimum_trust_balance=format_minor_units(case.minimum_trust_balance, case.currency),
        )


@dataclass
class PartyInput:
    role: str = ""
    name: str = ""
    organization: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""

    FIELDS = ("role", "name", "organization", "email", "phone", "notes")


def _text(errors: ErrorCollector, path: str, value: str, *, limit: int, required: str = "") -> str:
    value = value.strip()
    if required and not value:
        errors.add(path, required)
    if len(value) > limit:
        errors.add(path, f"Use at most {limit} characters.")
    return value


def check_contact_ids(
    errors: ErrorCollector, firm_id: uuid.UUID, path: str, ids
) -> list[uuid.UUID]:
    """The ids, once each, if every one is a contact of the firm; another firm's is unknown too."""
    unique = list(dict.fromkeys(ids))
    known = set(contacts_for_firm(firm_id).filter(id__in=unique).values_list("id", flat=True))
    for i, contact_id in enumerate(ids):
        if contact_id not in known:
            errors.add(f"{path}.{i}", f"There is no contact with the id {contact_id} in your firm.")
    return unique


def clean_lead_input(data: LeadInput, *, firm_id: uuid.UUID) -> LeadInput:
    errors = ErrorCollector()
    data.title = _text(
        errors,
        "title",
        data.title,
        limit=LIMITS["lead.title"],
        required="Give the lead a title, e.g. “Marsh: injury at work”.",
    )
    data.description = _text(errors, "description", data.description, limit=LIMITS["description"])
    if len(data.contact_ids) > LIMITS["contact_ids"]:
        errors.add("contact_ids", f"Name at most {LIMITS['contact_ids']} contacts.")
    check_choice(errors, "practice_area", data.practice_area, PracticeArea, required=True)
    check_choice(errors, "status", data.status, Lead.Status, required=True)
    if data.status == Lead.Status.CONVERTED:
        errors.add("status", "A lead becomes converted by converting it into a case.")
    check_choice(errors, "source", data.source, Lead.Source, required=False)
    if not data.contact_ids:
        errors.add("contact_ids", "Add at least one contact: who is the lead about?")
    data.contact_ids = check_contact_ids(errors, firm_id, "contact_ids", data.contact_ids)
    errors.raise_if_any()
    return data


def clean_case_input(
    data: CaseInput, *, firm_id: uuid.UUID, currency: str, case: Case | None = None
) -> CaseInput:
    errors = ErrorCollector()
    data.name = _text(
        errors,
        "name",
        data.name,
        limit=LIMITS["case.name"],
        required="Give the case a name, e.g. “State v. Marsh”.",
    )
    data.number = _text(errors, "number", data.number, limit=LIMITS["case.number"])
    data.description = _text(errors, "description", data.description, limit=LIMITS["description"])
    if len(data.client_ids) > LIMITS["contact_ids"]:
        errors.add("client_ids", f"Name at most {LIMITS['contact_ids']} clients.")
    check_choice(errors, "practice_area", data.practice_area, PracticeArea, required=True)
    check_choice(errors, "stage", data.stage, Case.Stage, required=True)
    if data.opened_on is None:
        errors.add("opened_on", "Enter the date the case was opened.")
    if data.closed_on and data.opened_on and data.closed_on < data.opened_on:
        errors.add("closed_on", "A case cannot close before it opened.")
    if data.number:
        taken = Case.objects.for_firm(firm_id).filter(number=data.number)
        if case is not None:
            taken = taken.exclude(pk=case.pk)
        if taken.exists():
            errors.add("number", f"Another case already has the number {data.number}.")
    try:
        # Left empty, a case asks no minimum balance in trust.
        data.minimum_trust_minor = to_minor_units(data.minimum_trust_balance or "0", currency)
    except ValueError as exc:
        errors.add("minimum_trust_balance", str(exc))
    data.client_ids = check_contact_ids(errors, firm_id, "client_ids", data.client_ids)
    errors.raise_if_any()
    return data


def clean_party_input(data: PartyInput, *, region: str) -> PartyInput:
    errors = ErrorCollector()
    check_choice(errors, "role", data.role, CaseParty.Role, required=True)
    data.name = _text(
        errors,
        "name",
        data.name,
        limit=LIMITS["party.name"],
        required="Enter the person's or organization's name.",
    )
    data.organization = _text(
        errors, "organization", data.organization, limit=LIMITS["party.organization"]
    )
    data.notes = _text(errors, "notes", data.notes, limit=LIMITS["party.notes"])
    data.email = _text(errors, "email", data.email, limit=LIMITS["party.email"])
    if data.email and "email" not in errors.errors:
        try:
            validate_email(data.email)
        except ValidationError:
            errors.add(
                "email",
                f"“{data.email}” is not an email address. It should look like name@example.com.",
            )
    if data.phone.strip():
        try:
            data.phone = normalize_phone(data.phone, region)
        except ValueError as exc:
            errors.add("phone", str(exc))
    else:
        data.phone = ""
    errors.raise_if_any()
    return data


def clean_message(body: str, *, what: str) -> str:
    errors = ErrorCollector()
    body = _text(
        errors,
        "body",
        body,
        limit=LIMITS["message.body"],
        required=f"Write the {what} before saving it.",
    )
    errors.raise_if_any()
    return body
