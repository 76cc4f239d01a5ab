"""Hardening checked against the identity service as it runs (uvicorn started the way the
Procfile starts it): forged X-Forwarded-For, and back-channel logout from its background
thread to a receiver on another port."""

from __future__ import annotations

import re
import time
from urllib.parse import urlencode

import httpx
import pytest

from idp.tests.live import create_person, mgmt, sign_in_page, unique_client_id

pytestmark = [pytest.mark.identity, pytest.mark.slow]


def login_attempt(service, email: str, password: str, forwarded_for: str) -> httpx.Response:
    with httpx.Client(base_url=service.issuer) as browser:
        page = browser.get("/u/login")
        csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
        return browser.post(
            "/u/login",
            data={
                "csrfmiddlewaretoken": csrf.group(1).decode(),
                "email": email,
                "password": password,
            },
            headers={"X-Forwarded-For": forwarded_for, "Referer": f"{service.issuer}u/login"},
        )


def test_a_new_forged_x_forwarded_for_per_guess_does_not_dodge_the_lockout(identity_service):
    person = create_person(identity_service, "Bob Associate")
    for guess in range(7):
        login_attempt(identity_service, person.email, f"wrong-{guess}", f"198.51.100.{guess + 1}")

    response = login_attempt(identity_service, person.email, person.password, "203.0.113.50")

    assert response.status_code == 429
    assert "Too many attempts to sign in with this email address." in response.text


def test_forgot_password_limits_ignore_a_forged_address(identity_service):
    person = create_person(identity_service, "Dave Partner")
    answers = [
        httpx.post(
            f"{identity_service.issuer}dbconnections/change_password",
            json={"email": person.email, "connection": "Username-Password-Authentication"},
            headers={"X-Forwarded-For": f"198.51.100.{attempt}"},
        ).status_code
        for attempt in range(1, 7)
    ]

    assert answers[-1] == 429


def test_blocking_a_person_reaches_the_app_from_the_background_thread(identity_service, receiver):
    client_id = unique_client_id("web")
    callback = "http://127.0.0.1:8765/callback"
    identity_service.manage(
        "register_client", "--client-id", client_id, "--client-secret", "web-secret-0123456789",
        "--name", "Web", "--redirect-uri", callback, "--backchannel-logout-uri", receiver.url,
    )  # fmt: skip
    person = create_person(identity_service, "Erin Client")
    query = urlencode(
        {"response_type": "code", "client_id": client_id, "redirect_uri": callback,
         "scope": "openid", "state": "s"}
    )  # fmt: skip
    with httpx.Client(base_url=identity_service.issuer) as browser:
        assert sign_in_page(browser, f"/authorize?{query}", person).status_code == 302

    with mgmt(identity_service) as api:
        answer = api.patch(f"users/{person.user_id}", json={"blocked": True})
    deadline = time.monotonic() + 10
    while not receiver.received and time.monotonic() < deadline:
        time.sleep(0.05)

    assert answer.status_code == 200
    assert len(receiver.logout_tokens()) == 1
