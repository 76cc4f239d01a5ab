"""What every Portico API shares: one error shape and the same 404 for missing and not-yours.

The staff API and the portal API are both made here and assembled in `portico.config.api`
from each domain's routers.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from portico.api.errors import field_errors_from_ninja, payload_problem
from portico.core.errors import InvalidInput


class UnsupportedMediaType(Exception):
    pass


class NotAJsonObject(Exception):
    pass


class JsonObjectParser(Parser):
    """Bodies are JSON objects sent as `application/json`, nothing else: a form post or
    `text/plain` (what a cross-site page can send without asking) is a 415, and `[]`, `null`
    or `"x"` a 422, never read as an empty object."""

    def parse_body(self, request: HttpRequest):
        if request.content_type != "application/json":
            raise UnsupportedMediaType(request.content_type)
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise NotAJsonObject(type(data).__name__)
        return data


def build_api(
    *,
    title: str,
    description: str,
    namespace: str,
    auth,
    unauthenticated: str,
    challenge: str | None = None,
) -> NinjaAPI:
    """A NinjaAPI with Portico's error answers. `challenge` is the WWW-Authenticate header of
    a 401, for APIs called with a bearer credential."""
    api = NinjaAPI(
        title=title,
        version="1",
        description=description,
        urls_namespace=namespace,
        auth=auth,
        parser=JsonObjectParser(),
    )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        # Ninja turns any failure of the parser into a 400; say which it was.
        if isinstance(exc.__cause__, UnsupportedMediaType):
            return api.create_response(
                request,
                {"detail": "Send the body as JSON, with Content-Type: application/json."},
                status=415,
            )
        if isinstance(exc.__cause__, NotAJsonObject):
            return api.create_response(
                request,
                {
                    "detail": payload_problem(),
                    "errors": {"body": ['Send a JSON object, e.g. {"name": "..."}.']},
                },
                status=422,
            )
        if isinstance(exc.__cause__, ValueError):
            return api.create_response(
                request, {"detail": "The body is not valid JSON."}, status=400
            )
        return api.create_response(request, {"detail": exc.message}, status=exc.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        # The same answer for "missing" and "not yours".
        return api.create_response(request, {"detail": "Not found."}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated_(request: HttpRequest, exc: AuthenticationError):
        response = api.create_response(request, {"detail": unauthenticated}, status=401)
        if challenge:
            response["WWW-Authenticate"] = challenge
        return response

    @api.exception_handler(ValidationError)
    def malformed(request: HttpRequest, exc: ValidationError):
        errors = field_errors_from_ninja(exc.errors)
        return api.create_response(
            request, {"detail": payload_problem(), "errors": errors}, status=422
        )

    @api.exception_handler(InvalidInput)
    def invalid(request: HttpRequest, exc: InvalidInput):
        # Actions check everything before writing, so nothing was saved.
        return api.create_response(
            request, {"detail": payload_problem(), "errors": exc.errors}, status=422
        )

    return api
