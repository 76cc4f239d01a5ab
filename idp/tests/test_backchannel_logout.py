"""OpenID Connect Back-Channel Logout 1.0, sent to a real HTTP receiver on a loopback port."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from jwcrypto import jwk, jwt

from idp.accounts.models import SignInSession, User
from idp.oidc.actions import register_client
from idp.oidc.backchannel import LOGOUT_EVENT
from idp.oidc.models import BackchannelLogout, ClientSettings
from idp.tests.helpers import (
    PORTAL_CALLBACK,
    PORTAL_CLIENT_ID,
    PORTAL_HOME,
    PORTAL_SECRET,
    sign_in,
    sign_in_tokens,
)
from idp.tests.test_code_flow import verified_claims

pytestmark = pytest.mark.django_db
ISSUER = "http://127.0.0.1:8001/"


@pytest.fixture
def portal(db, receiver):
    """The portal, registered with a back-channel logout URI served by `receiver`."""
    return register_client(
        client_id=PORTAL_CLIENT_ID,
        client_secret=PORTAL_SECRET,
        name="Portico portal",
        redirect_uris=[PORTAL_CALLBACK],
        logout_uris=[PORTAL_HOME],
        backchannel_logout_uri=receiver.url,
    )


@pytest.fixture
def signed_in(client, portal, carol) -> dict:
    """carol, signed in to the portal; the portal's tokens."""
    sign_in(client, carol.email)
    return sign_in_tokens(client)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Deliveries go out after commit; run those callbacks as the transaction would."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def verified_logout_token(client, token: str) -> tuple[dict, dict]:
    keys = jwk.JWKSet.from_json(client.get("/.well-known/jwks.json").content)
    parsed = jwt.JWT(jwt=token, key=keys, algs=["RS256"])
    return json.loads(parsed.token.objects["protected"]), json.loads(parsed.claims)


def test_blocking_a_person_posts_a_signed_logout_token_to_the_app(
    client,
    mgmt,
    carol,
    signed_in,
    receiver,
    run_on_commit,
):
    response = run_on_commit(
        lambda: mgmt.patch(
            f"/api/v2/users/auth0|{carol.pk}",
            data=json.dumps({"blocked": True}),
            content_type="application/json",
        )
    )

    assert response.status_code == 200
    [post] = receiver.received
    assert post["path"] == "/backchannel-logout"
    assert post["content_type"] == "application/x-www-form-urlencoded"
    [token] = receiver.logout_tokens()
    header, claims = verified_logout_token(client, token)
    assert header["alg"] == "RS256"
    assert header["typ"] == "logout+jwt"
    assert header["kid"] == verified_claims(client, signed_in["id_token"])[0]["kid"]
    assert claims["iss"] == ISSUER
    assert claims["aud"] == PORTAL_CLIENT_ID
    assert claims["sub"] == f"auth0|{carol.pk}"
    assert claims["events"] == {LOGOUT_EVENT: {}}
    assert 0 < claims["exp"] - claims["iat"] <= 120
    assert len(claims["jti"]) == 32
    assert "sid" not in claims
    assert "nonce" not in claims
    assert BackchannelLogout.objects.get().delivered_at is not None
    assert not SignInSession.objects.filter(user=carol).exists()


def test_deleting_a_person_tells_the_app_before_the_account_goes(
    client,
    mgmt,
    carol,
    signed_in,
    receiver,
    run_on_commit,
):
    response = run_on_commit(lambda: mgmt.delete(f"/api/v2/users/auth0|{carol.pk}"))

    assert response.status_code == 204
    assert not User.objects.filter(pk=carol.pk).exists()
    [token] = receiver.logout_tokens()
    assert verified_logout_token(client, token)[1]["sub"] == f"auth0|{carol.pk}"


def test_a_password_change_through_the_management_api_signs_out_everywhere(
    client,
    mgmt,
    carol,
    signed_in,
    receiver,
    run_on_commit,
):
    response = run_on_commit(
        lambda: mgmt.patch(
            f"/api/v2/users/auth0|{carol.pk}",
            data=json.dumps({"password": "a-brand-new-harbor-passphrase-7"}),
            content_type="application/json",
        )
    )

    assert response.status_code == 200
    assert len(receiver.logout_tokens()) == 1
    assert client.get("/userinfo", headers=_bearer(signed_in)).status_code == 401


def test_a_password_reset_by_ticket_signs_out_everywhere(
    client,
    mgmt,
    carol,
    signed_in,
    receiver,
    run_on_commit,
):
    ticket = mgmt.post(
        "/api/v2/tickets/password-change",
        data=json.dumps({"user_id": f"auth0|{carol.pk}"}),
        content_type="application/json",
    ).json()["ticket"]
    token = ticket.split("ticket=")[1].rstrip("#")
    password = "a-brand-new-harbor-passphrase-7"

    response = run_on_commit(
        lambda: client.post(
            "/u/reset-password",
            {"ticket": token, "new_password": password, "confirm_password": password},
        )
    )

    assert response.status_code in (200, 302)
    assert len(receiver.logout_tokens()) == 1


def test_signing_out_everywhere_through_the_management_api(
    client,
    mgmt,
    carol,
    signed_in,
    receiver,
    run_on_commit,
):
    response = run_on_commit(lambda: mgmt.delete(f"/api/v2/users/auth0|{carol.pk}/sessions"))

    assert response.status_code == 202
    assert len(receiver.logout_tokens()) == 1
    assert "_auth_user_id" not in client.session


def test_signing_out_everywhere_from_the_idp_home_page(
    client,
    carol,
    signed_in,
    receiver,
    run_on_commit,
):
    page = client.get("/")
    assert b"Sign out on every device" in page.content

    response = run_on_commit(lambda: client.post("/u/sign-out-everywhere"))

    assert response.status_code == 200
    assert b"signed out on every device" in response.content
    assert len(receiver.logout_tokens()) == 1
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("logout", ["v2", "oidc"])
def test_rp_initiated_logout_sends_the_sessions_sid(
    client,
    carol,
    signed_in,
    receiver,
    run_on_commit,
    logout,
):
    sid = verified_claims(client, signed_in["id_token"])[1]["sid"]
    if logout == "v2":
        params = {"returnTo": PORTAL_HOME, "client_id": PORTAL_CLIENT_ID}
        response = run_on_commit(lambda: client.get("/v2/logout", params))
    else:
        params = {"id_token_hint": signed_in["id_token"], "post_logout_redirect_uri": PORTAL_HOME}
        response = run_on_commit(lambda: client.get("/oidc/logout", params))

    assert response.status_code == 302
    [token] = receiver.logout_tokens()
    claims = verified_logout_token(client, token)[1]
    assert claims["sid"] == sid
    assert claims["sub"] == f"auth0|{carol.pk}"


def test_only_apps_the_person_signed_in_to_with_a_uri_are_told(
    client,
    mgmt,
    carol,
    dan,
    signed_in,
    receiver,
    run_on_commit,
):
    register_client(
        client_id="no-uri",
        client_secret="no-uri-secret",
        name="No back-channel",
        redirect_uris=["http://127.0.0.1:8002/cb"],
    )
    run_on_commit(lambda: mgmt.delete(f"/api/v2/users/auth0|{dan.pk}/sessions"))
    assert receiver.received == []

    run_on_commit(lambda: mgmt.delete(f"/api/v2/users/auth0|{carol.pk}/sessions"))

    assert [d.application.client_id for d in BackchannelLogout.objects.all()] == [PORTAL_CLIENT_ID]


def test_a_receiver_that_is_down_never_fails_the_admin_action(
    client, mgmt, carol, signed_in, portal, run_on_commit
):
    settings_row = ClientSettings.objects.get(application=portal)
    settings_row.backchannel_logout_uri = "http://127.0.0.1:9/closed"
    settings_row.save()

    response = run_on_commit(
        lambda: mgmt.patch(
            f"/api/v2/users/auth0|{carol.pk}",
            data=json.dumps({"blocked": True}),
            content_type="application/json",
        )
    )

    assert response.status_code == 200
    carol.refresh_from_db()
    assert carol.blocked is True
    delivery = BackchannelLogout.objects.get()
    assert delivery.attempts == 3
    assert delivery.delivered_at is None
    assert delivery.gave_up_at is not None
    assert delivery.last_error.startswith("ConnectError")


def test_a_failing_receiver_is_retried_until_it_answers(
    client,
    mgmt,
    carol,
    signed_in,
    receiver,
    run_on_commit,
):
    receiver.statuses = [503, 502]

    run_on_commit(lambda: mgmt.delete(f"/api/v2/users/auth0|{carol.pk}/sessions"))

    delivery = BackchannelLogout.objects.get()
    assert delivery.attempts == 3
    assert delivery.delivered_at is not None
    # Each attempt carries a freshly signed token.
    assert len(set(receiver.logout_tokens())) == 3


def test_a_receiver_that_refuses_the_token_is_not_asked_again(
    client,
    mgmt,
    carol,
    signed_in,
    receiver,
    run_on_commit,
):
    receiver.statuses = [400]

    run_on_commit(lambda: mgmt.delete(f"/api/v2/users/auth0|{carol.pk}/sessions"))

    delivery = BackchannelLogout.objects.get()
    assert (delivery.attempts, delivery.last_error) == (1, "HTTP 400")
    assert delivery.gave_up_at is not None


def test_waiting_deliveries_are_sent_by_the_command(
    client,
    carol,
    signed_in,
    portal,
    receiver,
    django_capture_on_commit_callbacks,
):
    # The process stopped before the transaction's callbacks ran.
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/u/sign-out-everywhere")
    assert receiver.received == []
    out = StringIO()

    call_command("send_backchannel_logouts", stdout=out)

    assert out.getvalue() == "Delivered 1 of 1 waiting back-channel logouts\n"
    assert len(receiver.logout_tokens()) == 1


def test_the_uri_is_registered_by_command_and_management_api(mgmt, receiver):
    call_command(
        "register_client",
        "--client-id=web",
        "--client-secret=web-secret",
        "--name=Web",
        "--redirect-uri=http://127.0.0.1:8002/cb",
        f"--backchannel-logout-uri={receiver.url}",
        stdout=StringIO(),
    )
    created = mgmt.post(
        "/api/v2/clients",
        data=json.dumps(
            {
                "name": "SPA",
                "app_type": "spa",
                "callbacks": ["http://127.0.0.1:3000/"],
                "oidc_logout": {"backchannel_logout_urls": [receiver.url]},
            }
        ),
        content_type="application/json",
    )

    assert ClientSettings.objects.get(application__client_id="web").backchannel_logout_uri == (
        receiver.url
    )
    assert created.status_code == 201, created.content
    assert created.json()["oidc_logout"] == {"backchannel_logout_urls": [receiver.url]}


def _bearer(tokens: dict) -> dict:
    return {"Authorization": f"Bearer {tokens['access_token']}"}
