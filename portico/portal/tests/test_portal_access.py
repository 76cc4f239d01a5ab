"""Granting and revoking portal access against the running identity service, through the same
Management API adapter production uses."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from portico.clients.models import ContactEmail
from portico.matters.models import Comment
from portico.portal.models import PortalAccount
from portico.testing.factories import make_case, make_contact
from portico.testing.identity import unique_email
from portico.testing.sessions import api_client_for, portal_client_for, signed_in_client

pytestmark = [pytest.mark.django_db, pytest.mark.identity]


@pytest.fixture
def client_with_case(harbor, alice, identity_settings):
    """A fresh client (their email is new to the identity service) named on a case."""
    contact = make_contact(harbor, "Carol", "Marsh", emails=(unique_email("carol"),), actor=alice)
    make_case(harbor, [contact], actor=alice)
    return contact


def grant_page(contact):
    return f"/workspace/clients/{contact.id}/portal-access/grant/"


def revoke_page(contact):
    return f"/workspace/clients/{contact.id}/portal-access/revoke/"


def test_alice_grants_access_and_carol_is_invited_once(
    client_with_case, alice, identity_admin, django_capture_on_commit_callbacks
):
    carol = client_with_case
    email = carol.emails.get().address
    browser = signed_in_client(alice)
    # the confirmation comes first
    confirm = browser.get(grant_page(carol))
    assert "Give Carol Marsh portal access?" in confirm.content.decode()
    # when alice confirms
    with django_capture_on_commit_callbacks(execute=True):
        done = browser.post(grant_page(carol), follow=True)
    # then she is told, and carol is invited
    assert "Portal Access Granted" in done.content.decode()
    account = PortalAccount.objects.get(contact=carol)
    assert account.status == "invited" and account.email == email
    users = identity_admin.users_by_email(email)
    assert [u["user_id"] for u in users] == [account.identity_user_id]
    assert users[0]["email_verified"] is False
    assert users[0]["app_metadata"]["portal_grants"] == {str(carol.firm_id): str(carol.id)}
    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == [email]
    assert "Harbor & Vale LLP" in invitation.subject
    html = invitation.alternatives[0][0]
    link = re.search(r'href="([^"]+reset-password[^"]+)"', html).group(1)
    assert link in invitation.body and "expires on" in invitation.body
    # and the directory and the contact page say "Invited", with who did it
    assert "Invited" in browser.get("/workspace/clients/").content.decode()
    page = browser.get(f"/workspace/clients/{carol.id}/").content.decode()
    assert "Alice Harbor gave portal access" in page and "sent the portal invitation" in page


def test_a_double_grant_provisions_one_identity_user(
    client_with_case, alice, identity_admin, django_capture_on_commit_callbacks
):
    carol = client_with_case
    browser, api = signed_in_client(alice), api_client_for(carol.firm)
    with django_capture_on_commit_callbacks(execute=True):
        first = browser.post(grant_page(carol))
        second = browser.post(grant_page(carol))
        third = api.post(f"/api/v1/contacts/{carol.id}/portal-access")
    assert (first.status_code, second.status_code, third.status_code) == (302, 302, 201)
    assert len(identity_admin.users_by_email(carol.emails.get().address)) == 1
    assert PortalAccount.objects.filter(contact=carol).count() == 1
    assert len(mail.outbox) == 1
    assert third.json()["status"] == "invited"


def test_granting_an_ineligible_contact_is_refused_with_reasons(
    harbor, alice, identity_admin, identity_settings
):
    # given a contact on no matter, whose only email may not be contacted
    lonely = make_contact(
        harbor, "Lonely", "Contact", emails=(unique_email("lonely"),), actor=alice
    )
    ContactEmail.objects.filter(contact=lonely).update(is_contactable=False)
    browser, api = signed_in_client(alice), api_client_for(harbor)
    # the contact page explains, with links to fix it
    page = browser.get(f"/workspace/clients/{lonely.id}/").content.decode()
    assert "is not on any lead or case yet" in page and "marked as not to be contacted" in page
    # when alice (or the API) tries anyway
    refused_page = browser.post(grant_page(lonely))
    refused_api = api.post(f"/api/v1/contacts/{lonely.id}/portal-access")
    # then both refuse with the reasons, and no identity user exists
    assert refused_page.status_code == 422
    assert "cannot be given access yet" in refused_page.content.decode()
    assert refused_api.status_code == 422
    assert [p["code"] for p in refused_api.json()["problems"]] == [
        "no_matter",
        "email_not_contactable",
    ]
    assert identity_admin.users_by_email(lonely.emails.get().address) == []
    assert not PortalAccount.objects.filter(contact=lonely).exists()


def test_granting_while_the_identity_service_is_down_leaves_nothing_and_works_later(
    client_with_case, alice, identity_service, identity_admin, django_capture_on_commit_callbacks
):
    carol = client_with_case
    browser = signed_in_client(alice)
    identity_service.stop()
    try:
        refused = browser.post(grant_page(carol))
    finally:
        identity_service.start()
    assert refused.status_code == 503
    assert "did not answer, so nothing was changed" in refused.content.decode()
    assert not PortalAccount.objects.filter(contact=carol).exists()
    assert identity_admin.users_by_email(carol.emails.get().address) == []
    # once it is back, the same click works
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.post(grant_page(carol)).status_code == 302
    assert PortalAccount.objects.get(contact=carol).status == "invited"
    assert len(identity_admin.users_by_email(carol.emails.get().address)) == 1


def test_revoking_closes_the_door_at_once_and_keeps_every_record(
    client_with_case, alice, identity_admin, django_capture_on_commit_callbacks
):
    carol = client_with_case
    email = carol.emails.get().address
    browser = signed_in_client(alice)
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(grant_page(carol))
    account = PortalAccount.objects.get(contact=carol)
    carol_browser = portal_client_for(account)
    case = carol.case_links.get().case
    assert (
        carol_browser.post(f"/portal/cases/{case.id}/", {"body": "Here are my notes."}).status_code
        == 302
    )
    # when alice revokes, after confirming
    assert "Revoke Carol Marsh" in browser.get(revoke_page(carol)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = browser.post(revoke_page(carol), follow=True)
    # then she is told, carol's next click lands on sign-in, and her login is gone
    assert "Portal Access Removed" in done.content.decode()
    assert carol_browser.get("/portal/").url == "/portal/sign-in/?next=%2Fportal%2F"
    assert carol_browser.get("/portal/api/v1/me").status_code == 401
    assert identity_admin.users_by_email(email) == []
    # and nothing of carol's is lost
    account.refresh_from_db()
    assert account.status == "revoked"
    assert Comment.objects.filter(
        matter=case.matter, author_contact=carol, body="Here are my notes."
    ).exists()
    assert carol.emails.get().address == email
    # granting again sends a fresh invitation
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(grant_page(carol))
    account.refresh_from_db()
    assert account.status == "invited"
    assert len(identity_admin.users_by_email(email)) == 1
    assert len(mail.outbox) == 2
    history = browser.get(f"/workspace/clients/{carol.id}/").content.decode()
    assert "revoked portal access" in history and "gave portal access again" in history


def test_revoking_one_firms_access_keeps_the_persons_other_door(
    harbor,
    other_firm,
    alice,
    dave,
    identity_admin,
    identity_settings,
    django_capture_on_commit_callbacks,
):
    # given one person who is a client of both firms
    email = unique_email("both")
    at_harbor = make_contact(harbor, "Pat", "Both", emails=(email,), actor=alice)
    make_case(harbor, [at_harbor], actor=alice)
    at_other = make_contact(other_firm, "Pat", "Both", emails=(email,), actor=dave)
    make_case(other_firm, [at_other], actor=dave)
    with django_capture_on_commit_callbacks(execute=True):
        api_client_for(harbor).post(f"/api/v1/contacts/{at_harbor.id}/portal-access")
        api_client_for(other_firm).post(f"/api/v1/contacts/{at_other.id}/portal-access")
    [user] = identity_admin.users_by_email(email)
    assert set(user["app_metadata"]["portal_grants"]) == {str(harbor.id), str(other_firm.id)}
    # when Harbor & Vale revokes
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(harbor).delete(f"/api/v1/contacts/{at_harbor.id}/portal-access")
    # then the person keeps their login for Other Firm's portal
    assert response.json()["status"] == "revoked"
    [user] = identity_admin.users_by_email(email)
    assert user["app_metadata"]["portal_grants"] == {str(other_firm.id): str(at_other.id)}
