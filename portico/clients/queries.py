from __future__ import annotations

import uuid

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.fields import CharField
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from portico.clients.models import (
    Contact,
    ContactAddress,
    ContactEmail,
    ContactPhone,
    PortalStatus,
)
from portico.clients.phones import digits_of


def contacts_for_firm(firm_id: uuid.UUID) -> QuerySet[Contact]:
    return Contact.objects.for_firm(firm_id)


def get_contact_for_firm(firm_id: uuid.UUID, contact_id: uuid.UUID) -> Contact:
    return get_object_or_404(contacts_for_firm(firm_id).select_related("firm"), pk=contact_id)


def get_contact_with_details_for_firm(firm_id: uuid.UUID, contact_id: uuid.UUID) -> Contact:
    """One contact with its emails, phones and addresses, in a fixed number of queries."""
    return get_object_or_404(
        with_portal_status(contacts_for_firm(firm_id))
        .select_related("firm")
        .prefetch_related("emails", "phones", "addresses"),
        pk=contact_id,
    )


def with_portal_status(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """Annotate `portal_status` on each contact.

    The one place that decides a contact's portal status, as an annotation so a directory page
    costs one query however many rows it shows. A contact never granted access has none. The
    portal keeps one account per contact, reached here by the name of its link to the contact
    (`portal_account`), so contacts need not import the portal that builds on them.
    """
    return contacts.annotate(
        portal_status=Coalesce(
            F("portal_account__status"),
            Value(PortalStatus.NO_ACCESS.value),
            output_field=CharField(),
        )
    )


def portal_status_for(contact: Contact) -> PortalStatus:
    status = getattr(contact, "portal_status", None)
    if status is None:
        status = with_portal_status(Contact.objects.filter(pk=contact.pk)).values_list(
            "portal_status", flat=True
        )[0]
    return PortalStatus(status)


def search_contacts(
    contacts: QuerySet[Contact], text: str, *, firm_id: uuid.UUID
) -> QuerySet[Contact]:
    """Contacts whose name has every word typed, or whose email or phone number matches.
    Phone numbers match on digits, however they were typed: (415) 555-0123 finds +14155550123."""
    text = text.strip()
    if not text:
        return contacts
    by_name = Q()
    for word in text.split():
        by_name &= Q(display_name__icontains=word) | Q(organization_name__icontains=word)
    # The emails and phones that match are found once (a trigram index on PostgreSQL), not
    # looked up again for each contact of the firm.
    match = by_name | Q(
        pk__in=ContactEmail.objects.for_firm(firm_id)
        .filter(address__icontains=text)
        .values("contact_id")
    )
    digits = digits_of(text)
    if len(digits) >= 3:
        phones = ContactPhone.objects.for_firm(firm_id).filter(number__contains=digits)
        match |= Q(pk__in=phones.values("contact_id"))
    return contacts.filter(match)


def directory_for_firm(firm_id: uuid.UUID, *, search: str = "") -> QuerySet[Contact]:
    """The clients directory: each contact with its primary email and phone, in one query."""
    primary_email = ContactEmail.objects.filter(contact=OuterRef("pk"), is_primary=True)
    primary_phone = ContactPhone.objects.filter(contact=OuterRef("pk"), is_primary=True)
    contacts = contacts_for_firm(firm_id).annotate(
        primary_email=Subquery(primary_email.values("address")[:1]),
        primary_phone=Subquery(primary_phone.values("number")[:1]),
    )
    return with_portal_status(search_contacts(contacts, search, firm_id=firm_id)).order_by(
        "display_name", "id"
    )


def get_contact_email_for_firm(firm_id: uuid.UUID, contact_id: uuid.UUID, email_id: uuid.UUID):
    return get_object_or_404(
        ContactEmail.objects.for_firm(firm_id).select_related("contact"),
        pk=email_id,
        contact_id=contact_id,
    )


def get_contact_phone_for_firm(firm_id: uuid.UUID, contact_id: uuid.UUID, phone_id: uuid.UUID):
    return get_object_or_404(
        ContactPhone.objects.for_firm(firm_id).select_related("contact"),
        pk=phone_id,
        contact_id=contact_id,
    )


def get_contact_address_for_firm(firm_id: uuid.UUID, contact_id: uuid.UUID, address_id: uuid.UUID):
    return get_object_or_404(
        ContactAddress.objects.for_firm(firm_id).select_related("contact"),
        pk=address_id,
        contact_id=contact_id,
    )
