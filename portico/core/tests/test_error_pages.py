"""400, 403, 404 and 500 are pages of the product, in its design, saying what happened and
what to do; never a bare "Bad Request (400)"."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db
STYLESHEET = "/static/design/portico.css"


def test_not_found_is_a_page_of_the_workspace(as_alice):
    response = as_alice.get("/workspace/clients/00000000-0000-0000-0000-000000000000/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>We can't find that page</h1>" in html
    assert STYLESHEET in html and 'aria-label="Workspace"' in html


def test_forbidden_says_why(as_bob):
    response = as_bob.get("/workspace/settings/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>You can't open this page</h1>" in html
    assert "Only a partner can do this." in html and STYLESHEET in html


def test_a_refused_csrf_check_asks_to_try_again(alice):
    from portico.testing.sessions import signed_in_client

    browser = signed_in_client(alice)
    browser.handler.enforce_csrf_checks = True
    response = browser.post("/workspace/settings/", {"accent_colour": "#123456"})
    assert response.status_code == 403
    assert "Please try that again" in response.content.decode()


def test_a_bad_request_is_explained(settings):
    response = Client(HTTP_HOST="not-ours.example").get("/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "We couldn't understand that request" in html and STYLESHEET in html


def test_a_server_error_says_nothing_was_saved():
    response = server_error(RequestFactory().get("/workspace/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "nothing was saved from the last step" in html and STYLESHEET in html
