"""The invitation is sent by the worker over SMTP; when the mail server is down it is tried
again later, with the same link-making step, until it goes out."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils.timezone import now
from django_tasks_db.models import DBTaskResult

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
