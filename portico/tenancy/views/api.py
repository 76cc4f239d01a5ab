from __future__ import annotations

import uuid
from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from portico.tenancy.models import StaffMember
from portico.tenancy.queries import get_staff_for_firm, staff_for_firm

router = Router(tags=["firm"])


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


class MeOut(Schema):
    firm: FirmOut
    staff: StaffOut | None
    api_key: str | None


@router.get("/me", response=MeOut, summary="Who is calling")
def me(request: HttpRequest):
    return {
        "firm": request.firm,
        "staff": request.staff,
        "api_key": request.api_key.name if request.api_key else None,
    }


@router.get("/firm", response=FirmOut, summary="The caller's firm")
def firm(request: HttpRequest):
    return request.firm


@router.get("/staff", response=list[StaffOut], summary="The firm's staff")
def list_staff(request: HttpRequest):
    return staff_for_firm(request.firm.id)


@router.get("/staff/{uuid:staff_id}", response=StaffOut, summary="One staff member")
def get_staff(request: HttpRequest, staff_id: uuid.UUID):
    return get_staff_for_firm(request.firm.id, staff_id)
