from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from zoneinfo import available_timezones

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from portico.core.errors import ErrorCollector, InvalidInput
from portico.core.events import publish_on_commit
from portico.core.rls import activate_firm
from portico.tenancy.branding import DEFAULT_ACCENT, LogoProblem, accent_problem, prepared_logo
from portico.tenancy.events import (
    ApiKeyCreated,
    ApiKeyRevoked,
    FirmCreated,
    FirmDetailsChanged,
    FirmFaceChanged,
)
from portico.tenancy.keys import api_key_display_prefix, fingerprint_api_key, new_api_key_secret
from portico.tenancy.models import ApiKey, Firm, StaffMember


@transaction.atomic
def create_api_key(*, firm: Firm, name: str, actor: StaffMember | None) -> tuple[ApiKey, str]:
    """Return the new key and its secret; the secret is shown once and never stored."""
    raw = new_api_key_secret()
    key = ApiKey.objects.create(
        firm=firm,
        name=name,
        prefix=api_key_display_prefix(raw),
        fingerprint=fingerprint_api_key(raw),
        created_by=actor,
    )
    publish_on_commit(ApiKeyCreated(firm_id=firm.id, api_key_id=key.id))
    return key, raw


@transaction.atomic
def revoke_api_key(*, key: ApiKey, actor: StaffMember) -> ApiKey:
    """Caller has checked that `actor` may manage `key`'s firm. Revoking twice is harmless."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        publish_on_commit(ApiKeyRevoked(firm_id=key.firm_id, api_key_id=key.id))
    return key


@dataclass
class FirmFaceInput:
    accent_colour: str = ""
    email_sender_name: str = ""
    logo: UploadedFile | None = None
    remove_logo: bool = False


@transaction.atomic
def update_firm_face(*, firm: Firm, data: FirmFaceInput, actor: StaffMember) -> Firm:
    """Set how the firm appears to its clients. Caller has checked that `actor` is a partner.

    Everything is checked before anything is written: a refused colour keeps the old logo too.
    Publishes FirmFaceChanged, on which the portal tells the identity service (whose sign-in
    page shows the same face).
    """
    errors = ErrorCollector()
    accent = data.accent_colour.strip().lower()
    if accent == DEFAULT_ACCENT:
        accent = ""
    if accent and (problem := accent_problem(accent)):
        errors.add("accent_colour", problem)
    sender = " ".join(data.email_sender_name.split())
    if len(sender) > Firm._meta.get_field("email_sender_name").max_length:
        errors.add("email_sender_name", "Use at most 100 characters.")
    elif any(c in sender for c in '<>"@'):
        errors.add("email_sender_name", 'Use a name only, without < > " or @.')
    logo = None
    if data.logo is not None:
        try:
            logo = prepared_logo(data.logo)
        except LogoProblem as problem:
            errors.add("logo", str(problem))
    errors.raise_if_any()

    firm.accent_colour = accent
    firm.email_sender_name = sender
    old_logo = firm.logo.name if firm.logo else ""
    if logo is not None:
        firm.logo.save(logo.name, logo, save=False)
    elif data.remove_logo:
        firm.logo = ""
    firm.save(update_fields=["accent_colour", "email_sender_name", "logo"])
    if old_logo and old_logo != (firm.logo.name if firm.logo else ""):
        storage = firm.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    publish_on_commit(FirmFaceChanged(firm_id=firm.id))
    return firm


@dataclass
class FirmDetailsInput:
    name: str
    currency: str
    timezone: str


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")


def _clean_firm_details(data: FirmDetailsInput, errors: ErrorCollector) -> FirmDetailsInput:
    name = " ".join(data.name.split())
    currency = data.currency.strip().upper()
    zone = data.timezone.strip()
    if not name:
        errors.add("name", "Enter the firm's name.")
    elif len(name) > Firm._meta.get_field("name").max_length:
        errors.add("name", "Use at most 200 characters.")
    if not CURRENCY_PATTERN.match(currency):
        errors.add("currency", "Enter a currency as its three-letter ISO code, like USD or EUR.")
    if zone not in available_timezones():
        errors.add("timezone", "Enter a time zone by its IANA name, like America/New_York.")
    return FirmDetailsInput(name=name, currency=currency, timezone=zone)


def firm_id_for_slug(slug: str) -> uuid.UUID:
    """The id `create_firm` gives the firm of `slug`: the same every time, so a command run
    again finds the firm it made even where row-level security hides other firms' rows."""
    return uuid.uuid5(FIRM_ID_NAMESPACE, slug.strip().lower())


FIRM_ID_NAMESPACE = uuid.UUID("6f1c3c52-5d1e-4d0c-9a57-0c6f2b7a1e90")


def create_firm(*, slug: str, data: FirmDetailsInput) -> Firm:
    """A new firm (no staff yet: `accounts.invite_staff` invites its first partner).

    Raises InvalidInput when anything is wrong or the slug is taken; nothing is written then.
    """
    errors = ErrorCollector()
    slug = slug.strip().lower()
    if not SLUG_PATTERN.match(slug) or len(slug) > Firm._meta.get_field("slug").max_length:
        errors.add(
            "slug",
            "Use lower-case letters, digits and single hyphens, like harbor-vale (at most 80).",
        )
    clean = _clean_firm_details(data, errors)
    errors.raise_if_any()
    firm_id = firm_id_for_slug(slug)
    with transaction.atomic():
        activate_firm(firm_id)
        # Taken slugs are invisible under row-level security; the unique index still refuses.
        try:
            with transaction.atomic():
                firm = Firm.objects.create(
                    id=firm_id,
                    slug=slug,
                    name=clean.name,
                    currency=clean.currency,
                    timezone=clean.timezone,
                )
        except IntegrityError:
            raise InvalidInput({"slug": ["Another firm already uses this slug."]}) from None
        publish_on_commit(FirmCreated(firm_id=firm.id))
        publish_on_commit(FirmFaceChanged(firm_id=firm.id))
    return firm


@transaction.atomic
def update_firm_details(*, firm: Firm, data: FirmDetailsInput, actor: StaffMember) -> Firm:
    """The firm's name, currency and time zone. Caller has checked that `actor` is a partner."""
    errors = ErrorCollector()
    clean = _clean_firm_details(data, errors)
    errors.raise_if_any()
    renamed = clean.name != firm.name
    firm.name = clean.name
    firm.currency = clean.currency
    firm.timezone = clean.timezone
    firm.save(update_fields=["name", "currency", "timezone"])
    publish_on_commit(FirmDetailsChanged(firm_id=firm.id))
    if renamed:
        # The name is part of the firm's face at the identity service.
        publish_on_commit(FirmFaceChanged(firm_id=firm.id))
    return firm
