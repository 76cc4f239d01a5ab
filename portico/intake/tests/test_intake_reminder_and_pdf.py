"""Staff remind the clients to answer (an email the worker sends over SMTP, with a link to the
intake section), and export a matter's answers as a PDF, private questions included."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from portico.audit.models import AuditEvent
from portico.intake import actions
from portico.portal.actions import send_intake_reminder
from portico.portal.events import IntakeReminderSent
from portico.portal.models import PortalAccount
from portico.testing.events import capture_events
from portico.testing.factories import carol_of, make_lead
from portico.testing.intake import put_intake
from portico.testing.sessions import open_account, portal_client_for
from portico.testing.smtp import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol(harbor, alice):
    return carol_of(harbor, actor=alice)


@pytest.fixture
def lead(harbor, alice, carol):
    return make_lead(harbor, [carol], actor=alice)


@pytest.mark.slow
# The worker opens its own connection, as it would in its own process: no test transaction.
@pytest.mark.django_db(transaction=True)
def test_alice_reminds_carol_who_gets_an_email_with_a_link_to_the_questions(
    lead, carol, alice, as_alice, smtp_inbox, database_queue
):
    put_intake(lead, alice)
    account = open_account(carol)
    with capture_events() as events:
        sent = as_alice.post(f"/workspace/leads/{lead.id}/intake/remind/", follow=True)
    page = sent.content.decode()
    assert f"Reminder sent to {carol.display_name} ({account.email})" in page
    assert [type(e) for e in events] == [IntakeReminderSent]
    assert AuditEvent.objects.filter(verb="portal.intake_reminder", object_id=account.id).exists()
    # the worker (django-tasks-db's db_worker) sends it over SMTP
    [queued] = DBTaskResult.objects.filter(task_path__endswith="send_intake_reminder_email")
    call_command("db_worker", "--batch", "--no-startup-delay")
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    email = smtp_inbox.wait_for(to=account.email)
    text = text_of(email)
    assert "asks you to answer their questions" in text and "3 required questions" in text
    link = re.search(r"http\S+#intake", text).group(0)
    assert link.endswith(f"/portal/leads/{lead.id}/#intake")
    # the link opens carol's questions
    path = link.split("://", 1)[1].split("/", 1)[1]
    opened = portal_client_for(account).get("/" + path.split("#")[0])
    assert opened.status_code == 200 and 'id="intake"' in opened.content.decode()


def test_no_reminder_without_a_client_with_portal_access(lead, carol, alice, as_alice, harbor_api):
    put_intake(lead, alice)
    open_account(carol, status=PortalAccount.Status.INVITED)  # not signed in yet
    refused = as_alice.post(f"/workspace/leads/{lead.id}/intake/remind/", follow=True)
    assert "No client on this lead has portal access yet" in refused.content.decode()
    api = harbor_api.post(f"/api/v1/leads/{lead.id}/intake/reminders")
    assert api.status_code == 422 and "portal access" in api.json()["detail"] + str(api.json())
    assert not AuditEvent.objects.filter(verb="portal.intake_reminder").exists()


def test_the_api_reminds_and_says_to_whom(lead, carol, alice, harbor_api):
    put_intake(lead, alice)
    account = open_account(carol)
    sent = harbor_api.post(f"/api/v1/leads/{lead.id}/intake/reminders")
    assert sent.status_code == 202 and sent.json() == {"sent_to": [account.email]}
    lonely = make_lead(lead.firm, [carol], actor=alice)
    with pytest.raises(Exception, match="no intake questions"):
        send_intake_reminder(matter=lonely, actor=alice)


@pytest.mark.slow
def test_the_pdf_holds_every_question_and_answer_private_ones_too(lead, carol, alice, as_alice):
    intake = put_intake(lead, alice, private_label="Our view of the claim")
    actions.save_answer(matter=lead, question=intake.where, value="Loading dock", actor=carol)
    actions.save_answer(matter=lead, question=intake.how, value="Lifting", actor=carol)
    actions.save_answer(matter=lead, question=intake.private, value="Strong claim", actor=alice)
    response = as_alice.get(f"/workspace/leads/{lead.id}/intake/export.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "Injury intake",
        "Where did it happen? (required) Loading dock",
        "How were you hurt? Lifting",
        "Our view of the claim Private Strong claim",
        "When did it happen? (required) Not answered",
    ):
        assert expected in text, text
    # a client never gets it
    as_carol = portal_client_for(open_account(carol))
    assert as_carol.get(f"/workspace/leads/{lead.id}/intake/export.pdf").status_code in (
        302,
        403,
        404,
    )
