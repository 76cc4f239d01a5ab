"""Helpers for the identity service's tests: the apps the fixtures register, PKCE, and the
steps of a sign-in."""

import base64
import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.test import Client

from idp.tests.factories import PASSWORD

PORTAL_CLIENT_ID = "portico-portal"
PORTAL_SECRET = "portal-secret-for-tests"
PORTAL_CALLBACK = "http://127.0.0.1:8000/auth/callback"
PORTAL_HOME = "http://127.0.0.1:8000/"
SPA_CLIENT_ID = "portico-spa"
SPA_ORIGIN = "http://127.0.0.1:3000"
SPA_CALLBACK = "http://127.0.0.1:3000/callback"
ADMIN_CLIENT_ID = "portico-admin"
ADMIN_SECRET = "admin-secret-for-tests"


def token_for(client: Client, *, client_id: str, secret: str, audience: str, **extra) -> dict:
    response = client.post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret,
            "audience": audience,
            **extra,
        },
    )
    assert response.status_code == 200, response.content
    return response.json()


@dataclass
class Pkce:
    verifier: str
    challenge: str


def new_pkce() -> Pkce:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return Pkce(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode())


def authorize_params(pkce: Pkce, **overrides) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": PORTAL_CLIENT_ID,
        "redirect_uri": PORTAL_CALLBACK,
        "scope": "openid profile email",
        "state": "state-123",
        "nonce": "nonce-456",
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
    }
    params.update(overrides)
    return {key: value for key, value in params.items() if value is not None}


def sign_in(client: Client, email: str, password: str = PASSWORD, next_url: str = ""):
    return client.post("/u/login", {"email": email, "password": password, "next": next_url})


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def get_code(client: Client, pkce: Pkce, **overrides) -> str:
    response = client.get("/authorize", authorize_params(pkce, **overrides))
    assert response.status_code == 302, response.content
    location = response["Location"]
    assert location.startswith(PORTAL_CALLBACK), location
    params = query_of(location)
    assert "code" in params, params
    return params["code"]


def exchange_code(client: Client, code: str, verifier: str | None, **extra):
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": PORTAL_CALLBACK,
        "client_id": PORTAL_CLIENT_ID,
        "client_secret": PORTAL_SECRET,
        **extra,
    }
    if verifier is not None:
        data["code_verifier"] = verifier
    return client.post("/oauth/token", data)


def spa_authorize_params(pkce: Pkce | None, **overrides) -> dict[str, str]:
    """What auth0-spa-js sends to /authorize for SPA_CLIENT_ID."""
    params = authorize_params(
        pkce or new_pkce(), client_id=SPA_CLIENT_ID, redirect_uri=SPA_CALLBACK, **overrides
    )
    if pkce is None:
        params.pop("code_challenge")
        params.pop("code_challenge_method")
    return params


def sign_in_tokens(client: Client, pkce: Pkce | None = None, **overrides) -> dict:
    """Portal tokens for whoever is signed in to `client` (authorize, then the code)."""
    pkce = pkce or new_pkce()
    code = get_code(client, pkce, **overrides)
    response = exchange_code(client, code, pkce.verifier)
    assert response.status_code == 200, response.content
    return response.json()
