from __future__ import annotations

import zoneinfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


def firm_zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


class FirmTimeZoneMiddleware:
    """Every time a page shows, and every "today" a form or action reads, is in the time zone
    of the firm whose workspace or portal this is. Needs request.firm (PrincipalMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        firm = getattr(request, "firm", None)
        if firm is None:
            return self.get_response(request)
        with timezone.override(firm_zone(firm.timezone)):
            return self.get_response(request)
