"""Blocking a person at the identity service reaches Portico at once (OpenID Connect
Back-Channel Logout), in Chromium against the real identity service: bob's open workspace
page is refused at his next click, and his staff access token at its next call."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from playwright.sync_api import expect

from portico.tenancy.models import SignInCutoff, StaffMember
from portico.testing.factories import StaffMemberFactory
from portico.testing.identity import staff_access_token, unique_email

pytestmark = [pytest.mark.browser, pytest.mark.identity]

PASSWORD = "Copper-Meadow-Kite-3x"


def wait_for_logout_token(sub: str) -> None:
    """The identity service sends the logout token after its change commits, from a background
    thread; wait for it to arrive (this waits on an event, it asserts no timing)."""
    deadline = time.monotonic() + 30
    while not SignInCutoff.objects.filter(sub=sub).exists():
        assert time.monotonic() < deadline, "no logout token arrived from the identity service"
        time.sleep(0.1)


def test_bob_blocked_at_the_identity_service_is_signed_out_here_at_once(
    web_with_identity, identity_service, identity_admin, new_context, harbor
):
    base = web_with_identity
    email = unique_email("bob")
    user = identity_admin.create_user(
        email=email, password=PASSWORD, email_verified=True, name="Bob Vale"
    )
    bob = StaffMemberFactory(
        firm=harbor,
        sub=user["user_id"],
        email=email,
        name="Bob Vale",
        role=StaffMember.Role.ASSOCIATE,
    )
    # given bob, signed in, his workspace open, and a tool of his holding his access token
    page = new_context().new_page()
    page.goto(f"{base}/accounts/sign-in/")
    expect(page).to_have_url(re.compile(r"/u/login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/workspace/")
    token = staff_access_token(identity_service, base, email, PASSWORD)["access_token"]
    api = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{base}/api/v1/me", headers=api).status_code == 200

    # when an administrator blocks him at the identity service (its Management API)
    identity_admin.block_user(bob.sub)
    wait_for_logout_token(bob.sub)

    # then his next click is refused: he is sent to sign in, which he no longer can
    page.get_by_role("link", name="Clients").first.click()
    expect(page).to_have_url(re.compile(r"/u/login"))
    # and his access token, still within its lifetime, is refused at once
    assert httpx.get(f"{base}/api/v1/me", headers=api).status_code == 401
