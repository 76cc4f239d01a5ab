"""Every workspace form refuses a POST without its CSRF token, generated over the URL
configuration like the walls: a page added later is covered without a line here."""

from __future__ import annotations

import pytest

from portico.testing.sessions import signed_in_client
from portico.testing.walls import database_fingerprint, firm_routes, harbor_samples


@pytest.mark.slow
@pytest.mark.django_db
def test_every_workspace_post_without_its_csrf_token_is_refused_and_changes_nothing(
    harbor, alice, bob
):
    samples = harbor_samples(harbor, alice, bob)
    browser = signed_in_client(alice)
    browser.handler.enforce_csrf_checks = True
    pages = [r for r in firm_routes() if not r.is_api]
    assert any(r.template.startswith("/workspace/staff/") for r in pages)
    for route in pages:
        url = route.build(samples)
        before = database_fingerprint()
        response = browser.post(url, {"name": "Forged", "role": "partner"})
        assert response.status_code == 403, f"POST {url} -> {response.status_code}"
        assert "Please try that again" in response.content.decode()
        assert database_fingerprint() == before, f"POST {url} changed data"
