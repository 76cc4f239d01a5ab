from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from portico.core.rls import activate_firm
from portico.tenancy.models import ApiKey, Firm, StaffMember


def memberships_for_sub(sub: str) -> QuerySet[StaffMember]:
    """Active memberships of one identity, across firms (the caller activated that identity)."""
    return (
        StaffMember.objects.dangerously_all_firms()
        .filter(sub=sub, is_active=True)
        .select_related("firm")
    )


def membership_for_sub(sub: str, *, firm_id: uuid.UUID | str) -> StaffMember | None:
    return memberships_for_sub(sub).filter(firm_id=firm_id).first()


def staff_for_firm(firm_id: uuid.UUID) -> QuerySet[StaffMember]:
    return StaffMember.objects.for_firm(firm_id)


def get_staff_for_firm(firm_id: uuid.UUID, staff_id: uuid.UUID) -> StaffMember:
    return get_object_or_404(staff_for_firm(firm_id), pk=staff_id)


def api_keys_for_firm(firm_id: uuid.UUID) -> QuerySet[ApiKey]:
    return ApiKey.objects.for_firm(firm_id).select_related("created_by")


def get_api_key_for_firm(firm_id: uuid.UUID, key_id: uuid.UUID) -> ApiKey:
    return get_object_or_404(api_keys_for_firm(firm_id), pk=key_id)


def active_api_key_by_fingerprint(fingerprint: str) -> ApiKey | None:
    """The caller activated `fingerprint` for this transaction, so only that key's row is visible."""
    return (
        ApiKey.objects.dangerously_all_firms()
        .filter(fingerprint=fingerprint, revoked_at__isnull=True)
        .select_related("firm")
        .first()
    )


def firm_for_branding(firm_id: uuid.UUID) -> Firm:
    """A firm's public face (name, logo, accent), which anyone may see: its sign-in page and
    its invitations show it before anybody has signed in. Nothing else of the firm is read."""
    # Public by design, so this read may see the URL's firm (row-level security on PostgreSQL).
    activate_firm(firm_id)
    return get_object_or_404(Firm.objects.only("id", "name", "logo", "accent_colour"), pk=firm_id)
