"""Staff API shapes of the firm and its staff, shared by the apps that answer with them."""

from __future__ import annotations

import uuid
from datetime import datetime

from ninja import Schema

from portico.tenancy.models import StaffMember


class FirmOut(Schema):
    id: uuid.UUID
    name: str
    slug: str
    currency: str
    timezone: str


class StaffOut(Schema):
    id: uuid.UUID
    name: str
    email: str
    role: StaffMember.Role
    is_active: bool
    last_sign_in_at: datetime | None
    invited_at: datetime | None
    invitation_sent_at: datetime | None
    pending: bool

    @staticmethod
    def resolve_pending(member: StaffMember) -> bool:
        return member.is_pending
