"""The portal under row-level security, as the role the app connects as in production: a
client's sign-in finds their account before any firm is set, then sees their firm only."""

from __future__ import annotations

import pytest
from django.db import connection

from portico.testing.sessions import open_account, portal_client_for

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row-level security exists on PostgreSQL only"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def carols_browser(carol, dan, erin):
    return portal_client_for(open_account(carol.contact))


def test_carols_portal_works_through_rls_as_the_app_role(
    carols_browser, carol, dan, erin, django_as_app_role
):
    home = carols_browser.get("/portal/")
    assert home.status_code == 200
    body = home.content.decode()
    assert carol.case.name in body and carol.lead.title in body
    assert dan.case.name not in body and erin.case.name not in body
    assert carols_browser.get(f"/portal/cases/{carol.case.id}/").status_code == 200
    assert carols_browser.get(f"/portal/cases/{erin.case.id}/").status_code == 404
    assert carols_browser.get("/portal/api/v1/me").json()["display_name"] == "Carol Marsh"
