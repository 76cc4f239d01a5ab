from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from portico.core.events import publish_on_commit
from portico.tenancy.events import ApiKeyCreated, ApiKeyRevoked
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
