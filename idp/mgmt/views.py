"""Management API v2: the slice of Auth0's user, ticket and job endpoints Portico calls."""

import re
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from idp.accounts import actions
from idp.accounts.models import CONNECTION_NAME, Ticket, User, pk_from_user_id
from idp.accounts.queries import all_users, user_for_user_id, users_with_email
from idp.mgmt.auth import Caller
from idp.mgmt.endpoint import (
    check_properties,
    json_body,
    management_endpoint,
    method_not_allowed,
    typed,
)
from idp.mgmt.errors import ManagementError, bad_request, user_exists, user_not_found
from idp.mgmt.serializers import auth0_time, select_fields, user_json
from idp.oidc.queries import application_for_client_id

PROFILE_FIELDS = ("name", "given_name", "family_name", "nickname")
_EMAIL_QUERY = re.compile(r'^email:(?:"(?P<quoted>[^"]*)"|(?P<bare>\S+))$')


def _email(body: dict[str, Any]) -> str | None:
    email = typed(body, "email", str, "string")
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
    connection = typed(body, "connection", str, "string")
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
    "picture",
    *PROFILE_FIELDS,
}


def _picture(body: dict[str, Any]) -> str | None:
    picture = typed(body, "picture", str, "string")
    if picture:
        try:
            URLValidator(schemes=["https", "http"])(picture)
        except ValidationError as error:
            raise bad_request(
                "Payload validation error: 'Object didn't pass validation for format uri' "
                "on property picture."
            ) from error
    return picture


def _create_user(request: HttpRequest, caller: Caller) -> HttpResponse:
    caller.require("create:users")
    body = check_properties(json_body(request), CREATE_PROPERTIES)
    _connection(body, required=True)
    email = _email(body)
    if email is None:
        raise bad_request("Payload validation error: 'Missing required property: email'.")
    values: dict[str, Any] = {
        "password": typed(body, "password", str, "string"),
        "email_verified": bool(typed(body, "email_verified", bool, "boolean")),
        "blocked": bool(typed(body, "blocked", bool, "boolean")),
        "app_metadata": typed(body, "app_metadata", dict, "object"),
        "user_metadata": typed(body, "user_metadata", dict, "object"),
    }
    for field in PROFILE_FIELDS:
        values[field] = typed(body, field, str, "string") or ""
    values["picture"] = _picture(body) or ""
    verify_email = typed(body, "verify_email", bool, "boolean")
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
    raise method_not_allowed()


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
    "picture",
    *PROFILE_FIELDS,
}


def _update_user(request: HttpRequest, caller: Caller, user_id: str) -> HttpResponse:
    body = check_properties(json_body(request), UPDATE_PROPERTIES)
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
        value = typed(body, flag, bool, "boolean")
        if value is not None:
            fields[flag] = value
    for field in PROFILE_FIELDS:
        value = typed(body, field, str, "string")
        if value is not None:
            fields[field] = value
    picture = _picture(body)
    if picture is not None:
        fields["picture"] = picture
    verify_email = typed(body, "verify_email", bool, "boolean")
    try:
        user = actions.update_user(
            user=user,
            fields=fields,
            app_metadata=typed(body, "app_metadata", dict, "object"),
            user_metadata=typed(body, "user_metadata", dict, "object"),
            password=typed(body, "password", str, "string"),
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
    raise method_not_allowed()


@management_endpoint
def user_sessions(request: HttpRequest, caller: Caller, user_id: str) -> HttpResponse:
    """Auth0's DELETE /users/{id}/sessions: sign the person out everywhere (idp sessions,
    refresh tokens, and a back-channel logout to every application they signed in to)."""
    if request.method != "DELETE":
        raise method_not_allowed()
    caller.require("delete:sessions")
    actions.sign_out_everywhere(_user_or_404(user_id))
    return HttpResponse(status=202)


@management_endpoint
def user_refresh_tokens(request: HttpRequest, caller: Caller, user_id: str) -> HttpResponse:
    """Auth0's DELETE /users/{id}/refresh-tokens."""
    if request.method != "DELETE":
        raise method_not_allowed()
    caller.require("delete:refresh_tokens")
    actions.revoke_refresh_tokens(_user_or_404(user_id))
    return HttpResponse(status=202)


@management_endpoint
def users_by_email(request: HttpRequest, caller: Caller) -> HttpResponse:
    if request.method != "GET":
        raise method_not_allowed()
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
    user_id = typed(body, "user_id", str, "string")
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
    client_id = typed(body, "client_id", str, "string") or ""
    if client_id and application_for_client_id(client_id) is None:
        raise bad_request("The client does not exist.", "inexistent_client")
    return client_id


@management_endpoint
def password_change_ticket(request: HttpRequest, caller: Caller) -> HttpResponse:
    if request.method != "POST":
        raise method_not_allowed()
    caller.require("create:user_tickets")
    body = check_properties(json_body(request), TICKET_PROPERTIES)
    if body.get("organization_id"):
        raise bad_request("Organizations are not supported by this identity service.")
    result_url = typed(body, "result_url", str, "string") or ""
    if result_url:
        try:
            URLValidator(schemes=["http", "https"])(result_url)
        except ValidationError as error:
            raise bad_request(
                "Payload validation error: 'Object didn't pass validation for format uri' "
                "on property result_url."
            ) from error
    ttl = typed(body, "ttl_sec", int, "integer")
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
        mark_email_as_verified=bool(typed(body, "mark_email_as_verified", bool, "boolean")),
        include_email_in_redirect=bool(typed(body, "includeEmailInRedirect", bool, "boolean")),
    )
    return JsonResponse({"ticket": url}, status=201)


@management_endpoint
def verification_email_job(request: HttpRequest, caller: Caller) -> HttpResponse:
    if request.method != "POST":
        raise method_not_allowed()
    caller.require("update:users")
    body = check_properties(json_body(request), {"user_id", "client_id", "identity"})
    user_id = typed(body, "user_id", str, "string")
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
