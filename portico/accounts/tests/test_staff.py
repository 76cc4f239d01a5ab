"""The firm's staff: partners invite by email with a role, see and resend pending invitations,
change roles and remove members; a firm keeps a partner; only partners manage staff. Removal
closes the door at once: the member's open session and their API token are refused at their
next request, and the identity service's login goes when nothing else needs it."""

from __future__ import annotations

import re

import httpx
import pytest

from portico.accounts.tests.test_create_firm import set_password_from
from portico.identity.admin import UserNotFound
from portico.identity.grants import PORTAL_GRANTS_KEY, STAFF_GRANTS_KEY
from portico.tenancy.models import StaffMember
from portico.testing.factories import StaffMemberFactory
from portico.testing.http_browser import sign_in
from portico.testing.identity import staff_access_token, unique_email
from portico.testing.smtp import text_of

BOB_PASSWORD = "Copper-Meadow-Kite-3x"


def test_everyone_sees_the_staff_and_only_partners_see_how_to_manage_it(
    harbor, alice, bob, as_alice, as_bob
):
    ivy = StaffMemberFactory(firm=harbor, name="Ivy Invited", invited_at="2026-11-30T10:00Z")
    page = as_bob.get("/workspace/staff/").content.decode()
    assert "Alice Harbor" in page and "Bob Vale" in page
    assert "Invited" in page and "Ivy Invited" in page
    assert "Invite someone" not in page and "Resend" not in page
    partner_page = as_alice.get("/workspace/staff/").content.decode()
    assert "Invite someone" in partner_page
    assert f"/workspace/staff/{ivy.id}/resend/" in partner_page


@pytest.mark.django_db
def test_only_partners_manage_staff_keys_and_settings(harbor, alice, bob, as_bob, harbor_api):
    for url in (
        "/workspace/staff/invite/",
        f"/workspace/staff/{alice.id}/",
        f"/workspace/staff/{alice.id}/remove/",
        "/workspace/settings/",
        "/workspace/settings/api-keys/",
    ):
        assert as_bob.get(url).status_code == 403, url
    assert as_bob.post(f"/workspace/staff/{alice.id}/remove/").status_code == 403
    assert as_bob.post("/workspace/settings/details/", {"name": "Bob & Co"}).status_code == 403
    # an API key is the firm's tool, not a partner
    refused = harbor_api.post(
        "/api/v1/staff/invitations",
        {"email": "x@example.com", "name": "X", "role": "partner"},
        content_type="application/json",
    )
    assert refused.status_code == 403 and "Only a partner" in refused.json()["detail"]
    assert (
        harbor_api.patch(
            f"/api/v1/staff/{bob.id}", {"role": "partner"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert harbor_api.delete(f"/api/v1/staff/{alice.id}").status_code == 403
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert alice.is_active and bob.role == "associate"


def test_a_partner_changes_a_role_and_the_last_partner_stays_one(harbor, alice, bob, as_alice):
    # alice, the only partner, cannot stop being one
    refused = as_alice.post(f"/workspace/staff/{alice.id}/", {"role": "associate"})
    assert refused.status_code == 422
    assert "A firm keeps at least one partner" in refused.content.decode()
    alice.refresh_from_db()
    assert alice.role == "partner"
    # nor be removed
    refused = as_alice.post(f"/workspace/staff/{alice.id}/remove/")
    assert refused.status_code == 422
    assert "A firm keeps at least one partner" in refused.content.decode()
    # an invited partner who has not signed in yet does not count
    StaffMemberFactory(firm=harbor, role="partner", invited_at="2026-11-30T10:00Z")
    assert as_alice.post(f"/workspace/staff/{alice.id}/", {"role": "associate"}).status_code == 422
    # she makes bob a partner; then she may step down
    assert as_alice.post(f"/workspace/staff/{bob.id}/", {"role": "partner"}).status_code == 302
    assert as_alice.post(f"/workspace/staff/{alice.id}/", {"role": "associate"}).status_code == 302
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert (alice.role, bob.role) == ("associate", "partner")
    # and, no longer a partner, she may not manage staff
    assert as_alice.get("/workspace/staff/invite/").status_code == 403


def test_partners_edit_the_firms_name_currency_and_time_zone(harbor, alice, as_alice):
    saved = as_alice.post(
        "/workspace/settings/details/",
        {"name": "Harbor, Vale & Co", "currency": "eur", "timezone": "Europe/Dublin"},
    )
    assert saved.status_code == 302
    harbor.refresh_from_db()
    assert (harbor.name, harbor.currency, harbor.timezone) == (
        "Harbor, Vale & Co",
        "EUR",
        "Europe/Dublin",
    )
    refused = as_alice.post(
        "/workspace/settings/details/",
        {"name": "Renamed", "currency": "euros", "timezone": "Mars/Olympus"},
    )
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "three-letter ISO code" in html and "IANA name" in html
    harbor.refresh_from_db()
    assert harbor.name == "Harbor, Vale & Co"


def _bob_signs_up(smtp_inbox, base: str, email: str):
    invitation = smtp_inbox.wait_for(to=email, timeout=30)
    link = re.search(r"http\S+/reset-password\S+", text_of(invitation)).group(0)
    set_password_from(link, BOB_PASSWORD)
    return sign_in(base, email, BOB_PASSWORD)


@pytest.mark.identity
def test_an_invited_associate_signs_in_and_removal_shuts_them_out_at_once(
    web_with_identity, identity_service, identity_admin, smtp_inbox, harbor, alice, as_alice
):
    base = web_with_identity
    email = unique_email("bob")
    # alice invites bob as an associate
    sent = as_alice.post(
        "/workspace/staff/invite/", {"name": "Bob Vale", "email": email, "role": "associate"}
    )
    assert sent.status_code == 302
    bob = StaffMember.objects.get(firm=harbor, email=email)
    assert bob.is_pending and bob.role == "associate"
    listed = as_alice.get("/workspace/staff/").content.decode()
    assert "Invitations not accepted yet" in listed and email in listed
    # and resends it: a second email arrives
    smtp_inbox.wait_for(to=email, timeout=30)
    assert as_alice.post(f"/workspace/staff/{bob.id}/resend/").status_code == 302
    assert len([m for m in smtp_inbox.messages if email in str(m["To"])]) == 2

    # bob follows the link, chooses a password and signs in to Harbor & Vale's workspace
    at_bob, landed = _bob_signs_up(smtp_inbox, base, email)
    assert str(landed.url) == f"{base}/workspace/"
    bob.refresh_from_db()
    assert not bob.is_pending
    # his own tool gets a token for the staff API
    token = staff_access_token(identity_service, base, email, BOB_PASSWORD)["access_token"]
    as_bobs_tool = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{base}/api/v1/me", headers=as_bobs_tool).json()["staff"]["email"] == email

    # alice removes him
    assert as_alice.post(f"/workspace/staff/{bob.id}/remove/").status_code == 302
    # his open workspace session is refused at his next click
    after = at_bob.get(f"{base}/workspace/clients/")
    assert "/workspace/clients/" not in str(after.url)
    assert 'type="password"' in after.text  # back at the sign-in page
    # and his still-valid token is refused at its next call
    assert httpx.get(f"{base}/api/v1/me", headers=as_bobs_tool).status_code == 401
    # his login is gone at the identity service: nothing else needed it
    with pytest.raises(UserNotFound):
        identity_admin.get_user(bob.sub)
    # and he is no longer listed
    assert f'"Email">{email}<' not in as_alice.get("/workspace/staff/").content.decode()
    at_bob.close()


@pytest.mark.identity
def test_removal_keeps_a_login_another_door_needs(
    identity_settings, identity_admin, harbor, alice, django_capture_on_commit_callbacks
):
    from portico.accounts.actions import invite_staff, remove_staff_member

    email = unique_email("pat")
    # pat is a client of another firm already (their login carries that firm's portal grant)
    identity_admin.create_user(
        email=email, app_metadata={PORTAL_GRANTS_KEY: {"other-firm": "contact-1"}}
    )
    pat = invite_staff(firm=harbor, email=email, name="Pat", role="associate", actor=alice)
    user = identity_admin.get_user(pat.sub)
    assert user["app_metadata"][STAFF_GRANTS_KEY] == [str(harbor.id)]
    with django_capture_on_commit_callbacks(execute=True):
        remove_staff_member(member=pat, actor=alice)
    user = identity_admin.get_user(pat.sub)
    assert STAFF_GRANTS_KEY not in user["app_metadata"]
    assert user["app_metadata"][PORTAL_GRANTS_KEY] == {"other-firm": "contact-1"}


@pytest.mark.identity
def test_the_staff_api_invites_lists_changes_and_removes(
    web_with_identity, identity_service, identity_admin, smtp_inbox, harbor, alice
):
    base = web_with_identity
    alice_email = unique_email("alice")
    user = identity_admin.create_user(
        email=alice_email, password=BOB_PASSWORD, email_verified=True, name="Alice"
    )
    StaffMember.objects.filter(pk=alice.pk).update(sub=user["user_id"], email=alice_email)
    headers = {
        "Authorization": "Bearer "
        + staff_access_token(identity_service, base, alice_email, BOB_PASSWORD)["access_token"]
    }
    api = httpx.Client(base_url=f"{base}/api/v1", headers=headers, timeout=20)
    email = unique_email("cleo")
    invited = api.post("/staff/invitations", json={"email": email, "name": "Cleo", "role": "staff"})
    assert invited.status_code == 422  # no such role: the roles are named
    assert "Partner, Associate, Paralegal, Assistant" in str(invited.json()["errors"]["role"])
    invited = api.post(
        "/staff/invitations", json={"email": email, "name": "Cleo", "role": "paralegal"}
    )
    assert invited.status_code == 201 and invited.json()["pending"] is True
    cleo = invited.json()["id"]
    assert [m["email"] for m in api.get("/staff/invitations").json()] == [email]
    assert api.post(f"/staff/{cleo}/invitation").status_code == 200
    assert api.patch(f"/staff/{cleo}", json={"role": "associate"}).json()["role"] == "associate"
    assert api.delete(f"/staff/{cleo}").status_code == 204
    assert api.get(f"/staff/{cleo}").status_code == 404
    assert api.get("/staff/invitations").json() == []
    api.close()
