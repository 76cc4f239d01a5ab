"""The staff API at /api/v1: routers from each domain, one auth, one error shape."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from portico.api.auth import StaffBearer
from portico.api.errors import field_errors_from_ninja, payload_problem
from portico.core.errors import InvalidInput

api = NinjaAPI(
    title="Portico staff API",
    version="1",
    description=(
        "For a firm's own staff and integrations. Authenticate with a staff member's access "
        "token from the identity service or with a firm API key (`Authorization: Bearer ...`)."
    ),
    urls_namespace="api-v1",
    auth=StaffBearer(),
)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    # The same answer for "missing" and "not yours".
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError):
    response = api.create_response(
        request, {"detail": "A valid bearer token or API key is required."}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="portico"'
    return response


@api.exception_handler(ValidationError)
def malformed(request: HttpRequest, exc: ValidationError):
    errors = field_errors_from_ninja(exc.errors)
    return api.create_response(request, {"detail": payload_problem(), "errors": errors}, status=422)


@api.exception_handler(InvalidInput)
def invalid(request: HttpRequest, exc: InvalidInput):
    # Actions check everything before writing, so nothing was saved.
    return api.create_response(
        request, {"detail": payload_problem(), "errors": exc.errors}, status=422
    )


def _register_routers() -> None:
    from portico.clients.views.api import router as clients_router
    from portico.matters.views.api import router as matters_router
    from portico.portal.views.api import router as portal_access_router
    from portico.tenancy.views.api import router as tenancy_router

    api.add_router("/", tenancy_router)
    api.add_router("/", clients_router)
    api.add_router("/", matters_router)
    api.add_router("/", portal_access_router)


_register_routers()
