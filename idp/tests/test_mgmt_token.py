"""Client-credentials tokens for the Management API, and who may have one."""

import json

import pytest
from django.test import Client
from jwcrypto import jwk, jwt
from oauth2_provider.models import AccessToken

from idp.oidc.actions import register_api, register_m2m_client
from idp.tests.helpers import ADMIN_CLIENT_ID, ADMIN_SECRET, PORTAL_CLIENT_ID, PORTAL_SECRET

pytestmark = pytest.mark.django_db
MGMT = "http://127.0.0.1:8001/api/v2/"


def test_client_credentials_for_api_v2_returns_a_bearer_jwt_with_expires_in(client, admin_app):
    response = client.post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": ADMIN_CLIENT_ID,
            "client_secret": ADMIN_SECRET,
            "audience": MGMT,
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 86400
    assert body["scope"].split() == [
        "read:users",
        "create:users",
        "update:users",
        "delete:users",
        "update:users_app_metadata",
        "create:user_tickets",
        "delete:sessions",
        "delete:refresh_tokens",
        "create:clients",
        "read:clients",
        "update:clients",
        "delete:clients",
        "create:organizations",
        "read:organizations",
        "update:organizations",
        "delete:organizations",
    ]
    keys = jwk.JWKSet.from_json(client.get("/.well-known/jwks.json").content)
    claims = json.loads(jwt.JWT(jwt=body["access_token"], key=keys, algs=["RS256"]).claims)
    assert claims["iss"] == "http://127.0.0.1:8001/"
    assert claims["sub"] == f"{ADMIN_CLIENT_ID}@clients"
    assert claims["aud"] == MGMT
    assert claims["azp"] == ADMIN_CLIENT_ID
    assert claims["gty"] == "client-credentials"


def test_json_body_as_sent_by_auth0_python_get_token(client, admin_app):
    response = client.post(
        "/oauth/token",
        data=json.dumps(
            {
                "grant_type": "client_credentials",
                "client_id": ADMIN_CLIENT_ID,
                "client_secret": ADMIN_SECRET,
                "audience": MGMT,
            }
        ),
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["expires_in"] == 86400


def test_requesting_a_subset_of_granted_scopes_gets_just_those(client, admin_app):
    response = client.post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": ADMIN_CLIENT_ID,
            "client_secret": ADMIN_SECRET,
            "audience": MGMT,
            "scope": "read:users",
        },
    )

    assert response.status_code == 200
    assert response.json()["scope"] == "read:users"


def test_scopes_beyond_the_grant_are_refused(client, db):
    register_m2m_client(
        client_id="reader",
        client_secret="reader-secret",
        name="Reader",
        audience=MGMT,
        scopes=["read:users"],
    )

    response = client.post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": "reader",
            "client_secret": "reader-secret",
            "audience": MGMT,
            "scope": "read:users delete:users",
        },
    )

    assert response.status_code == 403
    assert response.json() == {
        "error": "access_denied",
        "error_description": "Client has not been granted scopes: delete:users",
    }
    assert AccessToken.objects.count() == 0


def test_app_without_a_client_grant_for_the_api_gets_403_access_denied(client, db):
    register_api(identifier="http://127.0.0.1:8000/api/v1", name="Portico staff API")
    register_m2m_client(
        client_id="reports",
        client_secret="reports-secret",
        name="Reports",
        audience="http://127.0.0.1:8000/api/v1",
        scopes=["read:cases"],
    )

    response = client.post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": "reports",
            "client_secret": "reports-secret",
            "audience": MGMT,
        },
    )

    assert response.status_code == 403
    body = response.json()
    assert body["error"] == "access_denied"
    assert body["error_description"].startswith(f"Client is not authorized to access '{MGMT}'.")
    assert AccessToken.objects.count() == 0


def test_missing_or_unknown_audience_is_access_denied(client, admin_app):
    base = {"grant_type": "client_credentials", "client_id": ADMIN_CLIENT_ID}

    missing = client.post("/oauth/token", {**base, "client_secret": ADMIN_SECRET})
    unknown = client.post(
        "/oauth/token", {**base, "client_secret": ADMIN_SECRET, "audience": "http://nope/"}
    )

    assert missing.status_code == 403
    assert missing.json()["error"] == "access_denied"
    assert unknown.status_code == 403
    assert unknown.json()["error_description"] == "Service not found: http://nope/"


def test_wrong_secret_is_invalid_client(client, admin_app):
    response = client.post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": ADMIN_CLIENT_ID,
            "client_secret": "guess",
            "audience": MGMT,
        },
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_the_web_app_cannot_use_client_credentials(client, portal):
    response = client.post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": PORTAL_CLIENT_ID,
            "client_secret": PORTAL_SECRET,
            "audience": MGMT,
        },
    )

    assert response.status_code == 400
    assert response.json()["error"] == "unauthorized_client"


@pytest.mark.parametrize(
    "grant_type",
    ["password", "implicit", "urn:ietf:params:oauth:grant-type:device_code", "client_credential"],
)
def test_other_grants_are_not_offered(client, admin_app, grant_type):
    response = client.post(
        "/oauth/token",
        {
            "grant_type": grant_type,
            "client_id": ADMIN_CLIENT_ID,
            "client_secret": ADMIN_SECRET,
            "username": "carol@example.com",
            "password": "x",
            "refresh_token": "x",
        },
    )

    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_registering_again_keeps_the_app_and_updates_its_secret(client, admin_app):
    again = register_m2m_client(
        client_id=ADMIN_CLIENT_ID,
        client_secret="rotated-secret",
        name="Portico admin adapter",
        audience=MGMT,
        scopes=["read:users"],
    )

    assert again.pk == admin_app.pk
    old = Client().post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": ADMIN_CLIENT_ID,
            "client_secret": ADMIN_SECRET,
            "audience": MGMT,
        },
    )
    new = Client().post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": ADMIN_CLIENT_ID,
            "client_secret": "rotated-secret",
            "audience": MGMT,
        },
    )
    assert old.status_code == 401
    assert new.status_code == 200
    assert new.json()["scope"] == "read:users"
