"""The portal's whole journey in Chromium, against the real pieces: the practice app on a live
server, the identity service as its own process, and a real SMTP server on loopback.

alice grants carol access; carol follows the emailed link, chooses a password, signs in, sees
her matters, corrects her phone number and writes to the firm; alice sees the change and its
history, then revokes; carol's open page sends her to sign in, her password no longer works,
and nothing of hers is lost.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portico.clients.models import Contact
from portico.matters.models import Comment
from portico.portal.models import PortalAccount
from portico.tenancy.models import StaffMember
from portico.testing.factories import StaffMemberFactory, dan_of, make_case, make_contact, make_lead
from portico.testing.identity import unique_email
from portico.testing.smtp import text_of

pytestmark = [pytest.mark.browser, pytest.mark.identity]

ALICE_PASSWORD = "correct-Horse-battery-9"
CAROL_PASSWORD = "Lighthouse-keeper-42-tides"
pytestmark = [pytest.mark.browser, pytest.mark.identity]


@pytest.fixture
def alice_with_identity(harbor, identity_admin) -> StaffMember:
    """alice, partner at Harbor & Vale, who signs in at the identity service like anyone."""
    email = unique_email("alice")
    user = identity_admin.create_user(
        email=email, password=ALICE_PASSWORD, email_verified=True, name="Alice Harbor"
    )
    return StaffMemberFactory(
        firm=harbor,
        sub=user["user_id"],
        email=email,
        name="Alice Harbor",
        role=StaffMember.Role.PARTNER,
    )


def sign_in_at_identity_service(page, email: str, password: str) -> None:
    expect(page).to_have_url(re.compile(r"/u/login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_carol_is_invited_uses_the_portal_and_is_shut_out_with_her_records_kept(
    web_with_identity,
    identity_service,
    identity_admin,
    smtp_inbox,
    new_context,
    harbor,
    alice_with_identity,
):
    base = web_with_identity
    alice = alice_with_identity
    carol_email = unique_email("carol")
    carol = make_contact(
        harbor, "Carol", "Marsh", emails=(carol_email,), phones=("(207) 555-0142",), actor=alice
    )
    case = make_case(harbor, [carol], number="HV-1", actor=alice)
    lead = make_lead(harbor, [carol], title="Marsh: lease dispute", actor=alice)
    dans_case = make_case(
        harbor, [dan_of(harbor, actor=alice)], name="Okafor v. Brightline", actor=alice
    )

    # alice signs in and gives carol portal access from carol's contact page
    at_alice = new_context().new_page()
    at_alice.goto(f"{base}/accounts/sign-in/")
    sign_in_at_identity_service(at_alice, alice.email, ALICE_PASSWORD)
    expect(at_alice).to_have_url(f"{base}/workspace/")
    carol_page = f"{base}/workspace/clients/{carol.id}/"
    at_alice.goto(carol_page)
    at_alice.get_by_role("link", name="Give portal access").click()
    expect(at_alice.get_by_role("heading", level=1)).to_have_text("Give Carol Marsh portal access?")
    at_alice.get_by_role("button", name="Give access and send the invitation").click()
    expect(at_alice.get_by_role("status").first).to_contain_text("Portal Access Granted")
    portal_access = at_alice.locator("#portal-access")
    expect(portal_access).to_contain_text("Invited")

    # the invitation arrives over SMTP, from the firm, with the link to choose a password
    invitation = smtp_inbox.wait_for(to=carol_email)
    assert "Harbor & Vale LLP" in invitation["Subject"]
    link = re.search(r"http\S+/reset-password\S+", text_of(invitation)).group(0)
    assert link.startswith(identity_service.issuer)

    # carol follows it, chooses a password, and signs in through the portal
    at_carol = new_context().new_page()
    at_carol.goto(link)
    at_carol.get_by_label("New password", exact=True).fill(CAROL_PASSWORD)
    at_carol.get_by_label("Type the new password again").fill(CAROL_PASSWORD)
    at_carol.get_by_role("button", name="Save password").click()
    sign_in_at_identity_service(at_carol, carol_email, CAROL_PASSWORD)

    # she lands on her portal home: her case and her lead, nobody else's
    expect(at_carol).to_have_url(f"{base}/portal/")
    expect(at_carol.get_by_role("heading", level=1)).to_have_text("Hello, Carol Marsh")
    expect(at_carol.get_by_role("link", name=case.name)).to_be_visible()
    expect(at_carol.get_by_role("link", name=lead.title)).to_be_visible()
    expect(at_carol.get_by_text(dans_case.name)).to_have_count(0)

    # she corrects her phone number on "My details"
    at_carol.get_by_role("link", name="My details").click()
    phone = at_carol.get_by_role("group", name="Phone 1", exact=True).get_by_label("Phone number")
    expect(phone).to_have_value("+1 207-555-0142")
    phone.fill("(207) 555-0188")
    at_carol.get_by_role("button", name="Save my details").click()
    expect(at_carol.get_by_role("status").first).to_contain_text("Your details are saved")
    expect(at_carol.get_by_text("+1 207-555-0188 (primary)")).to_be_visible()

    # and writes to the firm on her case
    at_carol.get_by_role("link", name=case.name).click()
    at_carol.get_by_label("Write to Harbor & Vale LLP").fill("My new number is 555-0188.")
    at_carol.get_by_role("button", name="Send message").click()
    expect(at_carol.get_by_role("status").first).to_contain_text("Message sent")

    # alice sees the new number on carol's contact page, and who changed it in its history
    at_alice.goto(carol_page)
    phones = at_alice.get_by_role("region", name="Phones")
    expect(phones).to_contain_text("+1 207-555-0188")
    expect(phones).not_to_contain_text("555-0142")
    change = (
        at_alice.get_by_role("region", name="History")
        .get_by_role("row")
        .filter(has_text=re.compile(r"555\D?0188"))
    )
    expect(change).to_have_count(1)
    expect(change.locator("td[data-label=Who]")).to_have_text("Carol Marsh")
    expect(change).to_contain_text(re.compile(r"555\D?0142"))
    expect(portal_access).to_contain_text("Active")

    # alice revokes, after confirming
    at_alice.get_by_role("link", name="Revoke portal access").click()
    expect(at_alice.get_by_role("heading", level=1)).to_have_text(
        "Revoke Carol Marsh's portal access?"
    )
    at_alice.get_by_role("button", name="Revoke access").click()
    expect(at_alice.get_by_role("status").first).to_contain_text("Portal Access Removed")

    # carol's next click, in the page she still has open, lands on sign-in instead of her data
    at_carol.get_by_role("link", name="My details").click()
    expect(at_carol).to_have_url(re.compile(rf"^{re.escape(identity_service.issuer)}u/login"))
    expect(at_carol.get_by_label("Password")).to_be_visible()
    expect(at_carol.get_by_text("555-0188")).to_have_count(0)

    # and her password no longer opens anything
    sign_in_at_identity_service(at_carol, carol_email, CAROL_PASSWORD)
    expect(at_carol.get_by_role("alert")).to_contain_text("password is not right")
    expect(at_carol).to_have_url(re.compile(rf"^{re.escape(identity_service.issuer)}u/login"))
    assert identity_admin.users_by_email(carol_email) == []

    # while everything of hers is still with the firm
    carol = Contact.objects.get(pk=carol.pk)
    assert carol.emails.get().address == carol_email
    assert [p.number for p in carol.phones.all()] == ["+12075550188"]
    assert list(case.case_clients.values_list("contact_id", flat=True)) == [carol.id]
    assert list(lead.lead_contacts.values_list("contact_id", flat=True)) == [carol.id]
    assert Comment.objects.filter(
        matter=case.matter, author_contact=carol, body="My new number is 555-0188."
    ).exists()
    assert PortalAccount.objects.get(contact=carol).status == PortalAccount.Status.REVOKED
