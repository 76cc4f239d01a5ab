"""One matter surface in the APIs: each sub-route is written once and mounted for both kinds.

A `MatterRoute`'s handler takes the request, the lead or case the caller may see, and the
payload. `mount_matter_routes` adds it to a router under `/leads/{lead_id}...` and
`/cases/{case_id}...`, finding the matter with the API's own lookup (the firm's, for the staff
API; the signed-in client's, for the portal API), so a matter the caller may not see is the
same 404 everywhere, on every sub-route, for both kinds.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from ninja import Router

from portico.matters.kinds import MatterFace, MatterKind

type MatterLookup = Callable[[HttpRequest, MatterKind, uuid.UUID], MatterFace]


@dataclass(frozen=True)
class MatterRoute:
    """`path` follows the matter's own (`""` is the matter itself); `{kind}` in `summary`
    becomes "lead" or "case"; `response` may depend on the kind."""

    method: str
    path: str
    name: str
    summary: str
    handler: Callable[..., Any]
    response: dict | Callable[[MatterKind], dict] = field(default_factory=dict)
    payload: type | None = None
    kinds: tuple[MatterKind, ...] = (MatterKind.LEAD, MatterKind.CASE)
    # Query parameters (name -> annotation, default) and extra OpenAPI (a binary request body).
    query: dict[str, tuple[type, Any]] = field(default_factory=dict)
    openapi_extra: dict | None = None


def matter_path(kind: MatterKind, path: str = "") -> str:
    return f"/{kind.value}s/{{uuid:{kind.value}_id}}{path}"


def mount_matter_routes(
    router: Router, routes: Iterable[MatterRoute], *, lookup: MatterLookup
) -> list[tuple[str, str]]:
    """Add every route for each of its kinds; return the (method, path) pairs mounted."""
    mounted = []
    for route in routes:
        for kind in route.kinds:
            response = route.response(kind) if callable(route.response) else route.response
            router.api_operation(
                [route.method],
                matter_path(kind, route.path),
                response=response,
                summary=route.summary.format(kind=kind.value),
                openapi_extra=route.openapi_extra,
            )(_endpoint(route, kind, lookup))
            mounted.append((route.method, matter_path(kind, route.path)))
    router.matter_routes = [*getattr(router, "matter_routes", []), *mounted]
    return mounted


def _endpoint(route: MatterRoute, kind: MatterKind, lookup: MatterLookup):
    param = f"{kind.value}_id"

    def endpoint(request: HttpRequest, **values):
        matter = lookup(request, kind, values.pop(param))
        return route.handler(request, matter, **values)

    # Ninja reads the parameters from the signature: the kind's own id in the path, then the
    # payload, so the document names `lead_id` and `case_id` as the paths always have.
    parameters = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter(param, inspect.Parameter.KEYWORD_ONLY, annotation=uuid.UUID),
    ]
    for name, (annotation, default) in route.query.items():
        parameters.append(
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
            )
        )
    if route.payload is not None:
        parameters.append(
            inspect.Parameter("payload", inspect.Parameter.KEYWORD_ONLY, annotation=route.payload)
        )
    endpoint.__signature__ = inspect.Signature(parameters)
    endpoint.__name__ = f"{route.name}_{kind.value}"
    endpoint.__module__ = route.handler.__module__
    return endpoint
