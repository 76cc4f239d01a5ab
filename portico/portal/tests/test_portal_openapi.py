"""The portal API's OpenAPI document is valid and the API keeps to it under generated input,
sent in-process as carol with her portal session (cookie and CSRF token)."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from openapi_spec_validator import validate

from portico.config.api import portal_api
from portico.testing.openapi import (
    fuzz_every_operation,
    published_document,
    wsgi_inside_the_test_transaction,
)
from portico.testing.walls import portal_samples

pytestmark = pytest.mark.django_db

CONTRACT = {
    ("/portal/api/v1/me", "get"),
    ("/portal/api/v1/me", "patch"),
    ("/portal/api/v1/matters", "get"),
    ("/portal/api/v1/cases/{case_id}", "get"),
    ("/portal/api/v1/leads/{lead_id}", "get"),
    ("/portal/api/v1/cases/{case_id}/invoices", "get"),
    ("/portal/api/v1/cases/{case_id}/financial-history", "get"),
    ("/portal/api/v1/payments/{payment_id}/receipt", "get"),
}


def document() -> dict:
    return published_document(portal_api, "/portal/api/v1/")


def test_the_published_portal_document_validates_and_covers_the_contract(client):
    published = client.get("/portal/api/v1/openapi.json").json()
    assert published == document()
    validate(published)
    offered = {(path, method) for path, ops in published["paths"].items() for method in ops}
    assert offered >= CONTRACT


@pytest.mark.slow
def test_the_portal_api_never_errors_and_keeps_to_its_schema(carol, dan, as_carol):
    app = wsgi_inside_the_test_transaction()
    as_carol.get("/portal/")  # sets the CSRF cookie
    cookie = as_carol.cookies[django_settings.SESSION_COOKIE_NAME].value
    csrf = as_carol.cookies[django_settings.CSRF_COOKIE_NAME].value
    cookies = {django_settings.SESSION_COOKIE_NAME: cookie, django_settings.CSRF_COOKIE_NAME: csrf}
    headers = {"X-CSRFToken": csrf, "Referer": "http://localhost/portal/"}

    def send(case):
        case.cookies = {**(case.cookies or {}), **cookies}
        return case.call(app=app, headers=headers)

    run = fuzz_every_operation(document(), send, real_ids=portal_samples(carol))
    answers = run.answers
    assert answers[200] and answers[404] and answers[422], answers
    assert "positive" in run.modes
