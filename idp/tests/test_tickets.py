"""Password-change tickets: the Management API call, the set-password page, forgot password."""

import json
import re
import time
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from idp.accounts.models import Ticket, User
from idp.tests.factories import UserFactory
from idp.tests.helpers import PORTAL_CLIENT_ID, query_of, sign_in

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "quiet-harbour-morning-77"


def create_ticket(mgmt: Client, **body) -> str:
    response = mgmt.post(
        "/api/v2/tickets/password-change", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()["ticket"]


def page_path(ticket_url: str) -> str:
    parts = urlsplit(ticket_url)
    return f"{parts.path}?{parts.query}"


def set_password(client: Client, ticket_url: str, password: str, confirm: str | None = None):
    return client.post(
        page_path(ticket_url),
        {"new_password": password, "confirm_password": password if confirm is None else confirm},
    )


def test_ticket_is_an_idp_url_and_only_its_hash_is_stored(mgmt, carol):
    url = create_ticket(mgmt, user_id=f"auth0|{carol.pk}")

    assert url.startswith("http://127.0.0.1:8001/u/reset-password?ticket=")
    assert url.endswith("#")
    token = query_of(url.rstrip("#"))["ticket"]
    ticket = Ticket.objects.get()
    assert token not in ticket.token_hash
    assert len(ticket.token_hash) == 64
    assert ticket.source == Ticket.Source.MANAGEMENT_API
    assert ticket.expires_at - ticket.created_at == timedelta(seconds=432000)


def test_ttl_sec_sets_the_expiry(mgmt, carol):
    create_ticket(mgmt, user_id=f"auth0|{carol.pk}", ttl_sec=600)

    ticket = Ticket.objects.get()
    assert ticket.expires_at - ticket.created_at == timedelta(seconds=600)


def test_ticket_for_a_missing_user_is_404(mgmt):
    response = mgmt.post(
        "/api/v2/tickets/password-change",
        data=json.dumps({"user_id": "auth0|0123456789abcdef01234567"}),
        content_type="application/json",
    )

    assert response.status_code == 404
    assert response.json()["message"] == "The user does not exist."
    assert Ticket.objects.count() == 0


def test_ticket_page_shows_a_labelled_set_password_form(mgmt, client, carol):
    url = create_ticket(mgmt, user_id=f"auth0|{carol.pk}")

    response = client.get(page_path(url))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Set your password</h1>" in html
    assert '<label class="field__label" for="id_new_password">New password</label>' in html
    assert (
        '<label class="field__label" for="id_confirm_password">Type the new password again</label>'
        in html
    )
    assert 'autocomplete="new-password"' in html


def test_weak_password_is_explained_in_plain_words(mgmt, client, carol):
    url = create_ticket(mgmt, user_id=f"auth0|{carol.pk}")

    response = set_password(client, url, "password")

    assert response.status_code == 400
    html = response.content.decode()
    assert "This password is too short. It must contain at least 10 characters." in html
    assert "This password is too common." in html
    assert 'aria-invalid="true"' in html
    assert Ticket.objects.get().used_at is None


def test_mismatched_confirmation_is_explained(mgmt, client, carol):
    url = create_ticket(mgmt, user_id=f"auth0|{carol.pk}")

    response = set_password(client, url, NEW_PASSWORD, confirm=NEW_PASSWORD + "x")

    assert response.status_code == 400
    assert b"The two passwords don&#x27;t match." in response.content


def test_invitation_ticket_sets_the_password_verifies_email_and_redirects(mgmt, client):
    created = mgmt.post(
        "/api/v2/users",
        data=json.dumps(
            {
                "connection": "Username-Password-Authentication",
                "email": "erin@example.com",
                "email_verified": False,
                "blocked": True,
            }
        ),
        content_type="application/json",
    ).json()
    url = create_ticket(
        mgmt,
        user_id=created["user_id"],
        result_url="http://127.0.0.1:8000/welcome?from=invite",
        mark_email_as_verified=True,
        includeEmailInRedirect=True,
        ttl_sec=0,
    )

    response = set_password(client, url, NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == (
        "http://127.0.0.1:8000/welcome?from=invite&email=erin%40example.com"
    )
    erin = User.objects.get(email="erin@example.com")
    assert erin.check_password(NEW_PASSWORD)
    assert erin.email_verified is True
    assert erin.blocked is False
    assert Ticket.objects.get().used_at is not None
    assert sign_in(Client(), "erin@example.com", NEW_PASSWORD).status_code == 302


def test_ticket_with_client_id_returns_to_that_apps_origin(mgmt, portal, client, carol):
    url = create_ticket(mgmt, user_id=f"auth0|{carol.pk}", client_id=PORTAL_CLIENT_ID)

    response = set_password(client, url, NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "http://127.0.0.1:8000/"


def test_ticket_without_a_destination_shows_a_you_can_sign_in_page(mgmt, client, carol):
    url = create_ticket(mgmt, user_id=f"auth0|{carol.pk}")

    response = set_password(client, url, NEW_PASSWORD)

    assert response.status_code == 200
    assert b"<h1>Your password is set</h1>" in response.content
    assert b"You can now sign in" in response.content


def test_a_used_ticket_is_refused_with_a_clear_page(mgmt, client, carol):
    url = create_ticket(mgmt, user_id=f"auth0|{carol.pk}")
    set_password(client, url, NEW_PASSWORD)

    shown = client.get(page_path(url))
    reused = set_password(client, url, "another-fine-passphrase-9")

    assert shown.status_code == 410
    assert b"<h1>This link has already been used</h1>" in shown.content
    assert reused.status_code == 410
    carol.refresh_from_db()
    assert carol.check_password(NEW_PASSWORD)


def test_an_expired_ticket_is_refused_with_a_clear_page(mgmt, client, carol):
    url = create_ticket(mgmt, user_id=f"auth0|{carol.pk}", ttl_sec=60)
    Ticket.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    shown = client.get(page_path(url))
    posted = set_password(client, url, NEW_PASSWORD)

    assert shown.status_code == 410
    assert b"<h1>This link has expired</h1>" in shown.content
    assert posted.status_code == 410
    carol.refresh_from_db()
    assert not carol.check_password(NEW_PASSWORD)


def test_an_unknown_ticket_is_a_404_page(client):
    response = client.get("/u/reset-password?ticket=made-up")

    assert response.status_code == 404
    assert b"<h1>This link isn't valid</h1>" in response.content


def test_setting_a_password_ends_the_persons_existing_idp_sessions(mgmt, carol):
    browser = Client()
    sign_in(browser, carol.email)
    url = create_ticket(mgmt, user_id=f"auth0|{carol.pk}")

    set_password(Client(), url, NEW_PASSWORD)

    assert browser.get("/").context["user"].is_authenticated is False


# --- forgot password ----------------------------------------------------------------------


def test_forgot_password_sends_one_email_with_a_working_link(
    client, portal, carol, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/dbconnections/change_password",
            data=json.dumps(
                {
                    "client_id": PORTAL_CLIENT_ID,
                    "email": "Carol@example.com",
                    "connection": "Username-Password-Authentication",
                }
            ),
            content_type="application/json",
        )

    assert response.status_code == 200
    assert response.content == b"We've just sent you an email to reset your password."
    [message] = mailoutbox
    assert message.to == ["carol@example.com"]
    assert message.subject == "Reset your Portico password"
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    link = next(line for line in message.body.splitlines() if "/u/reset-password?" in line)
    assert link in html
    ticket = Ticket.objects.get()
    assert ticket.source == Ticket.Source.SELF_SERVICE
    assert set_password(client, link, NEW_PASSWORD)["Location"] == "http://127.0.0.1:8000/"


def test_forgot_password_answers_the_same_for_an_unknown_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/dbconnections/change_password",
            {"email": "nobody@example.com", "connection": "Username-Password-Authentication"},
        )

    assert response.status_code == 200
    assert response.content == b"We've just sent you an email to reset your password."
    assert mailoutbox == []
    assert Ticket.objects.count() == 0


def test_forgot_password_never_unblocks_a_blocked_person(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="erin@example.com", blocked=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dbconnections/change_password", {"email": "erin@example.com"})

    assert response.status_code == 200
    assert mailoutbox == []


def test_self_service_ticket_does_not_lift_a_block(client, carol):
    from idp.accounts.actions import issue_ticket

    url = issue_ticket(
        user=carol,
        kind=Ticket.Kind.PASSWORD_CHANGE,
        source=Ticket.Source.SELF_SERVICE,
        ttl_seconds=3600,
    )
    User.objects.filter(pk=carol.pk).update(blocked=True)

    set_password(client, url, NEW_PASSWORD)

    carol.refresh_from_db()
    assert carol.blocked is True
    assert carol.check_password(NEW_PASSWORD)


def test_forgot_password_is_rate_limited_per_address(client, carol, settings):
    settings.IDP_RESET_REQUESTS_PER_EMAIL = 2
    statuses = [
        client.post("/dbconnections/change_password", {"email": "carol@example.com"}).status_code
        for _ in range(3)
    ]

    assert statuses == [200, 200, 429]
    assert Ticket.objects.count() == 2


def test_forgot_password_page_posts_to_dbconnections_and_confirms_in_html(
    client, carol, mailoutbox, django_capture_on_commit_callbacks
):
    page = client.get("/u/forgot-password", {"client_id": PORTAL_CLIENT_ID})
    assert page.status_code == 200
    assert b'action="/dbconnections/change_password"' in page.content
    assert b'<label class="field__label" for="id_email">Email address</label>' in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/dbconnections/change_password",
            {"email": "carol@example.com", "client_id": PORTAL_CLIENT_ID},
            headers={"Accept": "text/html,application/xhtml+xml"},
        )

    assert response.status_code == 200
    assert b"<h1>Check your email</h1>" in response.content
    assert len(mailoutbox) == 1


def test_login_page_links_forgot_password_with_the_app_and_the_sign_in_that_sent_the_person(
    client, portal
):
    next_url = f"/authorize?client_id={PORTAL_CLIENT_ID}"
    response = client.get("/u/login", {"next": next_url})

    expected = f"/u/forgot-password?{urlencode({'client_id': PORTAL_CLIENT_ID, 'next': next_url})}"
    assert f'href="{escape(expected)}"'.encode() in response.content


# --- email verification job -----------------------------------------------------------------


def test_verification_email_job_sends_a_link_that_confirms_the_address(
    mgmt, client, dan, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=dan.pk).update(email_verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = mgmt.post(
            "/api/v2/jobs/verification-email",
            data=json.dumps({"user_id": f"auth0|{dan.pk}"}),
            content_type="application/json",
        )

    assert response.status_code == 201
    assert response.json()["type"] == "verification_email"
    assert response.json()["status"] == "pending"
    [message] = mailoutbox
    link = next(line for line in message.body.splitlines() if "/u/email-verification?" in line)
    confirm_page = client.get(page_path(link))
    assert confirm_page.status_code == 200
    confirmed = client.post(page_path(link))
    assert confirmed.status_code == 200
    dan.refresh_from_db()
    assert dan.email_verified is True


def test_reset_email_is_delivered_off_the_request_thread(
    client, carol, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.IDP_SEND_EMAIL_IN_BACKGROUND = True

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dbconnections/change_password", {"email": "carol@example.com"})

    assert response.status_code == 200
    deadline = time.monotonic() + 5
    while not mailoutbox and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [message.to for message in mailoutbox] == [["carol@example.com"]]


def test_a_reset_finished_in_the_same_browser_goes_back_into_the_sign_in_that_started_it(
    client, portal, carol, mailoutbox, django_capture_on_commit_callbacks
):
    # carol was signing in to the portal when she chose "Forgot password?"
    authorize = f"/authorize?client_id={PORTAL_CLIENT_ID}&state=s-1&nonce=n-1"
    login = client.get("/u/login", {"next": authorize})
    forgot_url = re.search(r'href="(/u/forgot-password[^"]*)"', login.content.decode()).group(1)
    forgot = client.get(forgot_url.replace("&amp;", "&"))
    assert f'name="next" value="{escape(authorize)}"' in forgot.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            "/dbconnections/change_password",
            {"email": "carol@example.com", "client_id": PORTAL_CLIENT_ID, "next": authorize},
            headers={"Accept": "text/html"},
        )
    assert "Open it in this browser" in sent.content.decode()
    [message] = mailoutbox
    link = next(line for line in message.body.splitlines() if "/u/reset-password?" in line)

    # she sets a new password from the email, in the same browser
    saved = set_password(client, link, NEW_PASSWORD)

    # and is sent back to sign in on the way to where she started, told it worked, her
    # address already in the form
    assert saved["Location"] == f"/u/login?{urlencode({'next': authorize})}"
    page = client.get(saved["Location"]).content.decode()
    assert "Your password is saved. Sign in with it now to continue." in page
    assert 'value="carol@example.com"' in page
    signed_in = client.post(
        "/u/login", {"email": "carol@example.com", "password": NEW_PASSWORD, "next": authorize}
    )
    assert signed_in["Location"] == authorize
    # the notice was said once
    assert "Your password is saved" not in client.get("/u/login").content.decode()


def test_a_reset_finished_in_another_browser_ends_where_the_ticket_says(
    client, portal, carol, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/dbconnections/change_password",
            {"email": "carol@example.com", "client_id": PORTAL_CLIENT_ID, "next": "/authorize?x=1"},
            headers={"Accept": "text/html"},
        )
    link = next(line for line in mailoutbox[0].body.splitlines() if "/u/reset-password?" in line)

    response = set_password(Client(), link, NEW_PASSWORD)

    assert response["Location"] == "http://127.0.0.1:8000/"


def test_after_an_invitation_the_sign_in_page_knows_the_address_and_says_the_password_is_set(
    mgmt, client, carol
):
    url = create_ticket(
        mgmt,
        user_id=f"auth0|{carol.pk}",
        result_url="http://127.0.0.1:8000/portal/sign-in/?firm=harbor-vale",
        includeEmailInRedirect=True,
    )

    response = set_password(client, url, NEW_PASSWORD)

    assert response["Location"] == (
        "http://127.0.0.1:8000/portal/sign-in/?firm=harbor-vale&email=carol%40example.com"
    )
    # the portal starts sign-in again; the sign-in page is told nothing but finds both in
    # this browser's session
    page = client.get("/u/login", {"next": "/authorize?client_id=x"}).content.decode()
    assert "Your password is saved" in page
    assert 'value="carol@example.com"' in page
