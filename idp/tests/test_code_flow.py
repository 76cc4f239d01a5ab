"""Signing in to the portal: /authorize, the hosted login page, /oauth/token, /userinfo."""

import base64
import json

import pytest
from django.conf import settings
from jwcrypto import jwk, jwt
from oauth2_provider.models import AccessToken, Grant

from idp.accounts.models import SignInSession
from idp.oidc.actions import register_api
from idp.tests.helpers import (
    PORTAL_CALLBACK,
    PORTAL_CLIENT_ID,
    PORTAL_SECRET,
    authorize_params,
    exchange_code,
    get_code,
    new_pkce,
    query_of,
    sign_in,
)

pytestmark = pytest.mark.django_db
ISSUER = "http://127.0.0.1:8001/"
NAMESPACE = "https://portico/claims"


def verified_claims(client, token: str) -> tuple[dict, dict]:
    keys = jwk.JWKSet.from_json(client.get("/.well-known/jwks.json").content)
    parsed = jwt.JWT(jwt=token, key=keys, algs=["RS256"])
    return json.loads(parsed.token.objects["protected"]), json.loads(parsed.claims)


def test_anonymous_visitor_is_sent_to_the_login_page_and_back_to_authorize(client, portal):
    params = authorize_params(new_pkce())

    response = client.get("/authorize", params)

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/u/login?next=")
    next_url = query_of(location)["next"]
    assert next_url.startswith("/authorize?")
    assert query_of(next_url)["client_id"] == PORTAL_CLIENT_ID


def test_signing_in_returns_to_authorize_which_redirects_with_a_code(client, portal, carol):
    pkce = new_pkce()
    authorize_url = client.get("/authorize", authorize_params(pkce))["Location"]
    next_url = query_of(authorize_url)["next"]

    login = sign_in(client, carol.email, next_url=next_url)
    assert login.status_code == 302
    assert login["Location"] == next_url

    response = client.get(next_url)
    assert response.status_code == 302
    params = query_of(response["Location"])
    assert response["Location"].startswith(PORTAL_CALLBACK + "?")
    assert params["state"] == "state-123"
    assert len(params["code"]) > 20


def test_full_code_flow_issues_id_and_access_tokens_with_auth0_claims(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)
    code = get_code(client, pkce)

    response = exchange_code(client, code, pkce.verifier)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 86400
    assert body["scope"] == "openid profile email"
    assert "refresh_token" not in body
    header, claims = verified_claims(client, body["id_token"])
    assert header["alg"] == "RS256"
    assert header["kid"] == client.get("/.well-known/jwks.json").json()["keys"][0]["kid"]
    sid = SignInSession.objects.get(user=carol).sid
    assert claims["iss"] == ISSUER
    assert claims["sub"] == f"auth0|{carol.pk}"
    assert claims["aud"] == PORTAL_CLIENT_ID
    assert claims["nonce"] == "nonce-456"
    assert len(claims["at_hash"]) == 22
    assert claims["sid"] == sid
    assert claims["email"] == "carol@example.com"
    assert claims["email_verified"] is True
    assert claims["name"] == "Carol Client"
    assert claims[NAMESPACE] == {"firm_id": "harbor-vale", "contact_id": "c-101"}
    assert claims["exp"] - claims["iat"] == 36000
    assert abs(claims["auth_time"] - claims["iat"]) < 5


def test_access_token_is_an_rs256_jwt_for_userinfo_signed_with_the_id_token_key(
    client, portal, carol
):
    pkce = new_pkce()
    sign_in(client, carol.email)
    body = exchange_code(client, get_code(client, pkce), pkce.verifier).json()

    header, claims = verified_claims(client, body["access_token"])

    assert header["kid"] == verified_claims(client, body["id_token"])[0]["kid"]
    assert claims["iss"] == ISSUER
    assert claims["sub"] == f"auth0|{carol.pk}"
    assert claims["aud"] == f"{ISSUER}userinfo"
    assert claims["azp"] == PORTAL_CLIENT_ID
    assert claims["scope"] == "openid profile email"
    assert claims["exp"] - claims["iat"] == 86400
    stored = AccessToken.objects.get(user=carol)
    assert stored.token == ""
    assert len(stored.token_checksum) == 64


def test_two_sign_ins_in_the_same_browser_session_share_the_sid(client, portal, carol):
    sign_in(client, carol.email)
    sids = []
    for _ in range(2):
        pkce = new_pkce()
        body = exchange_code(client, get_code(client, pkce), pkce.verifier).json()
        sids.append(verified_claims(client, body["id_token"])[1]["sid"])

    assert sids[0] == sids[1]
    client.logout()
    sign_in(client, carol.email)
    pkce = new_pkce()
    body = exchange_code(client, get_code(client, pkce), pkce.verifier).json()
    assert verified_claims(client, body["id_token"])[1]["sid"] != sids[0]


def test_requested_audience_lands_in_the_access_token_next_to_userinfo(client, portal, carol):
    register_api(identifier="http://127.0.0.1:8000/api/v1", name="Portico staff API")
    pkce = new_pkce()
    sign_in(client, carol.email)

    code = get_code(client, pkce, audience="http://127.0.0.1:8000/api/v1")
    body = exchange_code(client, code, pkce.verifier, audience="http://evil.example/").json()

    claims = verified_claims(client, body["access_token"])[1]
    assert claims["aud"] == ["http://127.0.0.1:8000/api/v1", f"{ISSUER}userinfo"]
    assert "sid" not in claims


def test_unknown_audience_is_refused_with_access_denied(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get("/authorize", authorize_params(new_pkce(), audience="http://nope/"))

    assert response.status_code == 302
    assert query_of(response["Location"]) == {
        "error": "access_denied",
        "error_description": "Service not found: http://nope/",
        "state": "state-123",
    }
    assert Grant.objects.count() == 0


def test_json_token_body_is_accepted_like_a_form(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)
    code = get_code(client, pkce)

    response = client.post(
        "/oauth/token",
        data=json.dumps(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": PORTAL_CALLBACK,
                "client_id": PORTAL_CLIENT_ID,
                "client_secret": PORTAL_SECRET,
                "code_verifier": pkce.verifier,
            }
        ),
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert set(response.json()) == {"access_token", "id_token", "token_type", "expires_in", "scope"}


def test_client_secret_basic_is_accepted(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)
    code = get_code(client, pkce)
    basic = base64.b64encode(f"{PORTAL_CLIENT_ID}:{PORTAL_SECRET}".encode()).decode()

    response = client.post(
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": PORTAL_CALLBACK,
            "code_verifier": pkce.verifier,
        },
        headers={"Authorization": f"Basic {basic}"},
    )

    assert response.status_code == 200, response.content


def test_malformed_json_token_body_is_a_400(client, portal):
    response = client.post("/oauth/token", data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_missing_code_verifier_is_refused(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)

    response = exchange_code(client, get_code(client, pkce), None)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert AccessToken.objects.count() == 0


def test_wrong_code_verifier_is_refused(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)

    response = exchange_code(client, get_code(client, pkce), new_pkce().verifier)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert AccessToken.objects.count() == 0


def test_a_confidential_app_may_sign_in_without_pkce_as_at_auth0(client, portal, carol):
    sign_in(client, carol.email)
    code = get_code(client, new_pkce(), code_challenge=None, code_challenge_method=None)

    response = exchange_code(client, code, None)

    assert response.status_code == 200, response.content
    assert response.json()["token_type"] == "Bearer"


def test_a_confidential_app_that_sent_a_challenge_must_send_its_verifier(client, portal, carol):
    sign_in(client, carol.email)
    code = get_code(client, new_pkce())

    response = exchange_code(client, code, None)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert response.json()["error_description"]
    assert AccessToken.objects.count() == 0


def test_plain_pkce_is_refused(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)

    response = client.get(
        "/authorize",
        authorize_params(pkce, code_challenge=pkce.verifier, code_challenge_method="plain"),
    )

    assert response.status_code == 302
    assert query_of(response["Location"])["error"] == "invalid_request"
    assert Grant.objects.count() == 0


def test_code_can_be_redeemed_only_once(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)
    code = get_code(client, pkce)
    assert exchange_code(client, code, pkce.verifier).status_code == 200

    response = exchange_code(client, code, pkce.verifier)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_unregistered_redirect_uri_is_never_redirected_to(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get(
        "/authorize", authorize_params(new_pkce(), redirect_uri="http://evil.example/cb")
    )

    assert response.status_code == 400
    assert "Location" not in response
    assert b"We couldn't sign you in" in response.content


def test_userinfo_returns_the_profile_claims_for_the_access_token(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)
    token = exchange_code(client, get_code(client, pkce), pkce.verifier).json()["access_token"]

    response = client.get("/userinfo", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200, response.content
    carol.refresh_from_db()
    assert response.json() == {
        "sub": f"auth0|{carol.pk}",
        "name": "Carol Client",
        "nickname": "carol",
        "picture": f"{ISSUER}avatars/CC.svg",
        "updated_at": carol.updated_at.strftime("%Y-%m-%dT%H:%M:%S.")
        + f"{carol.updated_at.microsecond // 1000:03d}Z",
        "email": "carol@example.com",
        "email_verified": True,
        NAMESPACE: {"firm_id": "harbor-vale", "contact_id": "c-101"},
    }


def test_userinfo_refuses_a_revoked_token(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)
    token = exchange_code(client, get_code(client, pkce), pkce.verifier).json()["access_token"]
    revoke = client.post(
        "/oauth/revoke",
        {"token": token, "client_id": PORTAL_CLIENT_ID, "client_secret": PORTAL_SECRET},
    )
    assert revoke.status_code == 200

    response = client.get("/userinfo", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401
    assert AccessToken.objects.count() == 0


def test_userinfo_refuses_an_id_token(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)
    id_token = exchange_code(client, get_code(client, pkce), pkce.verifier).json()["id_token"]

    response = client.get("/userinfo", headers={"Authorization": f"Bearer {id_token}"})

    assert response.status_code == 401


def test_no_consent_screen_for_registered_first_party_apps(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get("/authorize", authorize_params(new_pkce()))

    assert response.status_code == 302
    assert settings.OAUTH2_PROVIDER["OIDC_ISS_ENDPOINT"] == ISSUER


def test_code_issued_before_a_block_cannot_be_exchanged(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)
    code = get_code(client, pkce)
    carol.blocked = True
    carol.save()

    response = exchange_code(client, code, pkce.verifier)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert AccessToken.objects.count() == 0


def test_userinfo_refuses_a_blocked_person(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)
    token = exchange_code(client, get_code(client, pkce), pkce.verifier).json()["access_token"]
    carol.blocked = True
    carol.save()

    response = client.get("/userinfo", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401


def test_revocation_accepts_a_json_body(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)
    token = exchange_code(client, get_code(client, pkce), pkce.verifier).json()["access_token"]

    response = client.post(
        "/oauth/revoke",
        data=json.dumps(
            {"token": token, "client_id": PORTAL_CLIENT_ID, "client_secret": PORTAL_SECRET}
        ),
        content_type="application/json",
    )

    assert response.status_code == 200
    assert AccessToken.objects.count() == 0
