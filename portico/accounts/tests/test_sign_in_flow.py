"""Staff sign-in end to end, over real HTTP: the practice app on a live server, the identity
service as its own process, and real tokens. Only the last group alters a real token on its
way back, to show each forged or stale one is refused."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from authlib.integrations.django_client.apps import DjangoOAuth2App
from joserfc import jwt
from joserfc.jwk import RSAKey

from portico.tenancy.models import StaffMember
from portico.testing.factories import FirmFactory, StaffMemberFactory
from portico.testing.http_browser import HttpBrowser, sign_in
from portico.testing.identity import staff_access_token, unique_email

pytestmark = pytest.mark.identity

PASSWORD = "correct-Horse-battery-9"


@pytest.fixture
def staff(identity_admin):
    """alice at Harbor & Vale and dave at Other Firm, each with a real identity."""

    def make(firm_name: str, slug: str, name: str, role: str) -> StaffMember:
        email = unique_email(name.lower())
        user = identity_admin.create_user(
            email=email, password=PASSWORD, email_verified=True, name=name
        )
        firm = FirmFactory(name=firm_name, slug=slug)
        return StaffMemberFactory(firm=firm, sub=user["user_id"], email=email, name=name, role=role)

    return {
        "alice": make("Harbor & Vale LLP", "harbor-vale", "Alice", StaffMember.Role.PARTNER),
        "dave": make("Other Firm", "other-firm", "Dave", StaffMember.Role.PARTNER),
    }


def test_alice_signs_in_at_the_identity_service_and_lands_in_harbor_and_vale(
    web_with_identity, staff, identity_service
):
    alice = staff["alice"]
    browser = HttpBrowser()
    # when alice asks to sign in, she is sent to the identity service's own page
    login_page = browser.get(f"{web_with_identity}/accounts/sign-in/")
    assert str(login_page.url).startswith(identity_service.issuer)
    assert 'type="password"' in login_page.text
    before = browser.cookie("portico_session")
    # and signs in there
    landed = browser.submit(login_page, {"email": alice.email, "password": PASSWORD})
    # then she is back in Portico, in her firm's workspace, with a new session key
    assert landed.status_code == 200
    assert str(landed.url) == f"{web_with_identity}/workspace/"
    assert "Harbor &amp; Vale LLP" in landed.text
    assert "Other Firm" not in landed.text
    assert before and browser.cookie("portico_session") not in {None, before}
    alice.refresh_from_db()
    assert alice.last_sign_in_at is not None


def test_dave_lands_in_other_firm(web_with_identity, staff):
    _browser, landed = sign_in(web_with_identity, staff["dave"].email, PASSWORD)
    assert str(landed.url) == f"{web_with_identity}/workspace/"
    assert "Other Firm" in landed.text
    assert "Harbor" not in landed.text


def test_wrong_password_keeps_alice_on_the_identity_service(
    web_with_identity, staff, identity_service
):
    browser, page = sign_in(web_with_identity, staff["alice"].email, "not-her-password-1")
    assert str(page.url).startswith(identity_service.issuer)
    assert (
        browser.get(f"{web_with_identity}/workspace/").url.host
        == httpx.URL(identity_service.issuer).host
    )


def test_sign_out_ends_the_session_here_and_at_the_identity_service(
    web_with_identity, staff, identity_service
):
    browser, landed = sign_in(web_with_identity, staff["alice"].email, PASSWORD)
    old_cookie = browser.cookie("portico_session")
    # when alice signs out
    done = browser.submit(landed, {}, index=0)
    # then she is told so, back in Portico
    assert str(done.url) == f"{web_with_identity}/accounts/signed-out/"
    assert "You are signed out" in done.text
    # and the workspace, even with her old cookie replayed, sends her to sign in again
    replay = httpx.get(f"{web_with_identity}/workspace/", cookies={"portico_session": old_cookie})
    assert replay.status_code == 302
    assert replay.headers["location"] == "/accounts/sign-in/?next=%2Fworkspace%2F"
    # and the identity service asks for her password again rather than signing her straight in
    again = browser.get(f"{web_with_identity}/accounts/sign-in/")
    assert str(again.url).startswith(identity_service.issuer) and 'type="password"' in again.text


def test_a_staff_access_token_calls_the_staff_api_for_its_own_firm(
    web_with_identity, staff, identity_service
):
    alice = staff["alice"]
    # given a tool of the firm's registered at the identity service, redirecting back to Portico,
    # when alice signs in through it (authorization code with PKCE) and it exchanges the code
    token = staff_access_token(identity_service, web_with_identity, alice.email, PASSWORD)
    # then its access token calls the staff API as alice of Harbor & Vale
    me = httpx.get(
        f"{web_with_identity}/api/v1/me",
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )
    assert me.status_code == 200
    assert me.json()["firm"]["name"] == "Harbor & Vale LLP"
    assert me.json()["staff"]["email"] == alice.email
    # and a token minted for another audience (the ID token) is refused
    other = httpx.get(
        f"{web_with_identity}/api/v1/me", headers={"Authorization": f"Bearer {token['id_token']}"}
    )
    assert other.status_code == 401


def test_a_wrong_state_is_refused(web_with_identity, staff):
    browser = HttpBrowser()
    browser.http.follow_redirects = False
    page = browser.get(f"{web_with_identity}/accounts/sign-in/")
    while page.status_code == 302:
        page = browser.get(httpx.URL(str(page.url)).join(page.headers["location"]))
    response = browser.submit(page, {"email": staff["alice"].email, "password": PASSWORD})
    while "/accounts/callback/" not in response.headers.get("location", ""):
        response = browser.get(httpx.URL(str(response.url)).join(response.headers["location"]))
    callback = httpx.URL(response.headers["location"])
    forged = callback.copy_set_param("state", "not-the-state-we-sent")
    # when the callback comes back with another state
    refused = browser.get(forged)
    # then no session is made
    assert refused.status_code == 400
    assert "could not sign you in" in refused.text
    assert browser.get(f"{web_with_identity}/workspace/").status_code == 302


# Altering a real token on its way back from the identity service.


def _resign(identity_service, claims: dict, header: dict) -> str:
    pem = Path(identity_service.env["IDP_RSA_KEY_FILE"]).read_text()
    return jwt.encode(header, claims, RSAKey.import_key(pem))


TAMPERINGS = {
    "nonce": lambda c: {**c, "nonce": "a-nonce-we-never-sent"},
    "audience": lambda c: {**c, "aud": "some-other-client"},
    "issuer": lambda c: {**c, "iss": "http://127.0.0.1:9/"},
    "expired": lambda c: {**c, "iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600},
}


@pytest.mark.parametrize("what", [*TAMPERINGS, "signature"])
def test_a_forged_or_stale_id_token_is_refused(
    what, web_with_identity, staff, identity_service, monkeypatch
):
    real_fetch = DjangoOAuth2App.fetch_access_token

    def tampered_fetch(self, *args, **kwargs):
        token = real_fetch(self, *args, **kwargs)
        decoded = jwt.decode(
            token["id_token"],
            RSAKey.import_key(Path(identity_service.env["IDP_RSA_KEY_FILE"]).read_text()),
        )
        if what == "signature":
            head, body, sig = token["id_token"].split(".")
            flipped = "A" if sig[10] != "A" else "B"
            token["id_token"] = f"{head}.{body}.{sig[:10]}{flipped}{sig[11:]}"
        else:
            token["id_token"] = _resign(
                identity_service, TAMPERINGS[what](dict(decoded.claims)), dict(decoded.header)
            )
        return token

    monkeypatch.setattr(DjangoOAuth2App, "fetch_access_token", tampered_fetch)
    # when alice signs in and the ID token that comes back is forged or stale
    browser, landed = sign_in(web_with_identity, staff["alice"].email, PASSWORD)
    # then Portico refuses it and makes no session
    assert landed.status_code == 400, what
    assert "could not sign you in" in landed.text
    assert browser.get(f"{web_with_identity}/workspace/", follow_redirects=False).status_code == 302
