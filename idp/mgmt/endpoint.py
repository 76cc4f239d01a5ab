"""What every Management API view shares: authentication, rate limits, Auth0-shaped errors
and the JSON body checks Auth0 words its 400s with."""

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from idp.accounts.throttle import client_address
from idp.mgmt import ratelimit
from idp.mgmt.auth import Caller, authenticate_caller
from idp.mgmt.errors import ManagementError, bad_request

log = logging.getLogger(__name__)
View = Callable[..., HttpResponse]


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


def method_not_allowed() -> ManagementError:
    return ManagementError(405, "Method not allowed", "method_not_allowed")


def json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError as error:
        raise bad_request("Payload validation error: 'Invalid JSON'.") from error
    if not isinstance(body, dict):
        raise bad_request("Payload validation error: 'Expected type object'.")
    return body


def check_properties(body: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    """Drop nulls (SDKs send unset optionals as null), refuse properties we do not handle."""
    extra = sorted(set(body) - allowed)
    if extra:
        raise bad_request(
            f"Payload validation error: 'Additional properties not allowed: {extra[0]}'."
        )
    return {key: value for key, value in body.items() if value is not None}


def typed(body: dict[str, Any], name: str, kind: type, kind_name: str) -> Any:
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
