"""Contacts in the staff API: `GET|POST /contacts`, `GET|PATCH /contacts/{id}`."""

from __future__ import annotations

import datetime
import uuid

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from portico.api.auth import actor_of
from portico.api.errors import STAFF_ONLY, NotFoundOut, ValidationErrorOut, choice, text
from portico.api.payloads import sent_fields
from portico.clients.actions import create_contact, reveal_identification_number, update_contact
from portico.clients.inputs import LIMITS, ROWS, ContactInput
from portico.clients.models import (
    Contact,
    ContactAddress,
    ContactEmail,
    ContactPhone,
    PortalStatus,
)
from portico.clients.phones import PHONE_AS_TYPED_MAX_LENGTH
from portico.clients.queries import (
    directory_for_firm,
    get_contact_for_firm,
    get_contact_with_details_for_firm,
)

router = Router(tags=["contacts"])


class EmailIn(Schema):
    id: uuid.UUID | None = Field(None, description="An existing email's id to keep and change it.")
    address: text(LIMITS["email"]) = ""
    label: choice(ContactEmail.Label) = ContactEmail.Label.PERSONAL
    is_primary: bool = False
    is_contactable: bool = True


class PhoneIn(Schema):
    id: uuid.UUID | None = None
    number: text(PHONE_AS_TYPED_MAX_LENGTH) = Field(
        "", description="Any common format; stored as E.164."
    )
    label: choice(ContactPhone.Label) = ContactPhone.Label.MOBILE
    is_primary: bool = False


class AddressIn(Schema):
    id: uuid.UUID | None = None
    line1: text(LIMITS["address.line1"]) = ""
    line2: text(LIMITS["address.line2"]) = ""
    city: text(LIMITS["address.city"]) = ""
    region: text(LIMITS["address.region"]) = ""
    postal_code: text(LIMITS["address.postal_code"]) = ""
    country: text(LIMITS["address.country"]) = Field("US", description="ISO 3166 two-letter code.")
    label: choice(ContactAddress.Label) = ContactAddress.Label.HOME
    is_primary: bool = False


class IdentificationIn(Schema):
    document_type: choice(Contact.DocumentType, blank=True) = ""
    number: text(LIMITS["identification_number"]) | None = Field(
        None, description='Omit to keep the number on file; "" removes it.'
    )
    issuer: text(LIMITS["identification_issuer"]) = ""
    expires_on: datetime.date | None = None


class BillingIn(Schema):
    contact_name: text(LIMITS["billing_contact_name"]) = ""
    email: text(LIMITS["billing_email"]) = ""
    address: text(LIMITS["billing_address"]) = ""
    method: choice(Contact.BillingMethod, blank=True) = ""


class ContactIn(Schema):
    """A new contact. Lists of emails, phones and addresses each need exactly one primary
    (a single item is primary on its own)."""

    kind: choice(Contact.Kind) = Contact.Kind.PERSON
    first_name: text(LIMITS["first_name"]) = ""
    middle_name: text(LIMITS["middle_name"]) = ""
    last_name: text(LIMITS["last_name"]) = ""
    organization_name: text(LIMITS["organization_name"]) = ""
    date_of_birth: datetime.date | None = None
    identification: IdentificationIn | None = None
    billing: BillingIn | None = None
    notes: text(LIMITS["notes"]) = ""
    emails: list[EmailIn] = Field([], max_length=ROWS["emails"])
    phones: list[PhoneIn] = Field([], max_length=ROWS["phones"])
    addresses: list[AddressIn] = Field([], max_length=ROWS["addresses"])


class ContactPatch(Schema):
    """Only the fields sent change. A list sent replaces that list: items with an `id` keep
    and change that row, items without one are added, rows left out are removed."""

    kind: choice(Contact.Kind) | None = None
    first_name: text(LIMITS["first_name"]) | None = None
    middle_name: text(LIMITS["middle_name"]) | None = None
    last_name: text(LIMITS["last_name"]) | None = None
    organization_name: text(LIMITS["organization_name"]) | None = None
    date_of_birth: datetime.date | None = None
    identification: IdentificationIn | None = None
    billing: BillingIn | None = None
    notes: text(LIMITS["notes"]) | None = None
    emails: list[EmailIn] | None = Field(None, max_length=ROWS["emails"])
    phones: list[PhoneIn] | None = Field(None, max_length=ROWS["phones"])
    addresses: list[AddressIn] | None = Field(None, max_length=ROWS["addresses"])


class EmailOut(Schema):
    id: uuid.UUID
    address: str
    label: str
    is_primary: bool
    is_contactable: bool


class PhoneOut(Schema):
    id: uuid.UUID
    number: str = Field(description="E.164")
    label: str
    is_primary: bool


class AddressOut(Schema):
    id: uuid.UUID
    line1: str
    line2: str
    city: str
    region: str
    postal_code: str
    country: str
    label: str
    is_primary: bool


class IdentificationOut(Schema):
    document_type: str
    number_masked: str = Field(description="The last four characters only; reveal on purpose.")
    issuer: str
    expires_on: datetime.date | None


class BillingOut(Schema):
    contact_name: str
    email: str
    address: str
    method: str


class ContactDetailsOut(Schema):
    """Who a contact is and how to reach them: what the firm and the client both see."""

    id: uuid.UUID
    display_name: str
    first_name: str
    middle_name: str
    last_name: str
    organization_name: str
    date_of_birth: datetime.date | None
    identification: IdentificationOut
    emails: list[EmailOut]
    phones: list[PhoneOut]
    addresses: list[AddressOut]

    @staticmethod
    def resolve_identification(obj: Contact) -> dict:
        return {
            "document_type": obj.identification_type,
            "number_masked": obj.masked_identification_number,
            "issuer": obj.identification_issuer,
            "expires_on": obj.identification_expires_on,
        }

    @staticmethod
    def resolve_emails(obj: Contact):
        return list(obj.emails.all())

    @staticmethod
    def resolve_phones(obj: Contact):
        return list(obj.phones.all())

    @staticmethod
    def resolve_addresses(obj: Contact):
        return list(obj.addresses.all())


class ContactOut(ContactDetailsOut):
    kind: str
    billing: BillingOut = Field(json_schema_extra=STAFF_ONLY)
    notes: str = Field(json_schema_extra=STAFF_ONLY)
    portal_status: choice(PortalStatus) = Field(json_schema_extra=STAFF_ONLY)
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_billing(obj: Contact) -> dict:
        return {
            "contact_name": obj.billing_contact_name,
            "email": obj.billing_email,
            "address": obj.billing_address,
            "method": obj.billing_method,
        }


class ContactSummaryOut(Schema):
    id: uuid.UUID
    kind: str
    display_name: str
    primary_email: str | None
    primary_phone: str | None
    portal_status: choice(PortalStatus)


class ContactPage(Schema):
    items: list[ContactSummaryOut]
    count: int


class Paging(Schema):
    q: str = Field(
        "", max_length=200, description="Name, email or phone number (digits in any format)."
    )
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class RevealOut(Schema):
    # Not marked staff-only by name: "number" is also a phone's, which clients do see. The
    # route itself is the firm's alone.
    number: str


@router.get("/contacts", response=ContactPage, summary="The firm's contacts, searchable")
def list_contacts(request: HttpRequest, paging: Query[Paging]):
    contacts = directory_for_firm(request.firm.id, search=paging.q)
    return {
        "items": list(contacts[paging.offset : paging.offset + paging.limit]),
        "count": contacts.count(),
    }


@router.post(
    "/contacts",
    response={201: ContactOut, 422: ValidationErrorOut},
    summary="Add a contact with its emails, phones, addresses, identification and billing",
)
def post_contact(request: HttpRequest, payload: ContactIn):
    contact = create_contact(
        firm=request.firm,
        data=ContactInput().with_changes(sent_fields(payload)),
        actor=actor_of(request),
    )
    return Status(201, get_contact_with_details_for_firm(request.firm.id, contact.id))


@router.get(
    "/contacts/{uuid:contact_id}",
    response={200: ContactOut, 404: NotFoundOut},
    summary="One contact, with everything nested",
)
def get_contact(request: HttpRequest, contact_id: uuid.UUID):
    return get_contact_with_details_for_firm(request.firm.id, contact_id)


@router.patch(
    "/contacts/{uuid:contact_id}",
    response={200: ContactOut, 404: NotFoundOut, 422: ValidationErrorOut},
    summary="Change a contact",
)
def patch_contact(request: HttpRequest, contact_id: uuid.UUID, payload: ContactPatch):
    contact = get_contact_for_firm(request.firm.id, contact_id)
    data = ContactInput.from_contact(contact).with_changes(sent_fields(payload))
    update_contact(contact=contact, data=data, actor=actor_of(request))
    return get_contact_with_details_for_firm(request.firm.id, contact_id)


@router.post(
    "/contacts/{uuid:contact_id}/identification/reveal",
    response={200: RevealOut, 404: NotFoundOut},
    summary="The identification number in clear (recorded in the audit trail)",
)
def reveal_identification(request: HttpRequest, contact_id: uuid.UUID):
    contact = get_contact_for_firm(request.firm.id, contact_id)
    return {"number": reveal_identification_number(contact=contact, actor=actor_of(request))}
