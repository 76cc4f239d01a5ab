"""The back-channel logout receiver: a logout token signed by the identity service ends the
person's sessions and staff access tokens at once; anything else is refused, changing nothing."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from portico.tenancy.models import SignInCutoff
from portico.testing.identity import (
    signed_access_token,
    signed_by_identity_service,
)
from portico.testing.sessions import signed_in_client

pytestmark = [pytest.mark.django_db, pytest.mark.identity]

RECEIVER = "/accounts/backchannel-logout/"
EVENT = {"http://schemas.openid.net/event/backchannel-logout": {}}


def logout_claims(service, settings, sub: str, **changes) -> dict:
    now = int(time.time())
    claims = {
        "iss": service.issuer,
        "aud": settings.IDP_CLIENT_ID,
        "iat": now,
        "exp": now + 120,
        "jti": f"jti-{now}",
        "sub": sub,
        "events": EVENT,
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def post_logout(token: str):
    # The identity service posts with no cookie and no CSRF token, as any provider does.
    return Client(enforce_csrf_checks=True).post(RECEIVER, {"logout_token": token})


def test_a_logout_token_ends_the_persons_sessions_and_tokens_everywhere(
    harbor, alice, bob, identity_service, identity_settings
):
    settings = identity_settings
    as_bob, as_alice = signed_in_client(bob), signed_in_client(alice)
    token = signed_access_token(identity_service, bob.sub, settings.PORTICO_API_AUDIENCE)
    bob_api = Client(headers={"Authorization": f"Bearer {token}"})
    assert bob_api.get("/api/v1/me").status_code == 200
    time.sleep(1)  # the logout token is issued a second after bob's access token
    # when the identity service says bob is signed out everywhere (blocked, say)
    response = post_logout(
        signed_by_identity_service(
            identity_service, logout_claims(identity_service, settings, bob.sub), "logout+jwt"
        )
    )
    # then it is done, bob's next click and his token are refused, and alice is untouched
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert as_bob.get("/workspace/").status_code == 302
    assert bob_api.get("/api/v1/me").status_code == 401
    assert as_alice.get("/workspace/").status_code == 200


def test_a_logout_token_for_one_sign_in_ends_only_that_session(
    harbor, bob, identity_service, identity_settings
):
    settings = identity_settings
    here, elsewhere = signed_in_client(bob), signed_in_client(bob)
    session = elsewhere.session
    session["portico_principal"]["sid"] = "other-sign-in"
    session.save()
    claims = logout_claims(identity_service, settings, bob.sub, sid="test")
    assert (
        post_logout(signed_by_identity_service(identity_service, claims, None)).status_code == 200
    )
    assert here.get("/workspace/").status_code == 302
    assert elsewhere.get("/workspace/").status_code == 200


FORGED = {
    "another audience": lambda c: {**c, "aud": "some-other-client"},
    "another issuer": lambda c: {**c, "iss": "http://127.0.0.1:9/"},
    "no events claim": lambda c: {**c, "events": None},
    "another event": lambda c: {**c, "events": {"http://example.com/other": {}}},
    "a nonce (an ID token)": lambda c: {**c, "nonce": "n-0S6_WzA2Mj"},
    "neither sub nor sid": lambda c: {**c, "sub": None},
    "issued long ago": lambda c: {**c, "iat": c["iat"] - 3600, "exp": c["iat"] + 60},
    "expired": lambda c: {**c, "iat": c["iat"] - 200, "exp": c["iat"] - 100},
    "no iat": lambda c: {**c, "iat": None},
}


@pytest.mark.parametrize("what", [*FORGED, "access token type", "bad signature", "not a JWT"])
def test_anything_but_a_valid_logout_token_is_refused_and_changes_nothing(
    what, harbor, bob, identity_service, identity_settings
):
    settings = identity_settings
    as_bob = signed_in_client(bob)
    claims = logout_claims(identity_service, settings, bob.sub)
    typ = "logout+jwt"
    if what in FORGED:
        claims = {k: v for k, v in FORGED[what](claims).items() if v is not None}
    if what == "access token type":
        typ = "at+jwt"
    token = signed_by_identity_service(identity_service, claims, typ)
    if what == "bad signature":
        head, body, sig = token.split(".")
        token = f"{head}.{body}.{sig[:10]}{'A' if sig[10] != 'A' else 'B'}{sig[11:]}"
    if what == "not a JWT":
        token = "not-a-jwt"
    response = post_logout(token)
    assert response.status_code == 400, what
    assert response.json()["error"] == "invalid_request"
    assert not SignInCutoff.objects.exists()
    assert as_bob.get("/workspace/").status_code == 200


def test_the_receiver_takes_only_posts(db):
    assert Client().get(RECEIVER).status_code == 405
    assert post_logout("").status_code == 400
