"""Management API v2 `/clients`: the part Auth0 documents for registering a single-page,
native or regular web application.

Machine-to-machine applications need client grants, which this service sets up with
`python -m idp register_m2m_client` instead. Client secrets are stored hashed, so one is shown
only in the answer that creates it (Auth0 shows it again to `read:client_keys`).
"""

import secrets
from typing import Any

from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from oauth2_provider.generators import generate_client_id
from oauth2_provider.models import AbstractApplication, get_application_model
from oauth2_provider.settings import oauth2_settings

from idp.mgmt.auth import Caller
from idp.mgmt.endpoint import (
    check_properties,
    json_body,
    management_endpoint,
    method_not_allowed,
    typed,
)
from idp.mgmt.errors import ManagementError, bad_request
from idp.mgmt.serializers import select_fields
from idp.oidc.actions import ClientInvalid, delete_client, register_client
from idp.oidc.models import ClientSettings
from idp.oidc.queries import client_settings

INTERACTIVE_TYPES = ("spa", "native", "regular_web")
PUBLIC_TYPES = ("spa", "native")
AUTH_METHODS = ("none", "client_secret_post", "client_secret_basic")
PROPERTIES = {
    "name",
    "description",
    "app_type",
    "callbacks",
    "allowed_logout_urls",
    "web_origins",
    "allowed_origins",
    "grant_types",
    "token_endpoint_auth_method",
    "oidc_logout",
    "jwt_configuration",
    "refresh_token",
    "is_first_party",
    "oidc_conformant",
}
# Auth0's field names for the errors register_client reports.
FIELD_NAMES = {
    "redirect_uris": "callbacks",
    "post_logout_redirect_uris": "allowed_logout_urls",
    "backchannel_logout_uri": "oidc_logout.backchannel_logout_urls",
}


def client_json(application: AbstractApplication, secret: str = "") -> dict[str, Any]:
    found = client_settings(application) or ClientSettings(
        application=application, app_type="regular_web", grant_types="authorization_code"
    )
    data: dict[str, Any] = {
        "client_id": application.client_id,
        "name": application.name,
        "description": found.description,
        "app_type": found.app_type,
        "is_first_party": True,
        "oidc_conformant": True,
        "callbacks": application.redirect_uris.split(),
        "allowed_logout_urls": application.post_logout_redirect_uris.split(),
        "web_origins": found.web_origin_list,
        "allowed_origins": found.allowed_origins.split(),
        "grant_types": found.grant_type_list,
        "token_endpoint_auth_method": found.token_endpoint_auth_method,
        "jwt_configuration": {
            "alg": "RS256",
            "lifetime_in_seconds": oauth2_settings.ID_TOKEN_EXPIRE_SECONDS,
            "secret_encoded": False,
        },
        "oidc_logout": {
            "backchannel_logout_urls": (
                [found.backchannel_logout_uri] if found.backchannel_logout_uri else []
            )
        },
        "refresh_token": {
            "rotation_type": "rotating",
            "expiration_type": "expiring",
            "leeway": 0,
            "token_lifetime": django_settings.IDP_REFRESH_TOKEN_LIFETIME,
            "idle_token_lifetime": oauth2_settings.REFRESH_TOKEN_EXPIRE_SECONDS,
            "infinite_token_lifetime": False,
            "infinite_idle_token_lifetime": False,
        },
    }
    if secret:
        data["client_secret"] = secret
    return data


def _strings(body: dict[str, Any], name: str) -> list[str] | None:
    values = typed(body, name, list, "array")
    if values is not None and not all(isinstance(value, str) for value in values):
        raise bad_request(f"Payload validation error: 'Expected type string' on property {name}.")
    return values


def _only(body: dict[str, Any], name: str, allowed: dict[str, Any]) -> None:
    """Nested settings this service has one fixed answer for: accept that answer only."""
    value = typed(body, name, dict, "object")
    for key, given in (value or {}).items():
        if key in allowed and given != allowed[key]:
            raise bad_request(
                f"Only {key} {allowed[key]!r} is supported here (property {name}.{key})."
            )


def _backchannel_uri(body: dict[str, Any]) -> str | None:
    oidc_logout = typed(body, "oidc_logout", dict, "object")
    if oidc_logout is None:
        return None
    urls = oidc_logout.get("backchannel_logout_urls", [])
    if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
        raise bad_request(
            "Payload validation error: 'Expected type array' on property "
            "oidc_logout.backchannel_logout_urls."
        )
    if len(urls) > 1:
        raise bad_request("Only one back-channel logout URL can be registered per application.")
    return urls[0] if urls else ""


def _values(body: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The application's settings after applying `body` (Auth0: root properties replace)."""
    app_type = typed(body, "app_type", str, "string") or current["app_type"]
    if app_type == "non_interactive":
        raise bad_request(
            "Machine-to-machine applications are registered with "
            "`python -m idp register_m2m_client` on this identity service."
        )
    if app_type not in INTERACTIVE_TYPES:
        raise bad_request(f"app_type must be one of: {', '.join(INTERACTIVE_TYPES)}.")
    method = typed(body, "token_endpoint_auth_method", str, "string") or current["method"]
    if not method:
        method = "none" if app_type in PUBLIC_TYPES else "client_secret_post"
    if method not in AUTH_METHODS:
        raise bad_request(f"token_endpoint_auth_method must be one of: {', '.join(AUTH_METHODS)}.")
    for flag in ("is_first_party", "oidc_conformant"):
        if typed(body, flag, bool, "boolean") is False:
            raise bad_request(f"Only {flag}: true is supported here.")
    _only(body, "jwt_configuration", {"alg": "RS256"})
    _only(body, "refresh_token", {"rotation_type": "rotating", "expiration_type": "expiring"})
    name = typed(body, "name", str, "string")
    if name is not None and not name.strip():
        raise bad_request("Payload validation error: 'String is too short' on property name.")
    backchannel = _backchannel_uri(body)
    values = {
        "name": name if name is not None else current["name"],
        "description": typed(body, "description", str, "string"),
        "app_type": app_type,
        "public": method == "none",
        "token_endpoint_auth_method": method,
        "redirect_uris": _strings(body, "callbacks"),
        "logout_uris": _strings(body, "allowed_logout_urls"),
        "web_origins": _strings(body, "web_origins"),
        "allowed_origins": _strings(body, "allowed_origins"),
        "grant_types": _strings(body, "grant_types"),
        "backchannel_logout_uri": backchannel,
    }
    return {key: current[key] if value is None else value for key, value in values.items()}


def _current(application: AbstractApplication | None) -> dict[str, Any]:
    found = client_settings(application)
    return {
        "name": application.name if application else None,
        "description": found.description if found else "",
        "app_type": found.app_type if found else "",
        "method": found.token_endpoint_auth_method if found else "",
        "redirect_uris": application.redirect_uris.split() if application else [],
        "logout_uris": application.post_logout_redirect_uris.split() if application else [],
        "web_origins": found.web_origin_list if found else [],
        "allowed_origins": found.allowed_origins.split() if found else [],
        "grant_types": found.grant_type_list if found else ["authorization_code", "refresh_token"],
        "backchannel_logout_uri": found.backchannel_logout_uri if found else "",
    }


def _save(client_id: str, values: dict[str, Any], secret: str | None) -> AbstractApplication:
    try:
        return register_client(client_id=client_id, client_secret=secret, **values)
    except ClientInvalid as error:
        field, messages = next(iter(error.errors.items()))
        raise bad_request(
            f"Payload validation error on property {FIELD_NAMES.get(field, field)}: "
            f"{' '.join(messages)}"
        ) from error


def _create(request: HttpRequest, caller: Caller) -> HttpResponse:
    caller.require("create:clients")
    body = check_properties(json_body(request), PROPERTIES)
    if not body.get("name"):
        raise bad_request("Payload validation error: 'Missing required property: name'.")
    values = _values(body, _current(None))
    secret = "" if values["public"] else secrets.token_urlsafe(48)
    application = _save(generate_client_id(), values, secret)
    return JsonResponse(client_json(application, secret), status=201)


def _render(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    return select_fields(
        data, request.GET.get("fields", ""), request.GET.get("include_fields", "true")
    )


def _list(request: HttpRequest, caller: Caller) -> HttpResponse:
    caller.require("read:clients")
    applications = get_application_model().objects.order_by("created", "pk")
    app_types = [kind for kind in request.GET.get("app_type", "").split(",") if kind]
    if app_types:
        applications = applications.filter(idp_settings__app_type__in=app_types)
    try:
        page = max(int(request.GET.get("page", "0")), 0)
        per_page = min(max(int(request.GET.get("per_page", "50")), 1), 100)
    except ValueError as error:
        raise bad_request(
            "page and per_page must be whole numbers.", "invalid_query_string"
        ) from error
    listed = [
        _render(request, client_json(application))
        for application in applications[page * per_page : (page + 1) * per_page]
    ]
    if request.GET.get("include_totals", "").lower() == "true":
        return JsonResponse(
            {
                "start": page * per_page,
                "limit": per_page,
                "length": len(listed),
                "total": applications.count(),
                "clients": listed,
            }
        )
    return JsonResponse(listed, safe=False)


@management_endpoint
def clients(request: HttpRequest, caller: Caller) -> HttpResponse:
    if request.method == "POST":
        return _create(request, caller)
    if request.method == "GET":
        return _list(request, caller)
    raise method_not_allowed()


def _client_or_404(client_id: str) -> AbstractApplication:
    application = get_application_model().objects.filter(client_id=client_id).first()
    if application is None:
        raise ManagementError(404, "The client does not exist", "inexistent_client")
    return application


@management_endpoint
def client_detail(request: HttpRequest, caller: Caller, client_id: str) -> HttpResponse:
    if request.method == "GET":
        caller.require("read:clients")
        return JsonResponse(_render(request, client_json(_client_or_404(client_id))))
    if request.method == "PATCH":
        caller.require("update:clients")
        application = _client_or_404(client_id)
        body = check_properties(json_body(request), PROPERTIES)
        if not body:
            raise bad_request(
                "Payload validation error: 'Too few properties defined (0), minimum 1'."
            )
        current = _current(application)
        if current["app_type"] == "non_interactive":
            raise bad_request(
                "Machine-to-machine applications are changed with "
                "`python -m idp register_m2m_client` on this identity service."
            )
        values = _values(body, current)
        was_public = application.client_type == application.CLIENT_PUBLIC
        if values["public"] != was_public:
            raise bad_request(
                "An application cannot switch between public and confidential here; "
                "create a new one instead."
            )
        return JsonResponse(client_json(_save(client_id, values, None)))
    if request.method == "DELETE":
        caller.require("delete:clients")
        application = get_application_model().objects.filter(client_id=client_id).first()
        # Like DELETE /users/{id}: answering 204 again for a gone client keeps retries safe.
        if application is not None:
            delete_client(application)
        return HttpResponse(status=204)
    raise method_not_allowed()
