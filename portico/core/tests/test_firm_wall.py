"""The firm wall, generated over every route: Other Firm's partner (dave) calls every workspace
page and staff API route with Harbor & Vale's ids and gets 404, with nothing changed.

Routes are discovered from the URL configuration; a new route taking an id with no sample
below fails here until one is added, so nothing slips past the wall unseen.
"""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.db import connection

from portico.conftest import api_client_for, signed_in_client
from portico.tenancy.actions import create_api_key
from portico.testing.routes import all_routes

# Routes outside any firm's data, and why.
PUBLIC_PREFIXES = {
    "/accounts/": "sign-in and sign-out, before any firm is known",
    "/healthz": "liveness probe",
    "/_dev/": "demo-only tools, 404 outside demo mode",
    "/static/": "static files",
}
PUBLIC_ROUTES = {
    "/api/v1/openapi.json": "the API's schema",
    "/api/v1/docs": "the API's documentation page",
    "/api/v1/": "the API's root, only a name for reversing URLs (answers 404)",
}
METHODS = ("get", "post", "put", "patch", "delete")


def harbor_samples(harbor, alice, bob) -> dict[str, object]:
    """One Harbor & Vale object for every id parameter any route takes."""
    from portico.matters.tests.factories import harbor_matter_samples

    key, _raw = create_api_key(firm=harbor, name="Harbor integration", actor=alice)
    return {"key_id": key.id, "staff_id": bob.id, **harbor_matter_samples(harbor, alice)}


def firm_routes():
    """Every route of the workspace and the staff API. The portal's routes are walked by the
    client-wall test instead (portico/portal/tests/test_client_wall.py)."""
    return [
        r
        for r in all_routes()
        if r.template not in PUBLIC_ROUTES
        and not any(r.template.startswith(p) for p in PUBLIC_PREFIXES)
        and not r.is_portal
    ]


def database_fingerprint() -> str:
    """A digest of every row of every table we own: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for model in sorted(apps.get_models(), key=lambda m: m._meta.db_table):
            if model._meta.app_label in {"sessions", "django_tasks_db"}:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            digest.update(model._meta.db_table.encode())
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
    return digest.hexdigest()


def call(client, method: str, url: str):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data="{}", content_type="application/json")


def test_every_route_is_either_public_or_firm_scoped():
    # given the URL configuration
    routes = firm_routes()
    # then the walk found the workspace and the API (so the wall tests below are not vacuous)
    assert any(r.template.startswith("/workspace/") for r in routes)
    assert any(r.is_api for r in routes)


@pytest.mark.django_db
def test_other_firm_gets_404_for_every_harbor_object_and_nothing_changes(harbor, alice, bob, dave):
    # given Harbor & Vale's objects, and dave of Other Firm signed in (browser and API key)
    samples = harbor_samples(harbor, alice, bob)
    dave_browser = signed_in_client(dave)
    dave_api = api_client_for(dave.firm)
    alice_browser = signed_in_client(alice)
    alice_api = api_client_for(harbor)
    for client in (dave_api, alice_api):
        client.get("/api/v1/me")  # a key's first use is recorded; do it before we compare
    routes = [r for r in firm_routes() if r.params]
    assert routes, "no firm route takes an id"
    for route in routes:
        missing = set(route.params) - samples.keys()
        assert not missing, f"{route.template}: add a Harbor & Vale sample for {sorted(missing)}"
        url = route.build(samples)
        # the sample is real: Harbor's own partner can open it
        owner = alice_api if route.is_api else alice_browser
        assert owner.get(url).status_code in {200, 405}, f"{url} is not reachable by its own firm"
        for method in METHODS:
            before = database_fingerprint()
            # when dave calls it
            response = call(dave_api if route.is_api else dave_browser, method, url)
            # then it is not found (or the method does not exist), and nothing changed
            assert response.status_code in {404, 405}, (
                f"{method.upper()} {url} -> {response.status_code}"
            )
            assert database_fingerprint() == before, f"{method.upper()} {url} changed data"


@pytest.mark.django_db
def test_other_firm_lists_show_none_of_harbors_data(harbor, alice, bob, dave):
    # given Harbor & Vale's data
    samples = harbor_samples(harbor, alice, bob)
    markers = [harbor.name, alice.email, bob.email, str(bob.id), str(samples["key_id"])]
    dave_browser = signed_in_client(dave)
    dave_api = api_client_for(dave.firm)
    for route in [r for r in firm_routes() if not r.params]:
        # when dave reads each list or page
        response = (dave_api if route.is_api else dave_browser).get(route.template)
        # then it answers, and no Harbor & Vale data is in it
        assert response.status_code in {200, 302, 405}, (
            f"{route.template} -> {response.status_code}"
        )
        body = response.content.decode()
        for marker in markers:
            assert marker not in body, f"{route.template} shows {marker!r} to Other Firm"
