"""Ending sessions and access tokens for good: a revoked session never comes back, not when
access is given again before its next click, and not at a firm that still grants access
unless the cutoff named that firm only."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from portico.accounts.revocation import end_sessions_and_tokens
from portico.portal.actions import revoke_portal_access
from portico.portal.models import PortalAccount
from portico.testing.factories import carol_of, make_case, make_contact
from portico.testing.identity import signed_access_token
from portico.testing.sessions import open_account, portal_client_for, signed_in_client

pytestmark = pytest.mark.django_db


def give_access_again(account: PortalAccount) -> None:
    """As granting again leaves it once carol accepts (the grant itself is tested against the
    identity service): the same login, open again."""
    PortalAccount.objects.filter(pk=account.pk).update(
        status=PortalAccount.Status.ACTIVE, revoked_at=None
    )


def test_revoked_and_granted_again_before_the_next_click_the_old_session_stays_out(harbor, alice):
    # given carol, signed in to the portal
    carol = carol_of(harbor, actor=alice)
    make_case(harbor, [carol], actor=alice)
    account = open_account(carol)
    old_session = portal_client_for(account)
    assert old_session.get("/portal/").status_code == 200
    # when alice revokes and grants again before carol's session makes a request
    revoke_portal_access(account=account, actor=alice)
    give_access_again(account)
    # then that session is refused, page and API alike
    assert old_session.get("/portal/").url.startswith("/portal/sign-in/")
    assert old_session.get("/portal/api/v1/me").status_code == 401
    # and a new sign-in works
    assert portal_client_for(account).get("/portal/").status_code == 200


def test_revoking_at_one_firm_keeps_the_persons_session_at_the_other(
    harbor, other_firm, alice, dave
):
    # given one person, a client of both firms with the same login, signed in to both portals
    at_harbor = open_account(carol_of(harbor, actor=alice))
    at_other = open_account(
        make_contact(other_firm, "Carol", "Marsh", emails=("carol@marsh.example",), actor=dave)
    )
    PortalAccount.objects.filter(pk=at_other.pk).update(identity_user_id=at_harbor.identity_user_id)
    at_other.refresh_from_db()
    harbor_session, other_session = portal_client_for(at_harbor), portal_client_for(at_other)
    # when Harbor & Vale revokes and grants again
    revoke_portal_access(account=at_harbor, actor=alice)
    give_access_again(at_harbor)
    # then the Harbor & Vale session is over, and the Other Firm one is not
    assert harbor_session.get("/portal/api/v1/me").status_code == 401
    assert other_session.get("/portal/api/v1/me").status_code == 200


def test_a_cutoff_everywhere_ends_every_session_of_that_person_only(harbor, alice, bob):
    as_alice, as_bob = signed_in_client(alice), signed_in_client(bob)
    end_sessions_and_tokens(sub=bob.sub, reason="blocked at the identity service")
    assert as_bob.get("/workspace/").status_code == 302
    assert as_alice.get("/workspace/").status_code == 200
    # bob signs in again later: that session is a new one
    time.sleep(0.001)
    assert signed_in_client(bob).get("/workspace/").status_code == 200


def test_a_session_from_before_sign_in_times_were_kept_is_ended_by_any_cutoff(harbor, alice):
    as_alice = signed_in_client(alice)
    session = as_alice.session
    session["portico_principal"]["signed_in_at"] = 0.0
    del session["portico_principal"]["signed_in_at"]
    session.save()
    assert as_alice.get("/workspace/").status_code == 200
    end_sessions_and_tokens(sub=alice.sub, firm_id=harbor.id, reason="test")
    assert as_alice.get("/workspace/").status_code == 302


@pytest.mark.identity
def test_an_access_token_issued_before_the_cutoff_is_refused_and_a_later_one_works(
    harbor, bob, identity_service, identity_settings
):
    settings = identity_settings
    old = signed_access_token(identity_service, bob.sub, settings.PORTICO_API_AUDIENCE)
    api = Client(headers={"Authorization": f"Bearer {old}"})
    assert api.get("/api/v1/me").status_code == 200
    # when bob's sessions and tokens at Harbor & Vale are ended
    end_sessions_and_tokens(sub=bob.sub, firm_id=harbor.id, reason="signed out everywhere")
    # then his token is refused at once, though it has not expired
    assert api.get("/api/v1/me").status_code == 401
    # and a token issued after it works
    new = signed_access_token(
        identity_service, bob.sub, settings.PORTICO_API_AUDIENCE, iat=int(time.time()) + 2
    )
    assert Client(headers={"Authorization": f"Bearer {new}"}).get("/api/v1/me").status_code == 200
