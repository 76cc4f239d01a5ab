"""What every Portico API shares: one error shape and the same 404 for missing and not-yours.

The staff API and the portal API are both made here and assembled in `portico.config.api`
from each domain's routers.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from portico.api.errors import field_errors_from_ninja, payload_problem
from portico.core.errors import InvalidInput


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
        title=title, version="1", description=description, urls_namespace=namespace, auth=auth
    )

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
