"""What a contact looks like on its way in, from a page or the API, and the checks it must pass.

Both doors build a `ContactInput` and hand it to the actions, which check all of it with
`clean_contact_input` before writing anything, so a page and the API refuse the same things
with the same words.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from portico.clients.models import Contact, ContactAddress, ContactEmail, ContactPhone
from portico.clients.phones import COUNTRIES, normalize_phone
from portico.core.errors import ErrorCollector, check_choice
from portico.core.limits import max_length

# Every length a contact's input may have: the columns', so a page, the staff API and the
# portal refuse the same things.
LIMITS = {
    **{
        name: max_length(Contact, name)
        for name in (
            "first_name",
            "middle_name",
            "last_name",
            "organization_name",
            "identification_issuer",
            "billing_contact_name",
            "billing_email",
        )
    },
    # Stored encrypted, so no column says it; no document number we know of is longer.
    "identification_number": 64,
    # Free text in unbounded columns: a sensible maximum, the same on a page and in the APIs.
    "notes": 10_000,
    "billing_address": 1_000,
    # The display name is composed from the names (first, middle, last) and kept in a column.
    "display_name": max_length(Contact, "display_name"),
    "email": max_length(ContactEmail, "address"),
    **{
        f"address.{name}": max_length(ContactAddress, name)
        for name in ("line1", "line2", "city", "region", "postal_code", "country")
    },
}


# How many emails, phones and addresses one contact may have.
ROWS = {"emails": 20, "phones": 20, "addresses": 10}


@dataclass
class EmailInput:
    address: str = ""
    label: str = ContactEmail.Label.PERSONAL
    is_primary: bool = False
    is_contactable: bool = True
    id: uuid.UUID | None = None


@dataclass
class PhoneInput:
    number: str = ""
    label: str = ContactPhone.Label.MOBILE
    is_primary: bool = False
    id: uuid.UUID | None = None


@dataclass
class AddressInput:
    line1: str = ""
    line2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = "US"
    label: str = ContactAddress.Label.HOME
    is_primary: bool = False
    id: uuid.UUID | None = None


@dataclass
class ContactInput:
    kind: str = Contact.Kind.PERSON
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    organization_name: str = ""
    date_of_birth: datetime.date | None = None
    identification_type: str = ""
    # None keeps the number already on file; "" removes it.
    identification_number: str | None = None
    identification_issuer: str = ""
    identification_expires_on: datetime.date | None = None
    billing_contact_name: str = ""
    billing_email: str = ""
    billing_address: str = ""
    billing_method: str = ""
    notes: str = ""
    # None keeps the contact's current rows; a list replaces them (rows matched by id).
    emails: list[EmailInput] | None = field(default=None)
    phones: list[PhoneInput] | None = field(default=None)
    addresses: list[AddressInput] | None = field(default=None)

    SCALARS = (
        "kind",
        "first_name",
        "middle_name",
        "last_name",
        "organization_name",
        "date_of_birth",
        "identification_type",
        "identification_issuer",
        "identification_expires_on",
        "billing_contact_name",
        "billing_email",
        "billing_address",
        "billing_method",
        "notes",
    )

    @classmethod
    def from_contact(cls, contact: Contact) -> ContactInput:
        """The contact as it stands, to lay a partial change over."""
        return cls(**{name: getattr(contact, name) for name in cls.SCALARS})

    def with_changes(self, changes: dict) -> ContactInput:
        """This input with an API payload's changes laid over it (`changes` holds only what
        was sent). Identification and billing come whole; a list sent replaces that list,
        rows matched by id; a name or kind sent as null is left as it was."""
        for name in (
            "kind",
            "first_name",
            "middle_name",
            "last_name",
            "organization_name",
            "notes",
        ):
            if changes.get(name) is not None:
                setattr(self, name, changes[name])
        if "date_of_birth" in changes:
            self.date_of_birth = changes["date_of_birth"]
        if (ident := changes.get("identification")) is not None:
            self.identification_type = ident["document_type"]
            self.identification_number = ident["number"]
            self.identification_issuer = ident["issuer"]
            self.identification_expires_on = ident["expires_on"]
        if (billing := changes.get("billing")) is not None:
            self.billing_contact_name = billing["contact_name"]
            self.billing_email = billing["email"]
            self.billing_address = billing["address"]
            self.billing_method = billing["method"]
        for group, row in (
            ("emails", EmailInput),
            ("phones", PhoneInput),
            ("addresses", AddressInput),
        ):
            if changes.get(group) is not None:
                setattr(self, group, [row(**item) for item in changes[group]])
        return self


def clean_contact_input(
    data: ContactInput, *, region: str, existing: Contact | None = None
) -> ContactInput:
    """Normalise `data` in place and return it, or raise InvalidInput naming every problem."""
    errors = ErrorCollector()
    for name in ContactInput.SCALARS:
        value = getattr(data, name)
        if isinstance(value, str):
            setattr(data, name, value.strip())
    check_choice(errors, "kind", data.kind, Contact.Kind, required=True, what="kind of client")
    if data.kind == Contact.Kind.ORGANIZATION:
        if not data.organization_name:
            errors.add("organization_name", "Enter the organization's name.")
    elif data.kind == Contact.Kind.PERSON and not (data.first_name or data.last_name):
        errors.add("first_name", "Enter the person's name: a first name, a last name or both.")
    for name in (
        "first_name",
        "middle_name",
        "last_name",
        "organization_name",
        "identification_issuer",
        "billing_contact_name",
        "billing_email",
        "billing_address",
        "notes",
    ):
        if len(getattr(data, name)) > LIMITS[name]:
            errors.add(name, f"Use at most {LIMITS[name]} characters.")
    if data.kind == Contact.Kind.PERSON:
        whole = " ".join(n for n in (data.first_name, data.middle_name, data.last_name) if n)
        if len(whole) > LIMITS["display_name"]:
            errors.add(
                "first_name",
                f"The whole name is {len(whole)} characters long; use at most "
                f"{LIMITS['display_name']} across first, middle and last names.",
            )
    for group, most in ROWS.items():
        rows = getattr(data, group)
        if rows is not None and len(rows) > most:
            errors.add(group, f"List at most {most} {group}; {len(rows)} were sent.")
    if data.date_of_birth and data.date_of_birth > timezone.localdate():
        errors.add("date_of_birth", "A date of birth cannot be in the future.")
    _clean_identification(data, errors, existing)
    if data.billing_email:
        data.billing_email = _clean_email_address(errors, "billing_email", data.billing_email)
    check_choice(errors, "billing_method", data.billing_method, Contact.BillingMethod)
    if data.emails is not None:
        _clean_emails(data.emails, errors, existing)
    if data.phones is not None:
        _clean_phones(data.phones, errors, existing, region)
    if data.addresses is not None:
        _clean_addresses(data.addresses, errors, existing)
    errors.raise_if_any()
    return data


def _clean_email_address(errors, path: str, raw: str) -> str:
    address = raw.strip()
    if not address:
        errors.add(path, "Enter an email address.")
        return address
    if len(address) > LIMITS["email"]:
        errors.add(path, f"Use at most {LIMITS['email']} characters.")
        return address
    try:
        validate_email(address)
    except ValidationError:
        errors.add(
            path, f"“{address}” is not an email address. It should look like name@example.com."
        )
        return address
    local, _at, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}"


def _clean_identification(data: ContactInput, errors, existing: Contact | None) -> None:
    check_choice(
        errors,
        "identification.document_type",
        data.identification_type,
        Contact.DocumentType,
        what="document type",
    )
    if data.identification_number is not None:
        data.identification_number = " ".join(data.identification_number.split())
        limit = LIMITS["identification_number"]
        if len(data.identification_number) > limit:
            errors.add("identification.number", f"Use at most {limit} characters.")
    has_number = (
        bool(data.identification_number)
        if data.identification_number is not None
        else bool(existing and existing.identification_number_encrypted)
    )
    if has_number and not data.identification_type:
        errors.add(
            "identification.document_type", "Choose what kind of document the number is from."
        )


def _existing_ids(existing: Contact | None, related: str) -> set[uuid.UUID]:
    if existing is None:
        return set()
    return set(getattr(existing, related).values_list("id", flat=True))


def _check_ids(items, errors, group: str, noun: str, known: set[uuid.UUID]) -> None:
    for i, item in enumerate(items):
        if item.id is not None and item.id not in known:
            errors.add(f"{group}.{i}.id", f"This contact has no {noun} with that id.")


def _check_one_primary(items, errors, group: str, noun: str) -> None:
    marked = sum(1 for item in items if item.is_primary)
    if marked > 1:
        errors.add(group, f"Only one {noun} can be primary, and {marked} are marked. Keep one.")
    elif marked == 0 and len(items) == 1:
        items[0].is_primary = True  # a single one is the primary one
    elif marked == 0 and items:
        errors.add(group, f"Mark one {noun} as primary.")


def _clean_emails(items: list[EmailInput], errors, existing: Contact | None) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        item.address = _clean_email_address(errors, f"emails.{i}.address", item.address)
        check_choice(
            errors, f"emails.{i}.label", item.label, ContactEmail.Label, required=True, what="kind"
        )
        key = item.address.lower()
        if key and key in seen:
            errors.add(f"emails.{i}.address", f"{item.address} is already listed above.")
        seen.setdefault(key, i)
    _check_ids(items, errors, "emails", "email", _existing_ids(existing, "emails"))
    _check_one_primary(items, errors, "emails", "email")


def _clean_phones(items: list[PhoneInput], errors, existing: Contact | None, region: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        check_choice(
            errors, f"phones.{i}.label", item.label, ContactPhone.Label, required=True, what="kind"
        )
        try:
            item.number = normalize_phone(item.number, region)
        except ValueError as exc:
            errors.add(f"phones.{i}.number", str(exc))
            continue
        if item.number in seen:
            errors.add(f"phones.{i}.number", "This number is already listed above.")
        seen.add(item.number)
    _check_ids(items, errors, "phones", "phone", _existing_ids(existing, "phones"))
    _check_one_primary(items, errors, "phones", "phone")


def _clean_addresses(items: list[AddressInput], errors, existing: Contact | None) -> None:
    for i, item in enumerate(items):
        for name in ("line1", "line2", "city", "region", "postal_code", "country"):
            setattr(item, name, getattr(item, name).strip())
        item.country = item.country.upper() or "US"
        check_choice(
            errors,
            f"addresses.{i}.label",
            item.label,
            ContactAddress.Label,
            required=True,
            what="kind",
        )
        if not item.line1:
            errors.add(f"addresses.{i}.line1", "Enter the street address.")
        if not item.city:
            errors.add(f"addresses.{i}.city", "Enter the city or town.")
        if item.country not in COUNTRIES:
            errors.add(f"addresses.{i}.country", "Enter a two-letter country code, e.g. US or GB.")
        for name in ("line1", "line2", "city", "region", "postal_code"):
            limit = LIMITS[f"address.{name}"]
            if len(getattr(item, name)) > limit:
                errors.add(f"addresses.{i}.{name}", f"Use at most {limit} characters.")
    _check_ids(items, errors, "addresses", "address", _existing_ids(existing, "addresses"))
    _check_one_primary(items, errors, "addresses", "address")
