"""While the identity service cannot be reached, granting changes nothing and says so in plain
words; revoking closes Portico's door at once and leaves the rest for later; an invitation
waits. The service's transport is made to fail here (fast); `test_portal_access` stops the
real service once to show this stands for a real outage."""

from __future__ import annotations

import pytest
from django.utils.timezone import now
from django_tasks_db.models import DBTaskResult

from portico.audit.models import AuditEvent
from portico.portal.models import PortalAccount
from portico.portal.tasks import remove_identity_grant, send_portal_invitation
from portico.testing.sessions import open_account, signed_in_client

pytestmark = pytest.mark.django_db

UNAVAILABLE = "The sign-in service did not answer, so nothing was changed."


def test_the_api_refuses_to_grant_with_503_and_saves_nothing(
    carol, harbor_api, identity_unreachable
):
    response = harbor_api.post(f"/api/v1/contacts/{carol.contact.id}/portal-access")
    assert response.status_code == 503
    assert response.json()["detail"].startswith(UNAVAILABLE)
    assert not PortalAccount.objects.filter(contact=carol.contact).exists()
    assert not AuditEvent.objects.filter(verb__startswith="portal.").exists()


def test_the_grant_page_says_so_and_saves_nothing(carol, alice, identity_unreachable):
    page = signed_in_client(alice).post(
        f"/workspace/clients/{carol.contact.id}/portal-access/grant/"
    )
    assert page.status_code == 503
    assert UNAVAILABLE in page.content.decode()
    assert not PortalAccount.objects.filter(contact=carol.contact).exists()


def test_revoking_closes_the_door_at_once_and_removes_the_grant_later(
    carol,
    alice,
    as_carol,
    identity_unreachable,
    database_queue,
    django_capture_on_commit_callbacks,
):
    account = PortalAccount.objects.get(contact=carol.contact)
    # when alice revokes carol's access while the identity service is unreachable
    with django_capture_on_commit_callbacks(execute=True):
        done = signed_in_client(alice).post(
            f"/workspace/clients/{carol.contact.id}/portal-access/revoke/"
        )
    # then carol's door is closed at once
    assert done.status_code == 302
    account.refresh_from_db()
    assert account.status == PortalAccount.Status.REVOKED
    assert as_carol.get("/portal/").url == "/portal/sign-in/?next=%2Fportal%2F"
    # and removing her grant at the identity service waits in the queue, then retries later
    [queued] = DBTaskResult.objects.filter(task_path__endswith="remove_identity_grant")
    assert remove_identity_grant.call(**queued.args_kwargs["kwargs"]) == "retrying"
    retry = DBTaskResult.objects.filter(task_path__endswith="remove_identity_grant").latest(
        "enqueued_at"
    )
    assert retry.run_after > now() and retry.args_kwargs["kwargs"]["attempt"] == 2


def test_an_invitation_waits_for_the_identity_service(carol, identity_unreachable, database_queue):
    account = open_account(carol.contact, status=PortalAccount.Status.INVITED)
    outcome = send_portal_invitation.call(firm_id=str(account.firm_id), account_id=str(account.id))
    assert outcome == "retrying"
    account.refresh_from_db()
    assert account.invitation_sent_at is None
