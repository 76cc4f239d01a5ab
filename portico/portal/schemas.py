"""The portal API's own schemas: what a client may see of their details and matters, and what
they may send. None of them is, or inherits from, a staff schema, so a field the firm adds for
its staff never reaches a client by reuse (`tests/test_portal_schemas.py` holds it to that)."""

from __future__ import annotations

import datetime
import uuid

from ninja import Schema
from pydantic import Field

from portico.api.errors import choice, text
from portico.clients.inputs import LIMITS as CONTACT_LIMITS
from portico.clients.inputs import ROWS as CONTACT_ROWS
from portico.clients.models import Contact, ContactAddress, ContactEmail, ContactPhone
from portico.clients.phones import PHONE_AS_TYPED_MAX_LENGTH
from portico.intake.schemas import QUESTION_KINDS, AddressAnswer, AnswerFileOut
from portico.matters.inputs import LIMITS as MATTER_LIMITS
from portico.matters.kinds import MatterFace
from portico.matters.timeline import TimelineEntry
from portico.portal import queries

# Your details


class YourEmailOut(Schema):
    id: uuid.UUID
    address: str
    label: str
    is_primary: bool
    is_contactable: bool


class YourPhoneOut(Schema):
    id: uuid.UUID
    number: str = Field(description="E.164")
    label: str
    is_primary: bool


class YourAddressOut(Schema):
    id: uuid.UUID
    line1: str
    line2: str
    city: str
    region: str
    postal_code: str
    country: str
    label: str
    is_primary: bool


class YourIdentificationOut(Schema):
    document_type: str
    number_masked: str = Field(description="The last four characters only.")
    issuer: str
    expires_on: datetime.date | None


class MeOut(Schema):
    """Your details as the firm keeps them (the firm's own notes and billing stay with it)."""

    id: uuid.UUID
    display_name: str
    first_name: str
    middle_name: str
    last_name: str
    organization_name: str
    date_of_birth: datetime.date | None
    identification: YourIdentificationOut
    emails: list[YourEmailOut]
    phones: list[YourPhoneOut]
    addresses: list[YourAddressOut]

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


class YourEmailIn(Schema):
    id: uuid.UUID | None = Field(None, description="An existing email's id to keep and change it.")
    address: text(CONTACT_LIMITS["email"]) = ""
    label: choice(ContactEmail.Label) = ContactEmail.Label.PERSONAL
    is_primary: bool = False
    is_contactable: bool = True


class YourPhoneIn(Schema):
    id: uuid.UUID | None = None
    number: text(PHONE_AS_TYPED_MAX_LENGTH) = Field(
        "", description="Any common format; stored as E.164."
    )
    label: choice(ContactPhone.Label) = ContactPhone.Label.MOBILE
    is_primary: bool = False


class YourAddressIn(Schema):
    id: uuid.UUID | None = None
    line1: text(CONTACT_LIMITS["address.line1"]) = ""
    line2: text(CONTACT_LIMITS["address.line2"]) = ""
    city: text(CONTACT_LIMITS["address.city"]) = ""
    region: text(CONTACT_LIMITS["address.region"]) = ""
    postal_code: text(CONTACT_LIMITS["address.postal_code"]) = ""
    country: text(CONTACT_LIMITS["address.country"]) = Field(
        "US", description="ISO 3166 two-letter code."
    )
    label: choice(ContactAddress.Label) = ContactAddress.Label.HOME
    is_primary: bool = False


class YourIdentificationIn(Schema):
    document_type: choice(Contact.DocumentType, blank=True) = ""
    number: text(CONTACT_LIMITS["identification_number"]) | None = Field(
        None, description='Omit to keep the number on file; "" removes it.'
    )
    issuer: text(CONTACT_LIMITS["identification_issuer"]) = ""
    expires_on: datetime.date | None = None


class MePatch(Schema):
    """Only the fields sent change; a list sent replaces that list (rows matched by `id`)."""

    first_name: text(CONTACT_LIMITS["first_name"]) | None = None
    middle_name: text(CONTACT_LIMITS["middle_name"]) | None = None
    last_name: text(CONTACT_LIMITS["last_name"]) | None = None
    organization_name: text(CONTACT_LIMITS["organization_name"]) | None = None
    date_of_birth: datetime.date | None = None
    identification: YourIdentificationIn | None = None
    emails: list[YourEmailIn] | None = Field(None, max_length=CONTACT_ROWS["emails"])
    phones: list[YourPhoneIn] | None = Field(None, max_length=CONTACT_ROWS["phones"])
    addresses: list[YourAddressIn] | None = Field(None, max_length=CONTACT_ROWS["addresses"])


# Your matters


class MatterOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    stage: str | None
    opened_on: datetime.date
    latest_update: str | None

    @staticmethod
    def resolve_title(obj: MatterFace) -> str:
        return obj.heading

    @staticmethod
    def resolve_stage(obj: MatterFace) -> str | None:
        return obj.stage_label

    @staticmethod
    def resolve_latest_update(obj: MatterFace) -> str | None:
        return getattr(obj, "latest_update", None)


class MattersOut(Schema):
    cases: list[MatterOut]
    leads: list[MatterOut]


class TimelineItemOut(Schema):
    at: datetime.datetime
    kind: str
    text: str
    by: str | None

    @staticmethod
    def resolve_text(obj: TimelineEntry) -> str:
        return f"Moved to {obj.to_stage}" if obj.is_stage_change else obj.body

    @staticmethod
    def resolve_by(obj: TimelineEntry) -> str | None:
        return None if obj.is_stage_change else obj.author_name


class MessageOut(Schema):
    id: uuid.UUID
    at: datetime.datetime = Field(validation_alias="created_at")
    by: str
    mine: bool
    body: str

    @staticmethod
    def resolve_mine(obj, context) -> bool:
        return obj.author_contact_id == context["request"].portal.contact_id

    @staticmethod
    def resolve_by(obj, context) -> str:
        return "You" if MessageOut.resolve_mine(obj, context) else obj.author_name


class MatterDetailOut(MatterOut):
    timeline: list[TimelineItemOut]
    messages: list[MessageOut]

    @staticmethod
    def resolve_timeline(obj: MatterFace, context) -> list[TimelineEntry]:
        return queries.timeline_for_client(context["request"].portal, obj)

    @staticmethod
    def resolve_messages(obj: MatterFace, context):
        return list(queries.messages_for_client(context["request"].portal, obj))


class MessageIn(Schema):
    # Checked after the matter is found, so another client's matter is a 404 whatever is sent.
    body: text(MATTER_LIMITS["message.body"]) = ""


# Documents


class YourDocumentOut(Schema):
    """A file on your matter: one the firm shared with you, or one you sent."""

    id: uuid.UUID
    name: str
    size: int = Field(description="Bytes.")
    at: datetime.datetime
    mine: bool = Field(description="You uploaded it.")
    downloadable: bool = Field(
        description="False while the virus scan has not passed it (then `scan` says why)."
    )
    scan: str
    download_url: str

    @staticmethod
    def resolve_size(obj) -> int:
        return obj.latest.size

    @staticmethod
    def resolve_at(obj):
        return obj.latest.created_at

    @staticmethod
    def resolve_mine(obj, context) -> bool:
        return obj.author_contact_id == context["request"].portal.contact_id

    @staticmethod
    def resolve_downloadable(obj) -> bool:
        return obj.latest.downloadable_by_clients

    @staticmethod
    def resolve_scan(obj) -> str:
        return obj.latest.get_scan_state_display()

    @staticmethod
    def resolve_download_url(obj) -> str:
        from django.urls import reverse

        return reverse("portal-api-v1:download_your_document", args=[obj.id])


class YourDocumentsOut(Schema):
    documents: list[YourDocumentOut]


# Intake: the questions a client answers. Never a private question (the query leaves them out).


class YourQuestionOut(Schema):
    id: uuid.UUID
    kind: str = Field(description=QUESTION_KINDS)
    label: str
    help_text: str
    section: str
    required: bool
    choices: list[str]
    answer: str | list[str] | AddressAnswer = Field(
        description="Your answer; empty when not answered yet."
    )
    file: AnswerFileOut | None = Field(
        None, description="A file answer's document, when it is yours or shared with you."
    )


class YourIntakeFormOut(Schema):
    name: str
    remaining: int = Field(description="Required questions not answered yet.")
    questions: list[YourQuestionOut]


class YourIntakeOut(Schema):
    forms: list[YourIntakeFormOut]
    remaining: int


class YourAnswerIn(Schema):
    # Checked after the matter is found, so another client's matter is a 404 whatever is sent.
    value: str | list[str] | AddressAnswer | None = Field(
        None,
        description="The answer as text; a list of the choices for a multiple choice; an "
        "object for an address; the id of a document you uploaded for a file; empty to clear it.",
    )


class YourAnswerOut(Schema):
    question_id: uuid.UUID
    answer: str | list[str] | AddressAnswer
    saved_at: datetime.datetime


class YourInvoiceLineOut(Schema):
    description: str
    kind: str = Field(description="fee or expense.")
    amount: str


class YourInvoiceOut(Schema):
    id: uuid.UUID
    number: str
    status: str = Field(description="issued (open), paid or void.")
    currency: str
    issued_on: datetime.date | None
    due_on: datetime.date | None
    total: str
    paid: str
    balance: str = Field(description="What is still owed (0 once paid or void).")
    lines: list[YourInvoiceLineOut]


class YourInvoicesOut(Schema):
    currency: str
    summary: list[str] = Field(description="What you owe and your trust balance, in words.")
    owed: str
    trust_balance: str
    minimum_trust_balance: str
    trust_shortfall: str = Field(description="How far your trust balance is below the minimum.")
    invoices: list[YourInvoiceOut]


class YourHistoryItemOut(Schema):
    at: datetime.datetime
    kind: str = Field(description="invoice, payment, deposit, application, refund or reversal.")
    description: str
    amount: str
    trust_balance: str = Field(description="Your trust balance after this line.")
    invoice_id: uuid.UUID | None
    payment_id: uuid.UUID | None
    receipt_number: str


class YourFinancialHistoryOut(Schema):
    currency: str
    summary: list[str]
    trust_balance: str
    items: list[YourHistoryItemOut] = Field(description="Oldest first.")
