"""Reads of a firm's staff for the staff pages and the staff API, scoped by construction."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from portico.tenancy.models import StaffMember


def members_for_firm(firm_id: uuid.UUID) -> QuerySet[StaffMember]:
    """Everyone on the firm's staff now: signed in at least once, or invited and waiting."""
    return StaffMember.objects.for_firm(firm_id).filter(is_active=True)


def pending_invitations_for_firm(firm_id: uuid.UUID) -> QuerySet[StaffMember]:
    return (
        members_for_firm(firm_id)
        .filter(invited_at__isnull=False, last_sign_in_at__isnull=True)
        .order_by("-invited_at")
    )


def get_member_for_firm(firm_id: uuid.UUID, staff_id: uuid.UUID) -> StaffMember:
    """One current member of the firm, or 404 (a removed member is not found either)."""
    return get_object_or_404(members_for_firm(firm_id), pk=staff_id)
