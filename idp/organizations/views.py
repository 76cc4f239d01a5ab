"""Management API v2 /organizations: create, read (by id or name), update, delete.

Only what Portico uses of Auth0's Organizations: a name, a display name and the branding
(logo and colours) the sign-in page shows. Members and invitations are not kept: Portico
decides who may open what from its own records.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse

from idp.mgmt.auth import Caller
from idp.mgmt.endpoint import check_properties, json_body, method_not_allowed, typed
from idp.mgmt.endpoint import management_endpoint as endpoint
from idp.mgmt.errors import ManagementError, bad_request
from idp.organizations.models import Organization
from idp.organizations.queries import organization_for
from idp.organizations.serializers import organization_json

_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,48}[a-z0-9])?$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
PROPERTIES = {"name", "display_name", "branding", "metadata", "enabled_connections"}


def _not_found() -> ManagementError:
    return ManagementError(
        404, "No organization found by that id or name", "inexistent_organization"
    )


def _exists() -> ManagementError:
    return ManagementError(409, "An organization with this name already exists.", "conflict")


def _name(body: dict[str, Any]) -> str | None:
    name = typed(body, "name", str, "string")
    if name is not None and not _NAME.match(name):
        raise bad_request(
            "Payload validation error: 'String does not match pattern' on property name."
        )
    return name


def _branding(body: dict[str, Any]) -> dict[str, str] | None:
    branding = typed(body, "branding", dict, "object")
    if branding is None:
        return None
    logo_url = branding.get("logo_url") or ""
    if logo_url:
        try:
            URLValidator(schemes=["http", "https"])(logo_url)
        except ValidationError as error:
            raise bad_request(
                "Payload validation error: 'Object didn't pass validation for format url' "
                "on property branding.logo_url."
            ) from error
    colors = branding.get("colors") or {}
    if not isinstance(colors, dict):
        raise bad_request("Payload validation error: 'Expected type object' on property colors.")
    values = {"logo_url": logo_url}
    for key, field in (("primary", "primary_colour"), ("page_background", "page_background")):
        value = colors.get(key) or ""
        if value and not _COLOUR.match(value):
            raise bad_request(
                f"Payload validation error: 'String does not match pattern' on property "
                f"branding.colors.{key}."
            )
        values[field] = value
    return values


def _apply(organization: Organization, body: dict[str, Any]) -> None:
    if (name := _name(body)) is not None:
        organization.name = name
    if (display_name := typed(body, "display_name", str, "string")) is not None:
        organization.display_name = display_name[:255]
    if (branding := _branding(body)) is not None:
        for field, value in branding.items():
            setattr(organization, field, value)
    if (metadata := typed(body, "metadata", dict, "object")) is not None:
        organization.metadata = metadata


def _save(organization: Organization, *, created: bool) -> None:
    try:
        with transaction.atomic():
            organization.save(force_insert=created)
    except IntegrityError as error:
        raise _exists() from error


@endpoint
def organizations(request: HttpRequest, caller: Caller) -> HttpResponse:
    if request.method != "POST":
        raise method_not_allowed()
    caller.require("create:organizations")
    body = check_properties(json_body(request), PROPERTIES)
    if not body.get("name"):
        raise bad_request("Payload validation error: 'Missing required property: name'.")
    organization = Organization()
    _apply(organization, body)
    _save(organization, created=True)
    return JsonResponse(organization_json(organization), status=201)


@endpoint
def organization_detail(request: HttpRequest, caller: Caller, organization_id: str) -> HttpResponse:
    organization = Organization.objects.filter(pk=organization_id).first()
    if request.method == "GET":
        caller.require("read:organizations")
    elif request.method == "PATCH":
        caller.require("update:organizations")
    elif request.method == "DELETE":
        caller.require("delete:organizations")
        Organization.objects.filter(pk=organization_id).delete()
        return HttpResponse(status=204)
    else:
        raise method_not_allowed()
    if organization is None:
        raise _not_found()
    if request.method == "PATCH":
        _apply(organization, check_properties(json_body(request), PROPERTIES))
        _save(organization, created=False)
    return JsonResponse(organization_json(organization))


@endpoint
def organization_by_name(request: HttpRequest, caller: Caller, name: str) -> HttpResponse:
    if request.method != "GET":
        raise method_not_allowed()
    caller.require("read:organizations")
    organization = organization_for(name) if not name.startswith("org_") else None
    if organization is None:
        raise _not_found()
    return JsonResponse(organization_json(organization))
