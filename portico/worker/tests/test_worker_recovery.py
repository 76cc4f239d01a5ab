"""The worker survives what production does to it: killed in the middle of a task, the task runs
again and its work is done once; a task whose worker is alive is left to it; a task cut off by
the database going away runs again once the database is back; a task that kills its worker
every time is given up in plain words instead of taking the queue down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.utils import OperationalError
from django.tasks import TaskResultStatus, task
from django.utils.timezone import now
from django_tasks_db.models import DBTaskResult

from portico.audit.models import AuditEvent
from portico.portal.events import PortalVerb
from portico.portal.models import PortalAccount
from portico.portal.tasks import send_portal_invitation
from portico.testing.factories import carol_of
from portico.testing.identity import unique_email
from portico.testing.sessions import open_account
from portico.worker.lease import reclaim_orphans
from portico.worker.models import WorkerBeat

pytestmark = pytest.mark.django_db(transaction=True)

CALLS: list[str] = []


@task()
def note_once(*, label: str) -> str:
    CALLS.append(label)
    return "noted"


@task()
def cut_off_by_the_database_the_first_time(*, label: str) -> str:
    if label not in CALLS:
        CALLS.append(label)
        raise OperationalError("server closed the connection unexpectedly")
    CALLS.append(f"{label} done")
    return "done"


@pytest.fixture(autouse=True)
def _queue_in_the_database(database_queue, settings):
    CALLS.clear()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def killed_mid_task(result: DBTaskResult, worker_id: str = "killed-by-kill-9") -> None:
    """What `kill -9` leaves: the task claimed (RUNNING) by a worker that beats no more."""
    result.claim(worker_id)
    long_ago = now() - timedelta(minutes=10)
    WorkerBeat.objects.create(worker_id=worker_id, started_at=long_ago, beat_at=long_ago)


def run_worker() -> None:
    call_command("run_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


def result_of(enqueued) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=enqueued.id)


@pytest.fixture
def invited(harbor, alice, identity_admin, identity_settings):
    user = identity_admin.create_user(email=unique_email("carol"))
    account = open_account(carol_of(harbor, actor=alice), status=PortalAccount.Status.INVITED)
    account.identity_user_id = user["user_id"]
    account.save()
    return account


@pytest.mark.identity
def test_an_invitation_whose_worker_was_killed_mid_send_goes_out_exactly_once(invited):
    # given the invitation's task was being run when its worker was killed
    enqueued = send_portal_invitation.enqueue(
        firm_id=str(invited.firm_id), account_id=str(invited.id)
    )
    killed_mid_task(result_of(enqueued))

    # when the worker is started again (a supervisor restarts it)
    run_worker()

    # then the task ran again, and the client got one invitation
    result = result_of(enqueued)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "sent"
    assert len(result.worker_ids) == 2
    assert [m.to for m in mail.outbox] == [[invited.email]]
    assert (
        AuditEvent.objects.filter(
            object_id=str(invited.id), verb=PortalVerb.INVITATION_SENT
        ).count()
        == 1
    )

    # and a later run of the worker sends nothing more
    run_worker()
    assert len(mail.outbox) == 1


@pytest.mark.identity
def test_a_task_killed_after_its_email_went_out_sends_no_second_one(invited):
    # given the worker sent the invitation and recorded it, then died before marking the
    # task done
    enqueued = send_portal_invitation.enqueue(
        firm_id=str(invited.firm_id), account_id=str(invited.id)
    )
    invited.invitation_sent_at = now()
    invited.save(update_fields=["invitation_sent_at"])
    killed_mid_task(result_of(enqueued))

    # when the task runs again
    run_worker()

    # then it finishes without a second email
    result = result_of(enqueued)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "skipped: the invitation was sent already"
    assert mail.outbox == []


def test_a_task_whose_worker_is_alive_is_left_to_it():
    enqueued = note_once.enqueue(label="busy")
    result = result_of(enqueued)
    result.claim("alive-and-busy")
    WorkerBeat.objects.create(worker_id="alive-and-busy", started_at=now(), beat_at=now())

    assert reclaim_orphans() == []
    run_worker()

    assert result_of(enqueued).status == TaskResultStatus.RUNNING
    assert CALLS == []


def test_a_killed_workers_task_runs_again_once():
    enqueued = note_once.enqueue(label="orphan")
    killed_mid_task(result_of(enqueued))

    run_worker()
    run_worker()

    assert CALLS == ["orphan"]
    assert result_of(enqueued).status == TaskResultStatus.SUCCESSFUL


def test_a_task_cut_off_by_the_database_runs_again_when_it_is_back():
    enqueued = cut_off_by_the_database_the_first_time.enqueue(label="invoice")

    # the database drops out under the task: it is queued again, not failed
    run_worker()
    result = result_of(enqueued)
    assert result.status == TaskResultStatus.READY
    assert CALLS == ["invoice"]

    # once its short wait is over, it runs, and is done once
    DBTaskResult.objects.filter(pk=result.pk).update(run_after=now())
    run_worker()
    run_worker()
    assert CALLS == ["invoice", "invoice done"]
    assert result_of(enqueued).status == TaskResultStatus.SUCCESSFUL


def test_a_task_that_kills_its_worker_every_time_is_given_up_in_plain_words(settings):
    enqueued = note_once.enqueue(label="poison")
    result = result_of(enqueued)
    for n in range(settings.TASK_WORKER_MAX_CLAIMS - 1):
        result.claim(f"earlier-{n}")
    killed_mid_task(result)

    run_worker()

    result = result_of(enqueued)
    assert result.status == TaskResultStatus.FAILED
    assert "The worker stopped 5 times while running this task" in result.traceback
    assert CALLS == []
