"""The ASGI front: a few raw-ASGI routes served ahead of Django, everything else to Django.

Django gives every request a thread for the whole response (pages run in a pool of threads,
config/asgi.py), and its ASGI handler spools a request's whole body before any view runs (see
docs/architecture.md, "Live updates" and "Serving and `make bench`"). Routes
that hold a connection open (the live streams) or must read a body as it arrives (the
document uploads) are served here instead, by plain ASGI apps that resolve who is asking from
the session cookie with the middleware's own resolver (`portico.accounts.principal`).

A route is (method, Django path pattern, app); the app is called with the matched path
parameters in `scope["path_params"]`. The wall tests walk `front_routes()`
(`portico.testing.walls.front_streams`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls.resolvers import RoutePattern

type ASGIApp = Any


@dataclass(frozen=True)
class FrontRoute:
    method: str
    pattern: str  # like Django's path(): "portal/events", "portal/cases/<uuid:case_id>/files"
    app: ASGIApp
    name: str

    @property
    def template(self) -> str:
        return "/" + self.pattern

    def match(self, path: str) -> dict | None:
        found = RoutePattern(self.pattern, is_endpoint=True).match(path.lstrip("/"))
        return None if found is None else found[2]


def front_routes() -> list[FrontRoute]:
    from portico.config.uploads import upload_front_routes
    from portico.live.streams import stream_app

    return [
        FrontRoute("GET", "portal/events", stream_app("portal"), "portal_events"),
        FrontRoute("GET", "workspace/events", stream_app("workspace"), "workspace_events"),
        # Uploads stream to storage, checked before a byte of the body is read
        # (portico/documents/uploads.py).
        *upload_front_routes(FrontRoute),
    ]


class Front:
    """Serve `routes` and hand every other request (and every other scope type) to `inner`."""

    def __init__(self, inner: ASGIApp, routes: list[FrontRoute]) -> None:
        self.inner = inner
        self.routes = routes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            for route in self.routes:
                params = route.match(scope["path"])
                if params is None:
                    continue
                if scope["method"] != route.method:
                    await _method_not_allowed(send, route.method)
                    return
                scope = {**scope, "path_params": params}
                await route.app(scope, receive, send)
                return
        await self.inner(scope, receive, send)


async def _method_not_allowed(send, allowed: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 405,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"allow", allowed.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": f"Only {allowed} is allowed here.".encode()})
