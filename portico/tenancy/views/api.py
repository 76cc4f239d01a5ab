from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from portico.tenancy.schemas import FirmOut, StaffOut

router = Router(tags=["firm"])


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
