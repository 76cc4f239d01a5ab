"""CORS on the three endpoints a browser app calls: only for origins an application lists."""

import pytest

from idp.oidc.actions import register_client
from idp.tests.helpers import (
    SPA_CALLBACK,
    SPA_CLIENT_ID,
    SPA_ORIGIN,
    new_pkce,
    query_of,
    sign_in,
    spa_authorize_params,
)

pytestmark = pytest.mark.django_db
OTHER_ORIGIN = "http://127.0.0.1:4000"


@pytest.fixture
def other_spa(db):
    return register_client(
        client_id="other-spa",
        name="Another SPA",
        public=True,
        redirect_uris=[OTHER_ORIGIN + "/"],
        web_origins=[OTHER_ORIGIN],
    )


def preflight(client, path: str, origin: str, method: str = "POST"):
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "content-type,auth0-client",
        },
    )


def spa_tokens(client, carol, origin=SPA_ORIGIN):
    pkce = new_pkce()
    sign_in(client, carol.email)
    code = query_of(client.get("/authorize", spa_authorize_params(pkce))["Location"])["code"]
    return client.post(
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "client_id": SPA_CLIENT_ID,
            "code": code,
            "redirect_uri": SPA_CALLBACK,
            "code_verifier": pkce.verifier,
        },
        headers={"Origin": origin, "Auth0-Client": "eyJuYW1lIjoiYXV0aDAtc3BhLWpzIn0="},
    )


@pytest.mark.parametrize("path", ["/oauth/token", "/oauth/revoke", "/userinfo"])
def test_a_listed_origin_passes_the_preflight_with_the_auth0_client_header(client, spa, path):
    response = preflight(client, path, SPA_ORIGIN)

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == SPA_ORIGIN
    assert "Auth0-Client" in response["Access-Control-Allow-Headers"]
    assert "Content-Type" in response["Access-Control-Allow-Headers"]
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "Origin" in response["Vary"]


@pytest.mark.parametrize("path", ["/oauth/token", "/oauth/revoke", "/userinfo"])
def test_an_unlisted_origin_gets_no_cors_headers(client, spa, path):
    response = preflight(client, path, "https://evil.example")

    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Headers" not in response


def test_the_token_answer_is_readable_by_the_apps_own_origin(client, spa, carol):
    response = spa_tokens(client, carol)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == SPA_ORIGIN


def test_another_apps_origin_cannot_read_this_apps_tokens(client, spa, other_spa, carol):
    response = spa_tokens(client, carol, origin=OTHER_ORIGIN)

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_token_errors_are_readable_too_so_the_sdk_can_show_them(client, spa):
    response = client.post(
        "/oauth/token",
        {"grant_type": "authorization_code", "client_id": SPA_CLIENT_ID, "code": "nope"},
        headers={"Origin": SPA_ORIGIN},
    )

    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == SPA_ORIGIN
    assert response.json()["error_description"]


def test_userinfo_and_revoke_answer_the_apps_origin(client, spa, carol):
    body = spa_tokens(client, carol).json()

    userinfo = client.get(
        "/userinfo",
        headers={"Authorization": f"Bearer {body['access_token']}", "Origin": SPA_ORIGIN},
    )
    revoke = client.post(
        "/oauth/revoke",
        {"client_id": SPA_CLIENT_ID, "token": body["access_token"]},
        headers={"Origin": SPA_ORIGIN},
    )
    stranger = client.get(
        "/userinfo",
        headers={"Authorization": f"Bearer {body['access_token']}", "Origin": OTHER_ORIGIN},
    )

    assert userinfo.status_code == 200
    assert userinfo["Access-Control-Allow-Origin"] == SPA_ORIGIN
    assert revoke.status_code == 200
    assert revoke["Access-Control-Allow-Origin"] == SPA_ORIGIN
    assert "Access-Control-Allow-Origin" not in stranger


def test_the_confidential_portal_without_web_origins_gets_no_cors(client, portal):
    response = preflight(client, "/oauth/token", "http://127.0.0.1:8000")

    assert "Access-Control-Allow-Origin" not in response
