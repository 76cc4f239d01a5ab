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
    """One contact with its emails, phones and addresses, in two queries."""
    contact = get_object_or_404(
        with_portal_status(contacts_for_firm(firm_id)).select_related("firm"), pk=contact_id
    )
    prefetch_details([contact])
    return contact


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
    # The emails and phones that match are found once (one pass over the firm's emails and
    # phones), not looked up again for each contact of the firm. (A trigram index would not
    # serve: under row-level security PostgreSQL never uses an index for a LIKE, which is not
    # leakproof.)
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


# Each kind of detail as the same columns, so the three read as one UNION ALL: the model, then
# which of its fields fill the text columns t1..t6 (in order) and the flag.
_DETAILS = {
    "emails": (ContactEmail, ("address",), "is_contactable"),
    "phones": (ContactPhone, ("number",), None),
    "addresses": (
        ContactAddress,
        ("line1", "line2", "city", "region", "postal_code", "country"),
        None,
    ),
}
_TEXTS = 6


def _detail_rows(model, texts: tuple[str, ...], flag: str | None, firm_id, contact_ids):
    from django.db.models import BooleanField

    columns = {
        "kind": Value(model._meta.model_name, output_field=CharField()),
        "row_id": F("id"),
        "row_contact": F("contact_id"),
        "row_firm": F("firm_id"),
        "row_primary": F("is_primary"),
        "row_created": F("created_at"),
        "row_label": F("label"),
    }
    for i in range(_TEXTS):
        name = texts[i] if i < len(texts) else None
        columns[f"t{i}"] = F(name) if name else Value("", output_field=CharField())
    columns["flag"] = F(flag) if flag else Value(False, output_field=BooleanField())
    return (
        model.objects.for_firm(firm_id)
        .filter(contact_id__in=contact_ids)
        .order_by()
        .values(**columns)
    )


def prefetch_details(contacts: list[Contact]) -> None:
    """Read the emails, phones and addresses of `contacts` (one firm's) in one query, not three,
    into the same place `prefetch_related("emails", "phones", "addresses")` would: the pages
    that show a contact's details pay one round trip to the database for them."""
    if not contacts:
        return
    firm_id = contacts[0].firm_id
    ids = [c.id for c in contacts]
    parts = [_detail_rows(m, texts, flag, firm_id, ids) for m, texts, flag in _DETAILS.values()]
    found: dict = {(c.id, name): [] for c in contacts for name in _DETAILS}
    by_kind = {m._meta.model_name: name for name, (m, _t, _f) in _DETAILS.items()}
    for row in parts[0].union(*parts[1:], all=True).order_by("kind"):
        name = by_kind[row["kind"]]
        model, texts, flag = _DETAILS[name]
        fields = {
            "id": row["row_id"],
            "contact_id": row["row_contact"],
            "firm_id": row["row_firm"],
            "is_primary": row["row_primary"],
            "created_at": row["row_created"],
            "label": row["row_label"],
            **{field: row[f"t{i}"] for i, field in enumerate(texts)},
        }
        if flag:
            fields[flag] = row["flag"]
        detail = model(**fields)
        detail._state.adding = False
        detail._state.db = parts[0].db
        found[(row["row_contact"], name)].append(detail)
    for contact in contacts:
        cache = contact.__dict__.setdefault("_prefetched_objects_cache", {})
        for name in _DETAILS:
            rows = sorted(
                found[(contact.id, name)],
                key=lambda d: (not d.is_primary, d.created_at, str(d.id)),
            )
            for detail in rows:
                detail.contact = contact  # (no query for the way back)
            manager = getattr(contact, name)
            qs = manager.all()
            qs._result_cache = rows
            qs._prefetch_done = True
            cache[manager.field.remote_field.cache_name] = qs
