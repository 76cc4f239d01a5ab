from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from portico.api.auth import API_KEY_PREFIX, fingerprint_api_key
from portico.tenancy.models import ApiKey, Firm, StaffMember


@transaction.atomic
def create_api_key(*, firm: Firm, name: str, actor: StaffMember | None) -> tuple[ApiKey, str]:
    """Return the new key and its secret; the secret is shown once and never stored."""
    raw = API_KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        firm=firm,
        name=name,
        prefix=raw[: len(API_KEY_PREFIX) + 6],
        fingerprint=fingerprint_api_key(raw),
        created_by=actor,
    )
    return key, raw


@transaction.atomic
def revoke_api_key(*, key: ApiKey, actor: StaffMember) -> ApiKey:
    """Caller has checked that `actor` may manage `key`'s firm. Revoking twice is harmless."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key
