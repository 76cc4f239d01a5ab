"""Leases on claimed tasks: a worker's heartbeat, and the return of tasks whose worker died.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again. A
worker killed in the middle (kill -9, out of memory, the machine lost) leaves it RUNNING for
ever, and the work is lost. Here every worker beats while it lives; a task whose worker has not
beaten for the lease goes back to the queue and runs again. Tasks are written to be idempotent
(they check, in the database, whether their work is already done), so running again after a
crash does the work once. A task that kills its worker every time stops after MAX_CLAIMS runs
and is marked failed, so it cannot take the queue down with it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils.timezone import now
from django_tasks_db.models import DBTaskResult

from portico.worker.models import WorkerBeat

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running a task stopped without finishing it, too many times."""


def lease() -> timedelta:
    return timedelta(seconds=settings.TASK_WORKER_LEASE_SECONDS)


def beat(worker_id: str) -> None:
    moment = now()
    updated = WorkerBeat.objects.filter(worker_id=worker_id).update(beat_at=moment)
    if not updated:
        WorkerBeat.objects.update_or_create(
            worker_id=worker_id, defaults={"beat_at": moment, "started_at": moment}
        )


def forget(worker_id: str) -> None:
    """A worker stopping cleanly: whatever it still holds may be run by another at once."""
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def reclaim_orphans() -> list[str]:
    """Put back on the queue every task left RUNNING by a worker that stopped beating; fail
    those that have lost MAX_CLAIMS workers already. Returns the ids put back."""
    cutoff = now() - lease()
    alive = set(WorkerBeat.objects.filter(beat_at__gte=cutoff).values_list("worker_id", flat=True))
    back: list[str] = []
    with transaction.atomic():
        running = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        for result in running:
            owner = result.worker_ids[-1] if result.worker_ids else None
            if owner in alive:
                continue
            if len(result.worker_ids) >= settings.TASK_WORKER_MAX_CLAIMS:
                logger.error(
                    "task %s (%s): its worker stopped %s times while running it; giving up",
                    result.id,
                    result.task_path,
                    len(result.worker_ids),
                )
                result.set_failed(
                    WorkerLost(
                        f"The worker stopped {len(result.worker_ids)} times while running this "
                        "task, so it was not tried again."
                    )
                )
                continue
            logger.warning(
                "task %s (%s): its worker %s stopped mid-task; back on the queue",
                result.id,
                result.task_path,
                owner,
            )
            result.status = TaskResultStatus.READY
            result.save(update_fields=["status"])
            back.append(str(result.id))
    WorkerBeat.objects.filter(beat_at__lt=cutoff - lease()).delete()
    return back
