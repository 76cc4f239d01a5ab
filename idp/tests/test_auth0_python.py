"""Auth0's own Python SDK (auth0-python, code nobody here wrote) against the identity service
running as a real process: the regular web app flow without PKCE, the PKCE flow of a public app,
client credentials, userinfo, refresh-token revocation and the ID token verifier."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import urlencode

import httpx
import pytest
from auth0.authentication import GetToken, RevokeToken, Users
from auth0.authentication.exceptions import Auth0Error
from auth0.authentication.token_verifier import AsymmetricSignatureVerifier, TokenVerifier

from idp.tests.live import code_from, create_person, sign_in_page, unique_client_id

pytestmark = [pytest.mark.identity, pytest.mark.slow]
WEB_CALLBACK = "http://127.0.0.1:8765/callback"
SECRET = "regular-web-app-secret-0123456789abcdef"


@pytest.fixture(scope="module")
def person(identity_service):
    return create_person(identity_service)


def authorize_url(service, client_id: str, **params) -> str:
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": WEB_CALLBACK,
        "scope": "openid profile email offline_access",
        "state": secrets.token_urlsafe(8),
        **params,
    }
    return f"{service.issuer}authorize?{urlencode(query)}"


def verifier_for(service, client_id: str) -> TokenVerifier:
    return TokenVerifier(
        signature_verifier=AsymmetricSignatureVerifier(f"{service.issuer}.well-known/jwks.json"),
        issuer=service.issuer,
        audience=client_id,
    )


def test_regular_web_app_code_flow_without_pkce(identity_service, person):
    client_id = unique_client_id("web")
    identity_service.manage(
        "register_client", "--client-id", client_id, "--client-secret", SECRET,
        "--name", "Regular web app", "--redirect-uri", WEB_CALLBACK,
    )  # fmt: skip
    with httpx.Client(base_url=identity_service.issuer) as browser:
        code = code_from(
            sign_in_page(browser, authorize_url(identity_service, client_id, nonce="n-1"), person)
        )
    sdk = GetToken(identity_service.domain, client_id, client_secret=SECRET, protocol="http")

    tokens = sdk.authorization_code(code=code, redirect_uri=WEB_CALLBACK)

    claims = verifier_for(identity_service, client_id).verify(tokens["id_token"], nonce="n-1")
    assert claims["sub"] == person.user_id
    assert claims["email"] == person.email
    assert claims["nickname"] == person.email.split("@")[0]
    profile = Users(identity_service.domain, protocol="http").userinfo(tokens["access_token"])
    assert profile["sub"] == person.user_id
    assert profile["name"] == "Carol Client"

    refreshed = sdk.refresh_token(tokens["refresh_token"])
    assert refreshed["refresh_token"] != tokens["refresh_token"]
    RevokeToken(
        identity_service.domain, client_id, client_secret=SECRET, protocol="http"
    ).revoke_refresh_token(refreshed["refresh_token"])
    with pytest.raises(Auth0Error) as revoked:
        sdk.refresh_token(refreshed["refresh_token"])
    assert revoked.value.error_code == "invalid_grant"
    assert revoked.value.message == "Unknown or invalid refresh token."


def test_public_app_code_flow_with_pkce(identity_service, person):
    client_id = unique_client_id("native")
    identity_service.manage(
        "register_client", "--public", "--client-id", client_id, "--name", "Native app",
        "--redirect-uri", WEB_CALLBACK,
    )  # fmt: skip
    verifier = secrets.token_urlsafe(48)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    url = authorize_url(
        identity_service, client_id, code_challenge=challenge, code_challenge_method="S256"
    )
    with httpx.Client(base_url=identity_service.issuer) as browser:
        code = code_from(sign_in_page(browser, url, person))
    sdk = GetToken(identity_service.domain, client_id, protocol="http")

    tokens = sdk.authorization_code_pkce(
        code_verifier=verifier, code=code, redirect_uri=WEB_CALLBACK
    )

    assert verifier_for(identity_service, client_id).verify(tokens["id_token"])["sub"] == (
        person.user_id
    )
    with pytest.raises(Auth0Error) as reused:
        sdk.authorization_code_pkce(code_verifier=verifier, code=code, redirect_uri=WEB_CALLBACK)
    assert reused.value.error_code == "invalid_grant"
    assert reused.value.message == "Invalid authorization code"


def test_client_credentials_for_the_management_api(identity_service):
    sdk = GetToken(
        identity_service.domain,
        identity_service.mgmt_client_id,
        client_secret=identity_service.mgmt_client_secret,
        protocol="http",
    )

    token = sdk.client_credentials(f"{identity_service.issuer}api/v2/")

    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 86400


def test_the_verifier_refuses_a_token_for_another_audience(identity_service, person):
    client_id = unique_client_id("web")
    identity_service.manage(
        "register_client", "--client-id", client_id, "--client-secret", SECRET,
        "--name", "Regular web app", "--redirect-uri", WEB_CALLBACK,
    )  # fmt: skip
    with httpx.Client(base_url=identity_service.issuer) as browser:
        code = code_from(sign_in_page(browser, authorize_url(identity_service, client_id), person))
    tokens = GetToken(
        identity_service.domain, client_id, client_secret=SECRET, protocol="http"
    ).authorization_code(code=code, redirect_uri=WEB_CALLBACK)

    with pytest.raises(Exception, match="Audience"):
        verifier_for(identity_service, "someone-else").verify(tokens["id_token"])
