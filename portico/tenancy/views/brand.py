"""A firm's public face, served to anyone: its accent as a stylesheet and its logo.

Both are shown before sign-in (the identity service's sign-in page and the invitation email
load them), so they are public by design, like Auth0's organization branding. The URLs carry
a version, so browsers keep them until the firm changes them.
"""

from __future__ import annotations

import uuid

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from portico.tenancy import branding
from portico.tenancy.queries import firm_for_branding

A_YEAR = 60 * 60 * 24 * 365


@require_safe
def theme(request: HttpRequest, firm_id: uuid.UUID) -> HttpResponse:
    firm = firm_for_branding(firm_id)
    response = HttpResponse(branding.theme_css(firm.accent), content_type="text/css")
    response["Cache-Control"] = f"public, max-age={A_YEAR}, immutable"
    return response


@require_safe
def logo(request: HttpRequest, firm_id: uuid.UUID) -> HttpResponse:
    firm = firm_for_branding(firm_id)
    if not firm.logo:
        raise Http404("This firm has no logo.")
    try:
        stored = firm.logo.open("rb")
    except FileNotFoundError as error:
        raise Http404("The logo file is missing.") from error
    response = FileResponse(stored, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={A_YEAR}, immutable"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
