"""Management API v2: the slice of Auth0's user, ticket and job endpoints Portico calls."""

import functools
import json
import logging
import re
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from idp.accounts import actions
from idp.accounts.models import CONNECTION_NAME, Ticket, User, pk_from_user_id
from idp.accounts.queries import all_users, user_for_user_id, users_with_email
from idp.accounts.throttle import client_address
from idp.mgmt import ratelimit
from idp.mgmt.auth import Caller, authenticate_caller
from idp.mgmt.errors import ManagementError, bad_request, user_exists, user_not_found
from idp.mgmt.serializers import auth0_time, select_fields, user_json
from idp.oidc.queries import application_for_client_id

log = logging.getLogger(__name__)
View = Callable[..., HttpResponse]
PROFILE_FIELDS = ("name", "given_name", "family_name")
_EMAIL_QUERY = re.compile(r'^email:(?:"(?P<quoted>[^"]*)"|(?P<bare>\S+))$')


def management_endpoint(view: View) -> View:
    """Auth, rate limit and Auth0-shaped errors for every Management API view.

    Every reply, errors included, carries the X-RateLimit-* headers. Callers whose token fails
    are counted per IP so a flood of bad tokens is limited too.
    """

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        caller: Caller | None = None
        auth_error: ManagementError | None = None
        try:
            caller = authenticate_caller(request)
        except ManagementError as error:
            auth_error = error
        bucket = caller.client_id if caller else "ip:" + client_address(request)
        rate = ratelimit.hit(bucket)
        if rate.exceeded:
            response = ManagementError(
                429, "Global limit has been reached", "too_many_requests"
            ).response()
        elif auth_error is not None:
            response = auth_error.response()
        else:
            try:
                response = view(request, caller, *args, **kwargs)
            except ManagementError as error:
                response = error.response()
            except Exception:
                # SDKs parse the body of every error; an HTML 500 page would hide the status.
                log.exception("Management API %s %s failed", request.method, request.path)
                response = ManagementError(500, "Internal error", "internal_error").response()
        for header, value in rate.headers().items():
            response[header] = value
        return response

    return wrapper


def _method_not_allowed() -> ManagementError:
    return ManagementError(405, "Method not allowed", "method_not_allowed")


def _json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError as error:
        raise bad_request("Payload validation error: 'Invalid JSON'.") from error
    if not isinstance(body, dict):
        raise bad_request("Payload validation error: 'Expected type object'.")
    return body


def _check_properties(body: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    """Drop nulls (SDKs send unset optionals as null), refuse properties we do not handle."""
    extra = sorted(set(body) - allowed)
    if extra:
        raise bad_request(
            f"Payload validation error: 'Additional properties not allowed: {extra[0]}'."
        )
    return {key: value for key, value in body.items() if value is not None}


def _typed(body: dict[str, Any], name: str, kind: type, kind_name: str) -> Any:
    value = body.get(name)
    # bool is an int in Python, but not in JSON schema.
    if value is not None and (
        not isinstance(value, kind) or (kind is int and isinstance(value, bool))
    ):
        raise bad_request(
            f"Payload validation error: 'Expected type {kind_name} but found type "
            f"{type(value).__name__}' on property {name}."
        )
    return value


def _email(body: dict[str, Any]) -> str | None:
    email = _typed(body, "email", str, "string")
    if email is None:
        return None
    try:
        validate_email(email.strip())
    except ValidationError as error:
        raise bad_request(
            f"Payload validation error: 'Object didn't pass validation for format email: "
            f"{email}' on property email."
        ) from error
    return email


def _connection(body: dict[str, Any], *, required: bool) -> None:
    connection = _typed(body, "connection", str, "string")
    if connection is None:
        if required:
            raise bad_request("Payload validation error: 'Missing required property: connection'.")
        return
    if connection != CONNECTION_NAME:
        raise bad_request("The connection does not exist.", "inexistent_connection")


def _weak_password() -> ManagementError:
    return bad_request("PasswordStrengthError: Password is too weak", "invalid_password")


def _user_or_404(user_id: str) -> User:
    user = user_for_user_id(user_id)
    if user is None:
        raise user_not_found()
    return user


def _render_user(request: HttpRequest, user: User, status: int = 200) -> JsonResponse:
    data = select_fields(
        user_json(user),
        request.GET.get("fields", ""),
        request.GET.get("include_fields", "true"),
    )
    return JsonResponse(data, status=status)


# --- /users -------------------------------------------------------------------------------

CREATE_PROPERTIES = {
    "connection",
    "email",
    "password",
    "email_verified",
    "verify_email",
    "app_metadata",
    "user_metadata",
    "blocked",
    *PROFILE_FIELDS,
}


def _create_user(request: HttpRequest, caller: Caller) -> HttpResponse:
    caller.require("create:users")
    body = _check_properties(_json_body(request), CREATE_PROPERTIES)
    _connection(body, required=True)
    email = _email(body)
    if email is None:
        raise bad_request("Payload validation error: 'Missing required property: email'.")
    values: dict[str, Any] = {
        "password": _typed(body, "password", str, "string"),
        "email_verified": bool(_typed(body, "email_verified", bool, "boolean")),
        "blocked": bool(_typed(body, "blocked", bool, "boolean")),
        "app_metadata": _typed(body, "app_metadata", dict, "object"),
        "user_metadata": _typed(body, "user_metadata", dict, "object"),
    }
    for field in PROFILE_FIELDS:
        values[field] = _typed(body, field, str, "string") or ""
    verify_email = _typed(body, "verify_email", bool, "boolean")
    try:
        user = actions.create_user(email=email, **values)
    except actions.EmailTaken as error:
        raise user_exists() from error
    except actions.WeakPassword as error:
        raise _weak_password() from error
    # Only on request: Portico invites with a ticket, and a second email would confuse people.
    if verify_email and not user.email_verified:
        actions.send_verification_email(user=user)
    return _render_user(request, user, status=201)


def _list_users(request: HttpRequest, caller: Caller) -> HttpResponse:
    caller.require("read:users")
    users = all_users()
    query = request.GET.get("q", "").strip()
    if query:
        match = _EMAIL_QUERY.match(query)
        if match is None:
            raise bad_request(
                'Only q=email:"address" searches are supported.', "invalid_query_string"
            )
        users = users.filter(email=(match["quoted"] or match["bare"] or "").lower())
    try:
        page = max(int(request.GET.get("page", "0")), 0)
        per_page = min(max(int(request.GET.get("per_page", "50")), 1), 100)
    except ValueError as error:
        raise bad_request(
            "page and per_page must be whole numbers.", "invalid_query_string"
        ) from error
    fields, include = request.GET.get("fields", ""), request.GET.get("include_fields", "true")
    listed = [
        select_fields(user_json(user), fields, include)
        for user in users[page * per_page : (page + 1) * per_page]
    ]
    if request.GET.get("include_totals", "").lower() == "true":
        return JsonResponse(
            {
                "start": page * per_page,
                "limit": per_page,
                "length": len(listed),
                "total": users.count(),
                "users": listed,
            }
        )
    return JsonResponse(listed, safe=False)


@management_endpoint
def users(request: HttpRequest, caller: Caller) -> HttpResponse:
    if request.method == "POST":
        return _create_user(request, caller)
    if request.method == "GET":
        return _list_users(request, caller)
    raise _method_not_allowed()


# --- /users/{id} --------------------------------------------------------------------------

UPDATE_PROPERTIES = {
    "connection",
    "email",
    "password",
    "email_verified",
    "verify_email",
    "app_metadata",
    "user_metadata",
    "blocked",
    "client_id",
    *PROFILE_FIELDS,
}


def _update_user(request: HttpRequest, caller: Caller, user_id: str) -> HttpResponse:
    body = _check_properties(_json_body(request), UPDATE_PROPERTIES)
    if set(body) <= {"app_metadata"}:
        caller.require("update:users", "update:users_app_metadata")
    else:
        caller.require("update:users")
    if not body:
        raise bad_request("Payload validation error: 'Too few properties defined (0), minimum 1'.")
    user = _user_or_404(user_id)
    _connection(body, required=False)
    fields: dict[str, Any] = {}
    email = _email(body)
    if email is not None:
        fields["email"] = email
    for flag in ("email_verified", "blocked"):
        value = _typed(body, flag, bool, "boolean")
        if value is not None:
            fields[flag] = value
    for field in PROFILE_FIELDS:
        value = _typed(body, field, str, "string")
        if value is not None:
            fields[field] = value
    verify_email = _typed(body, "verify_email", bool, "boolean")
    try:
        user = actions.update_user(
            user=user,
            fields=fields,
            app_metadata=_typed(body, "app_metadata", dict, "object"),
            user_metadata=_typed(body, "user_metadata", dict, "object"),
            password=_typed(body, "password", str, "string"),
        )
    except actions.EmailTaken as error:
        raise ManagementError(
            409, "The specified new email already exists", "auth0_idp_error"
        ) from error
    except actions.WeakPassword as error:
        raise _weak_password() from error
    if verify_email and not user.email_verified:
        actions.send_verification_email(user=user, client_id=body.get("client_id", ""))
    return _render_user(request, user)


def _delete_user(caller: Caller, user_id: str) -> HttpResponse:
    caller.require("delete:users")
    if pk_from_user_id(user_id) is None:
        raise bad_request(
            "Path validation error: 'Invalid user id' on property id (ID of the user to delete).",
            "invalid_uri",
        )
    user = user_for_user_id(user_id)
    # Auth0 answers 204 for an id that no longer exists, so retries are safe.
    if user is not None:
        actions.delete_user(user=user)
    return HttpResponse(status=204)


@management_endpoint
def user_detail(request: HttpRequest, caller: Caller, user_id: str) -> HttpResponse:
    if request.method == "GET":
        caller.require("read:users")
        return _render_user(request, _user_or_404(user_id))
    if request.method == "PATCH":
        return _update_user(request, caller, user_id)
    if request.method == "DELETE":
        return _delete_user(caller, user_id)
    raise _method_not_allowed()


@management_endpoint
def users_by_email(request: HttpRequest, caller: Caller) -> HttpResponse:
    if request.method != "GET":
        raise _method_not_allowed()
    caller.require("read:users")
    email = request.GET.get("email", "")
    if not email:
        raise bad_request(
            "Query validation error: 'Missing required property: email'.", "invalid_query_string"
        )
    fields, include = request.GET.get("fields", ""), request.GET.get("include_fields", "true")
    return JsonResponse(
        [select_fields(user_json(user), fields, include) for user in users_with_email(email)],
        safe=False,
    )


# --- tickets and jobs ---------------------------------------------------------------------

TICKET_PROPERTIES = {
    "user_id",
    "email",
    "connection_id",
    "result_url",
    "client_id",
    "organization_id",
    "ttl_sec",
    "mark_email_as_verified",
    "includeEmailInRedirect",
}


def _ticket_user(body: dict[str, Any]) -> User:
    user_id = _typed(body, "user_id", str, "string")
    if user_id:
        return _user_or_404(user_id)
    email = _email(body)
    if email is None:
        raise bad_request("Payload validation error: 'Missing required property: user_id'.")
    user = users_with_email(email.strip().lower()).first()
    if user is None:
        raise user_not_found()
    return user


def _ticket_client_id(body: dict[str, Any]) -> str:
    client_id = _typed(body, "client_id", str, "string") or ""
    if client_id and application_for_client_id(client_id) is None:
        raise bad_request("The client does not exist.", "inexistent_client")
    return client_id


@management_endpoint
def password_change_ticket(request: HttpRequest, caller: Caller) -> HttpResponse:
    if request.method != "POST":
        raise _method_not_allowed()
    caller.require("create:user_tickets")
    body = _check_properties(_json_body(request), TICKET_PROPERTIES)
    if body.get("organization_id"):
        raise bad_request("Organizations are not supported by this identity service.")
    result_url = _typed(body, "result_url", str, "string") or ""
    if result_url:
        try:
            URLValidator(schemes=["http", "https"])(result_url)
        except ValidationError as error:
            raise bad_request(
                "Payload validation error: 'Object didn't pass validation for format uri' "
                "on property result_url."
            ) from error
    ttl = _typed(body, "ttl_sec", int, "integer")
    if ttl is not None and ttl < 0:
        raise bad_request("Payload validation error: 'Value -1 is less than minimum 0' on ttl_sec.")
    client_id = _ticket_client_id(body)
    user = _ticket_user(body)
    url = actions.issue_ticket(
        user=user,
        kind=Ticket.Kind.PASSWORD_CHANGE,
        source=Ticket.Source.MANAGEMENT_API,
        ttl_seconds=ttl or settings.IDP_DEFAULT_TICKET_TTL,
        result_url=result_url,
        client_id=client_id,
        mark_email_as_verified=bool(_typed(body, "mark_email_as_verified", bool, "boolean")),
        include_email_in_redirect=bool(_typed(body, "includeEmailInRedirect", bool, "boolean")),
    )
    return JsonResponse({"ticket": url}, status=201)


@management_endpoint
def verification_email_job(request: HttpRequest, caller: Caller) -> HttpResponse:
    if request.method != "POST":
        raise _method_not_allowed()
    caller.require("update:users")
    body = _check_properties(_json_body(request), {"user_id", "client_id", "identity"})
    user_id = _typed(body, "user_id", str, "string")
    if not user_id:
        raise bad_request("Payload validation error: 'Missing required property: user_id'.")
    client_id = _ticket_client_id(body)
    user = _user_or_404(user_id)
    actions.send_verification_email(user=user, client_id=client_id)
    return JsonResponse(
        {
            "type": "verification_email",
            "status": "pending",
            "created_at": auth0_time(timezone.now()),
            "id": f"job_{secrets.token_hex(8)}",
        },
        status=201,
    )


@management_endpoint
def unknown_endpoint(request: HttpRequest, caller: Caller, path: str) -> HttpResponse:
    raise ManagementError(404, "Not Found", "not_found")
