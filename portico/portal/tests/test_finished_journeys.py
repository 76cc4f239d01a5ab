"""The two journeys that used to end in the wrong place, in Chromium against the real pieces
(the practice app, the identity service as its own process, SMTP on loopback):

- an invitation ends signed in, in the firm's portal, with a welcome: the password chosen from
  the emailed link leads to the firm's own sign-in page, the address already filled in;
- a forgotten password, reset from the sign-in page, ends back where sign-in started.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portico.identity.grants import PORTAL_GRANTS_KEY
from portico.portal.actions import grant_portal_access
from portico.portal.models import PortalAccount
from portico.testing.factories import make_case, make_contact
from portico.testing.identity import unique_email
from portico.testing.sessions import open_account
from portico.testing.smtp import text_of

pytestmark = [pytest.mark.browser, pytest.mark.identity]
OLD_PASSWORD = "Driftwood-Signal-Harbour-12"
NEW_PASSWORD = "Lighthouse-keeper-42-tides"


@pytest.fixture
def harbor_at_identity(harbor, alice, web_with_identity):
    from portico.portal.tasks import show_firm_at_identity_service

    harbor.accent_colour = "#7a1f5c"
    harbor.save()
    show_firm_at_identity_service.call(firm_id=str(harbor.id))
    harbor.refresh_from_db()
    return harbor


def test_an_invitation_ends_signed_in_in_the_portal_with_a_welcome(
    web_with_identity,
    harbor_at_identity,
    alice,
    identity_admin,
    smtp_inbox,
    new_context,
    django_capture_on_commit_callbacks,
):
    base, harbor = web_with_identity, harbor_at_identity
    email = unique_email("carol")
    carol = make_contact(harbor, "Carol", "Marsh", emails=(email,), actor=alice)
    case = make_case(harbor, [carol], actor=alice)
    # alice gives carol access; the invitation goes out from the firm
    with django_capture_on_commit_callbacks(execute=True):
        grant_portal_access(contact=carol, actor=alice, admin=identity_admin)
    invitation = smtp_inbox.wait_for(to=email)
    assert invitation["From"].addresses[0].display_name == "Harbor & Vale LLP"
    link = re.search(r"http\S+/reset-password\S+", text_of(invitation)).group(0)

    # carol chooses her password from the emailed link
    page = new_context().new_page()
    page.goto(link)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Type the new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()

    # and lands on her firm's sign-in page, told it worked, her address already there
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Harbor & Vale LLP")
    expect(page.get_by_role("status")).to_contain_text("Your password is saved.")
    expect(page.get_by_label("Email address")).to_have_value(email)
    expect(page.get_by_label("Password")).to_be_focused()
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # she ends signed in, in the portal, welcomed
    expect(page).to_have_url(f"{base}/portal/")
    expect(page.get_by_role("status").first).to_contain_text(
        "Welcome to your client portal, Carol Marsh."
    )
    expect(page.get_by_role("link", name=case.name)).to_be_visible()
    assert PortalAccount.objects.get(contact=carol).status == PortalAccount.Status.ACTIVE
    # the welcome is said once
    page.reload()
    expect(page.get_by_text("Welcome to your client portal")).to_have_count(0)


def test_a_reset_ends_back_where_sign_in_started(
    web_with_identity, identity_service, harbor, alice, identity_admin, new_context
):
    base = web_with_identity
    email = unique_email("carol")
    carol = make_contact(harbor, "Carol", "Marsh", emails=(email,), actor=alice)
    case = make_case(harbor, [carol], actor=alice)
    user = identity_admin.create_user(
        email=email,
        password=OLD_PASSWORD,
        email_verified=True,
        app_metadata={PORTAL_GRANTS_KEY: {str(harbor.id): str(carol.id)}},
    )
    account = open_account(carol)
    account.identity_user_id = user["user_id"]
    account.save()

    # carol opens a link to her case; she is asked to sign in, and has forgotten her password
    page = new_context().new_page()
    case_page = f"{base}/portal/cases/{case.id}/"
    page.goto(case_page)
    expect(page).to_have_url(re.compile(r"/u/login"))
    page.get_by_role("link", name="Forgot password?").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("status")).to_contain_text("We've just sent you an email")

    # the link arrives; she opens it in the same browser and chooses a new password
    reset = identity_service.inbox.wait_for(to=email)
    link = re.search(r"http\S+/reset-password\S+", text_of(reset)).group(0)
    page.goto(link)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Type the new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()

    # back at sign-in, told it worked, her address there; she signs in with the new password
    expect(page.get_by_role("status")).to_contain_text("Your password is saved.")
    expect(page.get_by_label("Email address")).to_have_value(email)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # and is on the page she set out for, signed in
    expect(page).to_have_url(case_page)
    expect(page.get_by_role("heading", level=1)).to_have_text(case.name)
