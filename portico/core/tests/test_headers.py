"""Security headers: every page of the practice app carries the Content-Security-Policy (and
the API docs pages load swagger-ui from our own static files, no CDN); served over HTTPS, HSTS
and `__Host-` cookie names."""

from __future__ import annotations

import importlib
import json
import re

import pytest
from django.test import Client

from portico.testing.pages import ANYONE, CLIENT, STAFF, practice_pages
from portico.testing.sessions import portal_client_for, signed_in_client

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_every_page_has_the_content_security_policy(world, settings):
    settings.PORTICO_DEMO = True  # the demo-only pages too
    clients = {
        STAFF: signed_in_client(world.alice),
        CLIENT: portal_client_for(world.carol_account),
        ANYONE: Client(),
    }
    pages = practice_pages(world.samples)
    for extra in ("/api/v1/docs", "/portal/api/v1/docs", "/no-such-page/"):
        pages.append(type(pages[0])(extra, extra, ANYONE))
    assert len(pages) > 20
    for page in pages:
        response = clients[page.who].get(page.path)
        assert response.status_code in {200, 404}, f"{page.path} -> {response.status_code}"
        policy = response.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy, f"{page.path} has no CSP"
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_the_api_docs_load_swagger_ui_from_our_own_static_files(client):
    for docs in ("/api/v1/docs", "/portal/api/v1/docs"):
        html = client.get(docs).content.decode()
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert any("swagger-ui-bundle.js" in s for s in sources), html[:500]
        assert all(s.startswith("/") and not s.startswith("//") for s in sources), sources
        assert "cdn" not in html.lower()


def test_over_https_hsts_and_host_prefixed_cookies(monkeypatch):
    monkeypatch.setenv("PORTICO_BASE_URL", "https://portico.example")
    from portico.config import env
    from portico.config import settings as portico_settings

    try:
        importlib.reload(env)
        importlib.reload(portico_settings)
        assert portico_settings.SECURE_HSTS_SECONDS >= 60 * 60 * 24 * 365
        assert portico_settings.SESSION_COOKIE_NAME == "__Host-portico_session"
        assert portico_settings.CSRF_COOKIE_NAME == "__Host-portico_csrftoken"
        assert portico_settings.SESSION_COOKIE_SECURE and portico_settings.CSRF_COOKIE_SECURE
    finally:
        monkeypatch.delenv("PORTICO_BASE_URL")
        importlib.reload(env)
        importlib.reload(portico_settings)


def test_a_secure_request_gets_hsts(settings, client):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/")


@pytest.mark.parametrize("document", ["/api/v1/openapi.json", "/portal/api/v1/openapi.json"])
def test_each_api_document_has_no_key_twice(document, client):
    # swagger-ui reads the document with a YAML parser, which refuses a repeated key: the docs
    # page would then show nothing at all
    repeated = []

    def pairs_to_dict(pairs):
        keys = [key for key, _ in pairs]
        repeated.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(pairs)

    json.loads(client.get(document).content, object_pairs_hook=pairs_to_dict)
    assert repeated == []
