"""Generated requests against an OpenAPI document, sent in-process inside the test's transaction."""

from __future__ import annotations

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

# Small on purpose: every operation x 2 modes x 2 kinds of id, and the suite stays fast.
EXAMPLES = 6

MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


def wsgi_inside_the_test_transaction():
    """Django's WSGI app, minus closing "old" connections at the start and end of each request
    (as Django's own test client does): the test's connection holds its transaction."""
    handler = get_wsgi_application()

    def app(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = handler(environ, start_response)
            body = b"".join(result)
            result.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return app


def fuzz(operation, mode: GenerationMode, send) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        send(case)

    run()
