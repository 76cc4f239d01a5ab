from typing import Any

from idp.organizations.models import Organization


def organization_json(organization: Organization) -> dict[str, Any]:
    """Auth0's organization object."""
    branding: dict[str, Any] = {}
    if organization.logo_url:
        branding["logo_url"] = organization.logo_url
    colors = {
        key: value
        for key, value in (
            ("primary", organization.primary_colour),
            ("page_background", organization.page_background),
        )
        if value
    }
    if colors:
        branding["colors"] = colors
    data: dict[str, Any] = {
        "id": organization.id,
        "name": organization.name,
        "display_name": organization.display_name,
        "metadata": organization.metadata,
    }
    if branding:
        data["branding"] = branding
    return data
