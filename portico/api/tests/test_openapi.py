"""The staff API's OpenAPI document is valid, and the API keeps its word under generated input.

Schemathesis generates requests from the document and sends them in-process (WSGI) with a
Harbor & Vale API key: no answer may be a server error or break the documented schema.
"""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from portico.config.api import staff_api
from portico.tenancy.actions import create_api_key
from portico.testing.openapi import (
    fuzz_every_operation,
    published_document,
    wsgi_inside_the_test_transaction,
)
from portico.testing.walls import harbor_samples

pytestmark = pytest.mark.django_db(transaction=False)

CONTRACT = {
    ("/api/v1/contacts", "get"),
    ("/api/v1/contacts", "post"),
    ("/api/v1/contacts/{contact_id}", "get"),
    ("/api/v1/contacts/{contact_id}", "patch"),
    ("/api/v1/leads", "get"),
    ("/api/v1/leads", "post"),
    ("/api/v1/leads/{lead_id}", "get"),
    ("/api/v1/leads/{lead_id}/convert", "post"),
    ("/api/v1/leads/{lead_id}/comments", "post"),
    ("/api/v1/leads/{lead_id}/status-updates", "post"),
    ("/api/v1/cases", "get"),
    ("/api/v1/cases", "post"),
    ("/api/v1/cases/{case_id}", "get"),
    ("/api/v1/cases/{case_id}/clients", "post"),
    ("/api/v1/cases/{case_id}/comments", "post"),
    ("/api/v1/cases/{case_id}/status-updates", "post"),
    ("/api/v1/cases/{case_id}/invoices", "get"),
    ("/api/v1/cases/{case_id}/invoices", "post"),
    ("/api/v1/invoices/{invoice_id}/issue", "post"),
    ("/api/v1/cases/{case_id}/ledger", "get"),
    ("/api/v1/cases/{case_id}/trust/deposits", "post"),
    ("/api/v1/invoices/{invoice_id}/apply-trust", "post"),
}


def openapi_document() -> dict:
    """The document as published at /api/v1/openapi.json."""
    return published_document(staff_api, "/api/v1/")


def test_the_published_document_is_the_one_tested(client):
    assert client.get("/api/v1/openapi.json").json() == openapi_document()


@pytest.mark.slow
def test_the_openapi_document_validates():
    validate(openapi_document())


def test_the_document_lists_every_route_of_the_contract():
    paths = openapi_document()["paths"]
    offered = {(path, method) for path, ops in paths.items() for method in ops}
    assert offered >= CONTRACT


def test_every_write_documents_its_422():
    for path, ops in openapi_document()["paths"].items():
        for method, op in ops.items():
            if method in {"post", "patch"} and "reveal" not in path:
                assert "422" in op["responses"], f"{method.upper()} {path}"


@pytest.fixture
def harbor_world(harbor, alice, bob, identity_settings):
    """Real Harbor & Vale rows, so generated requests reach more than the 404 path (and a
    running identity service, for granting portal access): one of each record any route
    takes an id of, as the firm wall uses them."""
    _key, raw = create_api_key(firm=harbor, name="Schemathesis", actor=alice)
    return {"token": raw, "ids": harbor_samples(harbor, alice, bob)}


@pytest.mark.identity
def test_the_staff_api_never_errors_and_keeps_to_its_schema(harbor_world):
    # given the published document, and Harbor & Vale's own ids for half the requests
    app = wsgi_inside_the_test_transaction()
    headers = {"Authorization": f"Bearer {harbor_world['token']}"}
    # when generated requests, well-formed and not, are sent to each operation
    # then no answer is a server error, and every answer is the one documented
    run = fuzz_every_operation(
        openapi_document(),
        lambda case: case.call(app=app, headers=headers),
        real_ids=harbor_world["ids"],
    )
    assert run.operations >= len(CONTRACT)
    # and the run reached the handlers: reads, writes and refusals all happened
    answers = run.answers
    assert answers[200] and answers[201] and answers[404] and answers[422], answers
