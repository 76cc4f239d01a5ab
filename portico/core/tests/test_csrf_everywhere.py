"""CSRF, generated over every route: signed in (alice in the workspace, carol in the portal),
every unsafe method of every URL, sent without a CSRF token, with a wrong one, or with the
right one from a foreign Origin, is refused and changes nothing. Routes come from the URL
configuration: a new route that skips the check fails here unless it is listed in
`CSRF_EXEMPT` (portico/testing/walls.py) with its reason.

The APIs take JSON objects only: another Content-Type is a 415, a body that is not an object
a 422."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.middleware.csrf import get_token
from django.test import RequestFactory

from portico.clients.models import Contact
from portico.testing.routes import all_routes
from portico.testing.sessions import (
    api_client_for,
    open_account,
    portal_client_for,
    signed_in_client,
)
from portico.testing.walls import (
    BEARER_ONLY_PREFIXES,
    CSRF_EXEMPT,
    UNSAFE_METHODS,
    database_fingerprint,
    harbor_samples,
)

FOREIGN_ORIGINS = ("https://evil.example", "http://testserver:8443")


def a_csrf_token() -> str:
    return get_token(RequestFactory().get("/"))


def with_csrf(client, cookie: str | None):
    client.handler.enforce_csrf_checks = True
    client.cookies.pop(settings.CSRF_COOKIE_NAME, None)
    if cookie:
        client.cookies[settings.CSRF_COOKIE_NAME] = cookie
    return client


def attempts():
    """(what, cookie, header token, Origin) for each way a forged request comes."""
    token = a_csrf_token()
    yield "no token", None, None, None
    yield "a wrong token", token, a_csrf_token(), None
    for origin in FOREIGN_ORIGINS:
        yield f"Origin {origin}", token, token, origin


def call(client, method: str, url: str, token: str | None, origin: str | None):
    headers = {}
    if token:
        headers["X-CSRFToken"] = token
    if origin:
        headers["Origin"] = origin
    return client.generic(
        method.upper(), url, data=b'{"body": "x"}', content_type="application/json", headers=headers
    )


def test_every_exemption_names_a_route_that_exists():
    templates = {r.template for r in all_routes()}
    for template in CSRF_EXEMPT:
        assert template in templates, f"{template} is exempt from CSRF but is no route"


@pytest.mark.slow
@pytest.mark.django_db
def test_every_unsafe_method_of_every_route_refuses_a_forged_request(harbor, alice, bob):
    samples = {**harbor_samples(harbor, alice, bob), "firm_id": harbor.id, "key": "none"}
    carol = Contact.objects.get(pk=samples["contact_id"])
    account = open_account(carol)
    as_alice, as_carol = signed_in_client(alice), portal_client_for(account)
    routes = {r.template: r for r in all_routes()}.values()
    checked = 0
    for route in routes:
        if route.template in CSRF_EXEMPT:
            continue
        url = route.build(samples)
        bearer_only = route.template.startswith(tuple(BEARER_ONLY_PREFIXES))
        refused = {401, 403, 405} if bearer_only else {403, 405}
        for what, cookie, token, origin in attempts():
            client = with_csrf(as_carol if route.is_portal else as_alice, cookie)
            before = database_fingerprint()
            for method in UNSAFE_METHODS:
                response = call(client, method, url, token, origin)
                assert response.status_code in refused, (
                    f"{method.upper()} {url} with {what} -> {response.status_code}"
                )
                assert database_fingerprint() == before, f"{method.upper()} {url} changed data"
                checked += response.status_code != 405
    # the walk is not vacuous: the workspace's forms and both APIs' writes were refused
    assert checked > 100


@pytest.mark.django_db
def test_the_right_token_from_our_own_page_is_accepted(harbor, alice):
    # (so the refusals above are the CSRF check, not a broken route)
    carol = Contact.objects.create(firm=harbor, kind="person", first_name="Carol", last_name="M")
    token = a_csrf_token()
    as_carol = with_csrf(portal_client_for(open_account_for(carol)), token)
    response = as_carol.patch(
        "/portal/api/v1/me",
        data={"preferred_name": "Caz"},
        content_type="application/json",
        headers={"X-CSRFToken": token, "Origin": "http://testserver"},
    )
    assert response.status_code == 200, response.content
    as_alice = with_csrf(signed_in_client(alice), token)
    response = as_alice.post(
        f"/workspace/clients/{carol.id}/edit/", {"csrfmiddlewaretoken": token}, follow=False
    )
    assert response.status_code != 403


def open_account_for(contact):
    contact.emails.create(firm_id=contact.firm_id, address="carol@marsh.example", is_primary=True)
    return open_account(contact)


@pytest.mark.django_db
def test_a_session_cookie_does_not_open_the_staff_api(as_alice):
    assert as_alice.get("/api/v1/me").status_code == 401


NOT_OBJECTS = [b"[]", b"null", b'"x"', b"42"]


@pytest.mark.django_db
@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_a_json_body_that_is_not_an_object_is_a_422(body, harbor, alice):
    carol = Contact.objects.create(firm=harbor, kind="person", first_name="Carol", last_name="M")
    as_carol = portal_client_for(open_account_for(carol))
    harbor_api = api_client_for(harbor)
    harbor_api.get("/api/v1/me")  # a key's first use is recorded; do it before we compare
    before = database_fingerprint()
    response = as_carol.patch("/portal/api/v1/me", data=body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["body"]
    response = harbor_api.post("/api/v1/contacts", data=body, content_type="application/json")
    assert response.status_code == 422
    assert database_fingerprint() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
def test_a_body_that_is_not_sent_as_json_is_a_415(content_type, harbor, alice):
    carol = Contact.objects.create(firm=harbor, kind="person", first_name="Carol", last_name="M")
    as_carol = portal_client_for(open_account_for(carol))
    harbor_api = api_client_for(harbor)
    harbor_api.get("/api/v1/me")  # a key's first use is recorded; do it before we compare
    before = database_fingerprint()
    body = b'{"preferred_name": "Caz"}'
    response = as_carol.patch("/portal/api/v1/me", data=body, content_type=content_type)
    assert response.status_code == 415
    response = harbor_api.post(
        "/api/v1/contacts",
        data=b'{"kind": "person", "first_name": "A", "last_name": "B"}',
        content_type=content_type,
    )
    assert response.status_code == 415
    assert database_fingerprint() == before
