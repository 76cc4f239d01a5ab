from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from portico.core.errors import ErrorCollector
from portico.core.events import publish_on_commit
from portico.tenancy.branding import DEFAULT_ACCENT, LogoProblem, accent_problem, prepared_logo
from portico.tenancy.events import ApiKeyCreated, ApiKeyRevoked, FirmFaceChanged
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
