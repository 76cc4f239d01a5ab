"""Every Management API call the portal needs, through the adapter production uses, against
the running identity service."""

from __future__ import annotations

import httpx
import pytest

from portico.identity.admin import IdentityError, UserExists, UserNotFound
from portico.testing.http_browser import HttpBrowser
from portico.testing.identity import unique_email

pytestmark = pytest.mark.identity

NEW_PASSWORD = "a-Fresh-start-2026"


def _sign_in_at_idp(identity_service, email: str, password: str) -> httpx.Response:
    """Sign in on the identity service's own login page (no app involved)."""
    browser = HttpBrowser()
    page = browser.get(f"{identity_service.issuer}u/login")
    return browser.submit(page, {"email": email, "password": password})


def test_invite_set_password_sign_in_block_and_delete(identity_admin, identity_service):
    email = unique_email("carol")
    # when the portal creates an invited user with a password nobody knows
    user = identity_admin.create_user(
        email=email, email_verified=False, app_metadata={"firm_id": "f1", "contact_id": "c1"}
    )
    # then the identity service knows them, unverified, with our metadata
    assert user["user_id"].startswith("auth0|")
    assert user["email"] == email and user["email_verified"] is False
    assert identity_admin.get_user(user["user_id"])["app_metadata"] == {
        "firm_id": "f1",
        "contact_id": "c1",
    }
    assert [u["user_id"] for u in identity_admin.users_by_email(email.upper())] == [user["user_id"]]

    # when a password-change ticket is issued and followed
    ticket = identity_admin.create_password_change_ticket(user_id=user["user_id"], ttl_sec=3600)
    assert ticket.startswith(identity_service.issuer)
    browser = HttpBrowser()
    form = browser.get(ticket)
    assert form.status_code == 200
    weak = browser.submit(
        form, {"new_password1": "short", "new_password2": "short"} | _password_fields(form, "short")
    )
    assert weak.status_code in {200, 400} and "too short" in weak.text.lower()
    done = browser.submit(form, _password_fields(form, NEW_PASSWORD))
    assert done.status_code == 200
    # then the email is verified and the password works at the login page
    assert identity_admin.get_user(user["user_id"])["email_verified"] is True
    assert "/u/login" not in str(_sign_in_at_idp(identity_service, email, NEW_PASSWORD).url)
    # and the ticket cannot be used twice
    assert browser.get(ticket).status_code in {400, 404, 410}

    # when the user is blocked, they can no longer sign in
    assert identity_admin.block_user(user["user_id"])["blocked"] is True
    refused = _sign_in_at_idp(identity_service, email, NEW_PASSWORD)
    assert "/u/login" in str(refused.url) or refused.status_code >= 400

    # when they are deleted, they are gone, and deleting again is harmless
    identity_admin.delete_user(user["user_id"])
    identity_admin.delete_user(user["user_id"])
    with pytest.raises(UserNotFound) as missing:
        identity_admin.get_user(user["user_id"])
    assert (missing.value.status, missing.value.error_code) == (404, "inexistent_user")
    assert missing.value.message == "The user does not exist."
    assert identity_admin.users_by_email(email) == []


def test_duplicate_email_is_a_409_with_auth0s_body(identity_admin):
    email = unique_email("dan")
    identity_admin.create_user(email=email)
    with pytest.raises(UserExists) as duplicate:
        identity_admin.create_user(email=email)
    assert duplicate.value.status == 409
    assert duplicate.value.error == "Conflict"
    assert duplicate.value.message == "The user already exists."
    assert duplicate.value.error_code == "auth0_idp_error"
    assert len(identity_admin.users_by_email(email)) == 1


def test_a_wrong_management_secret_is_refused(identity_service):
    from portico.identity.admin import IdentityAdmin

    admin = IdentityAdmin(
        issuer=identity_service.issuer,
        client_id=identity_service.mgmt_client_id,
        client_secret="wrong",
    )
    with pytest.raises(IdentityError) as refused:
        admin.users_by_email("anyone@example.com")
    assert refused.value.status == 401


def _password_fields(page: httpx.Response, password: str) -> dict[str, str]:
    """Fill every password input of the set-password form with `password`."""
    import re

    names = re.findall(r'<input[^>]*type="password"[^>]*name="([^"]+)"', page.text)
    names += re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="password"', page.text)
    assert names, "no password field on the ticket page"
    return {name: password for name in set(names)}
