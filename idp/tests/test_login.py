"""The hosted sign-in page, blocked people, lockout after repeated failures."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import identify_hasher
from django.test import RequestFactory, override_settings

from idp.accounts.models import SignInSession
from idp.tests.factories import PASSWORD, UserFactory
from idp.tests.helpers import authorize_params, new_pkce, query_of, sign_in

pytestmark = pytest.mark.django_db


def test_login_page_is_plain_accessible_html(client):
    response = client.get("/u/login")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert html.count("<h1>") == 1
    assert '<label class="field__label" for="id_email">Email address</label>' in html
    assert '<label class="field__label" for="id_password">Password</label>' in html
    assert 'autocomplete="current-password"' in html
    assert 'href="/u/forgot-password"' in html
    assert response.cookies["idp_csrftoken"]["httponly"] is True


def test_signing_in_sets_the_idp_session_cookie_and_last_login(client, carol):
    assert carol.last_login is None

    response = sign_in(client, "Carol@Example.com")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "idp_sessionid" in response.cookies
    assert "sessionid" not in response.cookies
    carol.refresh_from_db()
    assert carol.last_login is not None
    session = SignInSession.objects.get(user=carol)
    assert session.session_key == client.cookies["idp_sessionid"].value
    assert client.session["idp_sid"] == session.sid


def test_next_pointing_off_site_is_ignored(client, carol):
    response = sign_in(client, carol.email, next_url="https://evil.example/steal")

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_wrong_password_shows_a_plain_message(client, carol):
    response = sign_in(client, carol.email, password="not the password")

    assert response.status_code == 400
    assert b"The email address or password is not right." in response.content
    assert b'role="alert"' in response.content
    assert "_auth_user_id" not in client.session


def test_blocked_person_cannot_sign_in(client):
    UserFactory(email="erin@example.com", blocked=True)

    response = sign_in(client, "erin@example.com")

    assert response.status_code == 403
    assert b"This account is blocked, so you can&#x27;t sign in." in response.content
    assert "_auth_user_id" not in client.session
    assert SignInSession.objects.count() == 0


def test_blocked_person_with_an_idp_session_is_refused_at_authorize(client, portal, carol):
    sign_in(client, carol.email)
    carol.blocked = True
    carol.save()

    response = client.get("/authorize", authorize_params(new_pkce()))

    assert response.status_code == 302
    assert response["Location"].startswith("http://127.0.0.1:8000/auth/callback?")
    assert query_of(response["Location"]) == {
        "error": "unauthorized",
        "error_description": "user is blocked",
        "state": "state-123",
    }


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_address_out_with_a_clear_message(client, carol):
    for _ in range(2):
        assert sign_in(client, carol.email, password="wrong guess").status_code == 400

    third = sign_in(client, carol.email, password="wrong guess")
    with_right_password = sign_in(client, "CAROL@example.com", password=PASSWORD)

    assert third.status_code == 429
    assert with_right_password.status_code == 429
    assert b"Too many attempts to sign in with this email address." in third.content
    assert b"Wait 15 minutes and try again" in with_right_password.content
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().username == "carol@example.com"


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_lockout_is_per_account_so_others_on_the_same_network_can_sign_in(client, carol, dan):
    for _ in range(3):
        sign_in(client, carol.email, password="wrong guess")

    response = sign_in(client, dan.email)

    assert response.status_code == 302


def test_production_hashes_passwords_with_argon2_first():
    # The module, not django.conf.settings, which the test fixtures speed up.
    from idp.config import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_is_what_a_new_password_is_stored_with(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

    user = UserFactory()

    assert identify_hasher(user.password).algorithm == "argon2"


def test_login_hint_from_authorize_fills_in_the_email(client):
    response = client.get(
        "/u/login", {"next": "/authorize?client_id=portico-portal&login_hint=carol%40example.com"}
    )

    assert b'value="carol@example.com"' in response.content


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_lockout_counts_per_account_whatever_address_the_guesses_come_from(client, carol):
    for octet in range(1, 4):
        client.post(
            "/u/login",
            {"email": carol.email, "password": "wrong guess"},
            REMOTE_ADDR=f"198.51.100.{octet}",
        )

    response = client.post(
        "/u/login", {"email": carol.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_x_forwarded_for_header_is_not_the_address_that_is_counted(client, carol, dan):
    from idp.accounts.throttle import client_address

    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )

    assert client_address(request) == "127.0.0.1"


def test_many_failures_from_one_address_are_limited_across_accounts(client, carol, settings):
    settings.IDP_LOGIN_FAILURES_PER_ADDRESS = 3
    for index in range(3):
        sign_in(client, f"nobody{index}@example.com", password="wrong guess")

    response = sign_in(client, carol.email)
    elsewhere = client.post(
        "/u/login", {"email": carol.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )

    assert response.status_code == 429
    assert b"Too many failed sign-ins have come from your network." in response.content
    assert elsewhere.status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_resetting_the_password_lifts_the_lockout(client, carol):
    from idp.accounts.actions import issue_ticket, redeem_password_ticket
    from idp.accounts.models import Ticket

    for _ in range(3):
        sign_in(client, carol.email, password="wrong guess")
    issue_ticket(
        user=carol,
        kind=Ticket.Kind.PASSWORD_CHANGE,
        source=Ticket.Source.SELF_SERVICE,
        ttl_seconds=600,
    )
    new_password = "a-brand-new-harbor-passphrase-7"
    redeem_password_ticket(ticket=Ticket.objects.get(), password=new_password)

    assert sign_in(client, carol.email, password=new_password).status_code == 302


def test_forgot_password_requests_count_per_account_whatever_the_address(client, carol):
    answers = [
        client.post(
            "/dbconnections/change_password",
            {"email": carol.email, "connection": "Username-Password-Authentication"},
            REMOTE_ADDR=f"198.51.100.{octet}",
        ).status_code
        for octet in range(1, 7)
    ]

    assert answers == [200, 200, 200, 200, 200, 429]
