"""The invitation is sent by the worker over SMTP; when the mail server is down it is tried
again later, with the same link-making step, until it goes out."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils.timezone import now
from django_tasks_db.models import DBTaskResult

from portico.audit.models import AuditEvent
from portico.portal.models import PortalAccount
from portico.portal.tasks import send_portal_invitation
from portico.testing.identity import unique_email
from portico.testing.sessions import open_account

pytestmark = [pytest.mark.django_db, pytest.mark.identity]


@pytest.fixture
def invited(carol, identity_admin, identity_settings):
    user = identity_admin.create_user(email=unique_email("carol"))
    account = open_account(carol.contact, status=PortalAccount.Status.INVITED)
    account.identity_user_id = user["user_id"]
    account.save()
    return account


def test_an_invitation_the_mail_server_refuses_is_queued_again(invited, database_queue, settings):
    # given a mail server that is not answering
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    # when the worker runs the invitation
    outcome = send_portal_invitation.call(firm_id=str(invited.firm_id), account_id=str(invited.id))
    # then it is queued again for later, and nothing claims it was sent
    assert outcome == "retrying"
    [retry] = DBTaskResult.objects.filter(task_path__endswith="send_portal_invitation")
    assert retry.run_after > now()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    invited.refresh_from_db()
    assert invited.invitation_sent_at is None

    # when the mail server is back and the retry runs
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert send_portal_invitation.call(**retry.args_kwargs["kwargs"]) == "sent"
    # then the invitation goes out once
    assert [m.to for m in mail.outbox] == [[invited.email]]
    invited.refresh_from_db()
    assert invited.invitation_sent_at is not None


def test_no_invitation_goes_to_a_client_whose_access_was_revoked_meanwhile(invited):
    invited.status = PortalAccount.Status.REVOKED
    invited.save()
    outcome = send_portal_invitation.call(firm_id=str(invited.firm_id), account_id=str(invited.id))
    assert outcome.startswith("skipped")
    assert mail.outbox == []


def test_the_invitation_comes_from_the_firm_in_its_colours_and_time_zone(invited, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    firm = invited.firm
    firm.email_sender_name = "Harbor & Vale Client Care"
    firm.accent_colour = "#7a1f5c"
    firm.timezone = "America/Los_Angeles"
    firm.save()

    send_portal_invitation.call(firm_id=str(invited.firm_id), account_id=str(invited.id))

    [message] = mail.outbox
    assert message.from_email == "Harbor & Vale Client Care <portal@localhost>"
    html = message.alternatives[0][0]
    assert "background:#7a1f5c" in html
    # the link's expiry is told in the firm's own zone, with its abbreviation
    assert re.search(r"at \d{1,2}:\d\d [AP]M P[SD]T\.", message.body)


def test_a_partner_resends_an_invitation_that_has_not_been_used(
    invited, alice, as_alice, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    page = as_alice.get(f"/workspace/clients/{invited.contact_id}/")
    assert "Resend the invitation" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = as_alice.post(
            f"/workspace/clients/{invited.contact_id}/portal-access/resend/", follow=True
        )

    assert "A new invitation is on its way to" in response.content.decode()
    [message] = mail.outbox
    assert message.to == [invited.email]
    invited.refresh_from_db()
    assert invited.status == PortalAccount.Status.INVITED
    assert invited.invitation_sent_at is not None
    verbs = list(AuditEvent.objects.filter(object_id=invited.id).values_list("verb", flat=True))
    assert verbs[:2] == ["portal.invitation_sent", "portal.invitation_resent"]
    assert "sent the portal invitation again" in response.content.decode()


def test_an_active_client_gets_no_new_invitation(carol, as_alice):
    account = open_account(carol.contact, status=PortalAccount.Status.ACTIVE)

    response = as_alice.post(
        f"/workspace/clients/{account.contact_id}/portal-access/resend/", follow=True
    )

    assert "has no invitation waiting, so none was sent" in response.content.decode()
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(verb="portal.invitation_resent").exists()
