"""Pages of the identity service in the colours and with the logo of the firm whose portal or
invitation sent the person here (the `organization` of the /authorize request)."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.csp import CSP

from design.colour import accent_problem, theme_css
from idp.organizations.models import Organization
from idp.organizations.queries import organization_for


def brand_of(organization: Organization | None) -> dict[str, str] | None:
    if organization is None:
        return None
    accent = organization.primary_colour
    return {
        "name": organization.display_name or organization.name,
        "logo_url": organization.logo_url,
        # A colour too light for white text is not used: the page keeps its own.
        "theme_css": theme_css(accent) if accent and not accent_problem(accent) else "",
        "organization": organization.name,
    }


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    organization: str | Organization | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render an idp page, branded for `organization` (an id, a name or the object)."""
    if isinstance(organization, str):
        organization = organization_for(organization)
    brand = brand_of(organization)
    response = render(request, template, {**context, "brand": brand}, status=status)
    if brand and brand["logo_url"]:
        # The logo is served by the firm's practice app: allow that one origin for images.
        parts = urlsplit(brand["logo_url"])
        policy = dict(settings.SECURE_CSP)
        policy["img-src"] = [*policy.get("img-src", [CSP.SELF]), f"{parts.scheme}://{parts.netloc}"]
        response._csp_config = policy
    return response
