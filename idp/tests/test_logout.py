"""Signing out: Auth0's /v2/logout and OIDC RP-initiated /oidc/logout."""

import pytest
from oauth2_provider.models import AccessToken

from idp.accounts.models import SignInSession
from idp.tests.helpers import (
    PORTAL_CLIENT_ID,
    PORTAL_HOME,
    exchange_code,
    get_code,
    new_pkce,
    sign_in,
)

pytestmark = pytest.mark.django_db


def test_v2_logout_ends_the_session_and_returns_to_an_allowed_url(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get("/v2/logout", {"returnTo": PORTAL_HOME, "client_id": PORTAL_CLIENT_ID})

    assert response.status_code == 302
    assert response["Location"] == PORTAL_HOME
    assert "_auth_user_id" not in client.session
    assert SignInSession.objects.count() == 0


def test_v2_logout_refuses_a_return_url_the_app_did_not_register(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get(
        "/v2/logout", {"returnTo": "https://evil.example/", "client_id": PORTAL_CLIENT_ID}
    )

    assert response.status_code == 400
    assert "Location" not in response
    assert b"the page to return to is not allowed" in response.content
    assert "_auth_user_id" not in client.session


def test_v2_logout_with_an_unknown_client_is_refused(client, portal, carol):
    response = client.get("/v2/logout", {"returnTo": PORTAL_HOME, "client_id": "nobody"})

    assert response.status_code == 400


def test_v2_logout_without_client_id_accepts_any_registered_logout_url(client, portal):
    response = client.get("/v2/logout", {"returnTo": PORTAL_HOME})

    assert response.status_code == 302
    assert response["Location"] == PORTAL_HOME


def test_v2_logout_without_return_to_shows_a_signed_out_page(client, carol):
    sign_in(client, carol.email)

    response = client.get("/v2/logout")

    assert response.status_code == 200
    assert b"<h1>You're signed out</h1>" in response.content


def test_oidc_logout_needs_no_confirmation_and_keeps_state(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)
    id_token = exchange_code(client, get_code(client, pkce), pkce.verifier).json()["id_token"]

    response = client.get(
        "/oidc/logout",
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": PORTAL_HOME,
            "client_id": PORTAL_CLIENT_ID,
            "state": "bye",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{PORTAL_HOME}?state=bye"
    assert "_auth_user_id" not in client.session
    assert SignInSession.objects.count() == 0
    assert AccessToken.objects.filter(user=carol).count() == 0


def test_oidc_logout_with_client_id_only_also_signs_out_without_asking(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get(
        "/oidc/logout", {"post_logout_redirect_uri": PORTAL_HOME, "client_id": PORTAL_CLIENT_ID}
    )

    assert response.status_code == 302
    assert response["Location"] == PORTAL_HOME
    assert "_auth_user_id" not in client.session


def test_oidc_logout_refuses_an_unregistered_return_url(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get(
        "/oidc/logout",
        {"post_logout_redirect_uri": "http://127.0.0.1:8000/other", "client_id": PORTAL_CLIENT_ID},
    )

    assert response.status_code == 400
    assert "Location" not in response
    assert b"This client does not have this redirect uri registered." in response.content
    assert client.session["_auth_user_id"] == carol.pk


def test_oidc_logout_with_an_unknown_client_is_a_400_not_a_crash(client, portal):
    response = client.get(
        "/oidc/logout", {"post_logout_redirect_uri": PORTAL_HOME, "client_id": "nobody"}
    )

    assert response.status_code == 400
