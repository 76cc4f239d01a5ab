"""When Django itself is asked for a live stream, the ASGI front is not in front of it (a WSGI
test server, `runserver`): answer at once, before sessions or the database, with 204 No
Content, which tells the page's EventSource to stop trying. Under the ASGI application
(config/asgi.py) these paths never reach Django."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

STREAM_PATHS = frozenset({"/workspace/events", "/portal/events"})


class NoStreamsHereMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in STREAM_PATHS:
            return HttpResponse(status=204)
        return self.get_response(request)
