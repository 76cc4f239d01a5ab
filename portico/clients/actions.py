"""Writes to contacts. Callers have checked that `actor` works at the contact's firm."""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone

from portico.audit.actions import Actor, changed, record_audit
from portico.clients.events import ContactChanged, ContactCreated, ContactVerb
from portico.clients.inputs import ContactInput, clean_contact_input
from portico.clients.models import Contact, ContactAddress, ContactEmail, ContactPhone
from portico.clients.phones import format_phone
from portico.core.crypto import decrypt_text, encrypt_text
from portico.core.errors import InvalidInput
from portico.core.events import publish_on_commit
from portico.tenancy.models import Firm

EMAIL_FIELDS = ("address", "label", "is_primary", "is_contactable")
PHONE_FIELDS = ("number", "label", "is_primary")
ADDRESS_FIELDS = (
    "line1",
    "line2",
    "city",
    "region",
    "postal_code",
    "country",
    "label",
    "is_primary",
)


def contact_snapshot(contact: Contact) -> dict:
    """What the audit trail keeps of a contact: never the identification number itself."""
    data = {name: getattr(contact, name) for name in ContactInput.SCALARS}
    data["identification_number"] = contact.masked_identification_number
    data["emails"] = [_describe_email(e) for e in contact.emails.all()]
    data["phones"] = [_describe_phone(p) for p in contact.phones.all()]
    data["addresses"] = [_describe_address(a) for a in contact.addresses.all()]
    return data


def _describe_email(e: ContactEmail) -> str:
    flags = [
        f for f, on in (("primary", e.is_primary), ("not contactable", not e.is_contactable)) if on
    ]
    return f"{e.address} ({', '.join([e.get_label_display().lower(), *flags])})"


def _describe_phone(p: ContactPhone) -> str:
    kind = p.get_label_display().lower()
    return f"{format_phone(p.number)} ({kind}{', primary' if p.is_primary else ''})"


def _describe_address(a: ContactAddress) -> str:
    kind = a.get_label_display().lower()
    return f"{a} ({kind}{', primary' if a.is_primary else ''})"


@transaction.atomic
def create_contact(*, firm: Firm, data: ContactInput, actor: Actor) -> Contact:
    data.emails = data.emails or []
    data.phones = data.phones or []
    data.addresses = data.addresses or []
    clean_contact_input(data, region=firm.country)
    contact = Contact(firm=firm)
    _apply(contact, data)
    contact.save()
    _write_details(contact, data)
    record_audit(
        firm_id=firm.id,
        actor=actor,
        verb=ContactVerb.CREATED,
        obj=contact,
        after=contact_snapshot(contact),
    )
    publish_on_commit(ContactCreated(firm_id=firm.id, contact_id=contact.id))
    return contact


@transaction.atomic
def update_contact(*, contact: Contact, data: ContactInput, actor: Actor) -> Contact:
    clean_contact_input(data, region=contact.firm.country, existing=contact)
    before = contact_snapshot(contact)
    _apply(contact, data)
    contact.updated_at = timezone.now()
    contact.save()
    _write_details(contact, data)
    old, new = changed(before, contact_snapshot(contact))
    if old or new:
        record_audit(
            firm_id=contact.firm_id,
            actor=actor,
            verb=ContactVerb.UPDATED,
            obj=contact,
            before=old,
            after=new,
        )
        publish_on_commit(ContactChanged(firm_id=contact.firm_id, contact_id=contact.id))
    return contact


def _apply(contact: Contact, data: ContactInput) -> None:
    for name in ContactInput.SCALARS:
        setattr(contact, name, getattr(data, name))
    if data.identification_number is not None:
        number = data.identification_number
        contact.identification_number_encrypted = encrypt_text(number) if number else ""
        contact.identification_number_last4 = number.replace(" ", "")[-4:] if number else ""
    contact.display_name = contact.compose_display_name()


def _write_details(contact: Contact, data: ContactInput) -> None:
    if data.emails is not None:
        _sync(contact, ContactEmail, contact.emails, data.emails, EMAIL_FIELDS)
    if data.phones is not None:
        _sync(contact, ContactPhone, contact.phones, data.phones, PHONE_FIELDS)
    if data.addresses is not None:
        _sync(contact, ContactAddress, contact.addresses, data.addresses, ADDRESS_FIELDS)


def _sync(
    contact: Contact, model: type[models.Model], manager, items, fields: tuple[str, ...]
) -> None:
    """Make the contact's rows exactly `items`: rows named by id are updated, others added,
    rows not named removed."""
    kept = {item.id for item in items if item.id is not None}
    manager.exclude(id__in=kept).delete()
    # Clear the primary flag first, so the one-primary constraint holds at every statement.
    manager.filter(is_primary=True).update(is_primary=False)
    rows = {row.id: row for row in manager.all()}
    for item in items:
        row = rows.get(item.id) if item.id else None
        if row is None:
            row = model(firm_id=contact.firm_id, contact=contact)
        for name in fields:
            setattr(row, name, getattr(item, name))
        row.save()


@transaction.atomic
def reveal_identification_number(*, contact: Contact, actor: Actor) -> str:
    """The number in clear, for someone who asked on purpose; the asking is on the record."""
    if not contact.identification_number_encrypted:
        return ""
    record_audit(
        firm_id=contact.firm_id, actor=actor, verb=ContactVerb.IDENTIFICATION_REVEALED, obj=contact
    )
    return decrypt_text(contact.identification_number_encrypted)


def _remove_detail(row, *, noun: str, verb: ContactVerb, actor: Actor) -> None:
    contact = row.contact
    others = type(row).objects.for_firm(row.firm_id).filter(contact=contact).exclude(id=row.id)
    if row.is_primary and others.exists():
        raise InvalidInput(
            {
                f"{noun}": [
                    f"This is the primary {noun}. Make another {noun} primary first, then remove this one."
                ]
            }
        )
    label = str(row)
    row.delete()
    record_audit(
        firm_id=contact.firm_id,
        actor=actor,
        verb=verb,
        obj=contact,
        before={noun: label},
    )
    publish_on_commit(ContactChanged(firm_id=contact.firm_id, contact_id=contact.id))


@transaction.atomic
def remove_contact_email(*, email: ContactEmail, actor: Actor) -> None:
    _remove_detail(email, noun="email", verb=ContactVerb.EMAIL_REMOVED, actor=actor)


@transaction.atomic
def remove_contact_phone(*, phone: ContactPhone, actor: Actor) -> None:
    _remove_detail(phone, noun="phone", verb=ContactVerb.PHONE_REMOVED, actor=actor)


@transaction.atomic
def remove_contact_address(*, address: ContactAddress, actor: Actor) -> None:
    _remove_detail(address, noun="address", verb=ContactVerb.ADDRESS_REMOVED, actor=actor)
