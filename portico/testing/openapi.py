"""Generated requests against an OpenAPI document, sent in-process inside the test's transaction.

Schemathesis and Hypothesis are imported only when a fuzz test runs: collecting the suite for
`make check` (which leaves those slow tests out) does not pay for them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

# Small on purpose: every operation x 2 modes x 2 kinds of id, and the suite stays fast.
EXAMPLES = 6
MODES = ("positive", "negative")


def published_document(api, prefix: str) -> dict:
    """The API's OpenAPI document as published at `<prefix>openapi.json`: built once per run
    (the routes do not change while tests run), a fresh copy for each caller."""
    return json.loads(_document_text(api, prefix))


@cache
def _document_text(api, prefix: str) -> str:
    return json.dumps(api.get_openapi_schema(path_prefix=prefix))


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


@dataclass
class FuzzRun:
    operations: int = 0
    modes: tuple[str, ...] = MODES
    answers: Counter = field(default_factory=Counter)


def fuzz_every_operation(document: dict, send: Callable, *, real_ids: dict[str, object]) -> FuzzRun:
    """Send generated requests, well-formed and not, to every operation of `document`, half of
    them with `real_ids` in the path; `send(case)` calls the app (adding credentials).

    Every answer must be no server error and match the document."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    run = FuzzRun()
    operations = [
        result.ok() for result in schemathesis.openapi.from_dict(document).get_all_operations()
    ]
    run.operations = len(operations)

    def check(case, real: bool) -> None:
        if real and case.path_parameters:
            case.path_parameters = {k: str(real_ids[k]) for k in case.path_parameters}
        response = send(case)
        run.answers[response.status_code] += 1
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    for operation in operations:
        for mode in MODES:
            for real in (False, True):
                given(case=operation.as_strategy(generation_mode=GenerationMode(mode)))(
                    settings(
                        max_examples=EXAMPLES,
                        deadline=None,
                        derandomize=True,
                        database=None,
                        suppress_health_check=list(HealthCheck),
                    )(_bound(check, real))
                )()
    return run


def _bound(check: Callable, real: bool) -> Callable:
    # Hypothesis refuses a test function with defaults, so `real` is closed over instead.
    def one(case) -> None:
        check(case, real)

    return one
