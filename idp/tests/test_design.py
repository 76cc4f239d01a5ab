"""The identity service wears Portico's design system: the same stylesheet and script, served
by itself, and styled error pages."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_pages_load_the_design_system_from_this_service(client):
    html = client.get("/u/login").content.decode()
    assert '<link rel="stylesheet" href="/static/design/portico.css">' in html
    assert '<script src="/static/design/portico.js" defer></script>' in html
    css = client.get("/static/design/portico.css")
    assert css.status_code == 200
    assert b"--pt-accent" in b"".join(css.streaming_content)


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [("/u/no-such-page", 404, "We can't find that page")],
)
def test_error_pages_are_styled_and_say_what_to_do(client, path, status, heading):
    response = client.get(path)
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert "/static/design/portico.css" in html
    assert "Go back to your law firm's portal" in html


def test_a_bad_request_page_is_styled(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    response = Client(HTTP_HOST="evil.example").get("/u/login")
    assert response.status_code == 400
    assert "We couldn't understand that request" in response.content.decode()
