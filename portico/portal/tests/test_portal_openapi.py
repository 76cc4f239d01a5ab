"""The portal API's OpenAPI document is valid and the API keeps to it under generated input,
sent in-process as carol with her portal session (cookie and CSRF token)."""

from __future__ import annotations

import json
from collections import Counter

import pytest
import schemathesis
from django.conf import settings as django_settings
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from portico.config.api import portal_api
from portico.testing.openapi import MODES, fuzz, wsgi_inside_the_test_transaction

pytestmark = pytest.mark.django_db

CONTRACT = {
    ("/portal/api/v1/me", "get"),
    ("/portal/api/v1/me", "patch"),
    ("/portal/api/v1/matters", "get"),
    ("/portal/api/v1/cases/{case_id}", "get"),
    ("/portal/api/v1/leads/{lead_id}", "get"),
}


def document() -> dict:
    return json.loads(json.dumps(portal_api.get_openapi_schema(path_prefix="/portal/api/v1/")))


def test_the_published_portal_document_validates_and_covers_the_contract(client):
    published = client.get("/portal/api/v1/openapi.json").json()
    assert published == document()
    validate(published)
    offered = {(path, method) for path, ops in published["paths"].items() for method in ops}
    assert offered >= CONTRACT


def test_the_portal_api_never_errors_and_keeps_to_its_schema(carol, dan, as_carol):
    schema = schemathesis.openapi.from_dict(document())
    app = wsgi_inside_the_test_transaction()
    as_carol.get("/portal/")  # sets the CSRF cookie
    cookie = as_carol.cookies[django_settings.SESSION_COOKIE_NAME].value
    csrf = as_carol.cookies[django_settings.CSRF_COOKIE_NAME].value
    cookies = {django_settings.SESSION_COOKIE_NAME: cookie, django_settings.CSRF_COOKIE_NAME: csrf}
    headers = {"X-CSRFToken": csrf, "Referer": "http://localhost/portal/"}
    ids = {"case_id": carol.case.id, "lead_id": carol.lead.id}
    answers = Counter()

    def send(case, *, real: bool):
        if real and case.path_parameters:
            case.path_parameters = {k: str(ids[k]) for k in case.path_parameters}
        case.cookies = {**(case.cookies or {}), **cookies}
        response = case.call(app=app, headers=headers)
        answers[response.status_code] += 1
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    for operation in [result.ok() for result in schema.get_all_operations()]:
        for mode in MODES:
            for real in (False, True):
                fuzz(operation, mode, lambda case, real=real: send(case, real=real))
    assert answers[200] and answers[404] and answers[422], answers
    assert GenerationMode.POSITIVE in MODES
