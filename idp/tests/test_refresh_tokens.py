"""Refresh tokens as Auth0 issues them: only for offline_access, rotated on every use, and a
reused one revokes its whole family."""

from datetime import timedelta

import pytest
from oauth2_provider.models import RefreshToken

from idp.oidc.actions import register_api, register_client
from idp.oidc.models import TokenFamilyContext
from idp.tests.helpers import (
    PORTAL_CALLBACK,
    PORTAL_CLIENT_ID,
    PORTAL_SECRET,
    sign_in,
    sign_in_tokens,
)
from idp.tests.test_code_flow import verified_claims

pytestmark = pytest.mark.django_db
OFFLINE = "openid profile email offline_access"
API = "http://127.0.0.1:8000/api/v1"


def refresh(client, token: str, **extra):
    return client.post(
        "/oauth/token",
        {
            "grant_type": "refresh_token",
            "refresh_token": token,
            "client_id": PORTAL_CLIENT_ID,
            "client_secret": PORTAL_SECRET,
            **extra,
        },
    )


def test_no_refresh_token_without_offline_access(client, portal, carol):
    sign_in(client, carol.email)

    assert "refresh_token" not in sign_in_tokens(client)


def test_offline_access_gets_a_refresh_token_that_rotates(client, portal, carol):
    sign_in(client, carol.email)
    first = sign_in_tokens(client, scope=OFFLINE)
    assert first["scope"] == OFFLINE

    response = refresh(client, first["refresh_token"])

    assert response.status_code == 200, response.content
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    _header, claims = verified_claims(client, second["id_token"])
    assert claims["sid"] == verified_claims(client, first["id_token"])[1]["sid"]
    assert claims["sub"] == f"auth0|{carol.pk}"
    assert refresh(client, second["refresh_token"]).status_code == 200


def test_reusing_a_rotated_refresh_token_revokes_the_family(client, portal, carol):
    sign_in(client, carol.email)
    first = sign_in_tokens(client, scope=OFFLINE)
    second = refresh(client, first["refresh_token"]).json()

    reused = refresh(client, first["refresh_token"])

    assert reused.status_code == 400
    assert reused.json() == {
        "error": "invalid_grant",
        "error_description": "Unknown or invalid refresh token.",
    }
    # The thief and the owner both lose: the newest token in the family is dead too.
    assert refresh(client, second["refresh_token"]).status_code == 400
    assert not RefreshToken.objects.filter(revoked__isnull=True).exists()


def test_a_refreshed_access_token_keeps_its_api_audience(client, portal, carol):
    register_api(identifier=API, name="Staff API")
    sign_in(client, carol.email)
    first = sign_in_tokens(client, scope=OFFLINE, audience=API)

    second = refresh(client, first["refresh_token"]).json()

    assert verified_claims(client, second["access_token"])[1]["aud"][0] == API
    assert second["expires_in"] == 600


def test_apps_without_the_refresh_token_grant_get_none(client, carol):
    register_client(
        client_id=PORTAL_CLIENT_ID,
        client_secret=PORTAL_SECRET,
        name="Portal",
        redirect_uris=[PORTAL_CALLBACK],
        grant_types=["authorization_code"],
    )
    sign_in(client, carol.email)

    assert "refresh_token" not in sign_in_tokens(client, scope=OFFLINE)


def test_revoking_a_refresh_token_revokes_that_app_and_audiences_others(client, portal, carol):
    sign_in(client, carol.email)
    first = sign_in_tokens(client, scope=OFFLINE)
    second = sign_in_tokens(client, scope=OFFLINE)

    response = client.post(
        "/oauth/revoke",
        {
            "token": first["refresh_token"],
            "token_type_hint": "refresh_token",
            "client_id": PORTAL_CLIENT_ID,
            "client_secret": PORTAL_SECRET,
        },
    )

    assert response.status_code == 200
    assert refresh(client, first["refresh_token"]).status_code == 400
    assert refresh(client, second["refresh_token"]).status_code == 400


def test_a_blocked_person_cannot_refresh(client, portal, carol):
    sign_in(client, carol.email)
    tokens = sign_in_tokens(client, scope=OFFLINE)
    carol.blocked = True
    carol.save()

    assert refresh(client, tokens["refresh_token"]).status_code == 400


def test_refresh_tokens_end_at_their_absolute_lifetime(client, portal, carol, settings):
    sign_in(client, carol.email)
    tokens = sign_in_tokens(client, scope=OFFLINE)
    context = TokenFamilyContext.objects.get()
    context.created_at -= timedelta(seconds=settings.IDP_REFRESH_TOKEN_LIFETIME)
    context.save()

    response = refresh(client, tokens["refresh_token"])

    assert response.status_code == 400
    assert response.json()["error_description"] == "Unknown or invalid refresh token."
