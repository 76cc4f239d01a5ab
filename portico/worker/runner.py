"""The background worker: django-tasks-db's, made to survive what production does to it.

- Leases (lease.py): a task whose worker was killed mid-run goes back on the queue and runs
  again; one whose worker is alive is never taken from it.
- The database going away (a PostgreSQL restart, a failover) stops nothing: the worker waits,
  reconnects and carries on, where the library's worker would exit on the first error.
- A task cut off by the database going away is queued again, not marked failed: its
  transactions rolled back, so it did nothing that counts.
- A task's outcome is recorded once the database is back, however long that takes, so a
  finished task never stays RUNNING under a live worker.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from django.db import close_old_connections, connection
from django.db.utils import InterfaceError, OperationalError
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished, task_started
from django.utils.timezone import now
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from portico.worker import lease

logger = logging.getLogger("portico.worker")
# Errors that mean "the database is not there right now", not "this task is wrong".
UNREACHABLE = (OperationalError, InterfaceError)
RETRY_AFTER_OUTAGE = timedelta(seconds=2)
MAX_WAIT_SECONDS = 10.0


def _drop_connection() -> None:
    """Let go of a connection the database dropped, so the next query opens a fresh one (a
    pooled one is checked, and replaced when dead, as it is taken)."""
    try:
        connection.close()
    except Exception:  # (the connection is already broken; nothing to save)
        logger.debug("closing a broken connection failed", exc_info=True)


def _patiently(what: str, step, stop: threading.Event | None = None) -> None:
    """Run `step` until the database lets it through."""
    wait = 0.5
    while True:
        try:
            step()
            return
        except UNREACHABLE as error:
            logger.warning("%s: the database is unreachable (%s); trying again", what, error)
            _drop_connection()
            if stop is not None and stop.is_set():
                return
            time.sleep(wait)
            wait = min(wait * 2, MAX_WAIT_SECONDS)


class LeasedWorker(Worker):
    def run(self) -> None:
        logger.info("worker %s starting", self.worker_id)
        _patiently("registering the worker", lambda: lease.beat(self.worker_id))
        stop = threading.Event()
        heart = threading.Thread(target=self._heartbeat, args=(stop,), daemon=True)
        heart.start()
        try:
            self._loop()
        finally:
            stop.set()
            try:
                lease.forget(self.worker_id)
            except UNREACHABLE:
                logger.warning("worker %s: could not sign off; its lease runs out", self.worker_id)

    def _heartbeat(self, stop: threading.Event) -> None:
        every = max(0.5, lease.lease().total_seconds() / 4)
        while not stop.wait(every):
            try:
                lease.beat(self.worker_id)
            except UNREACHABLE as error:
                logger.warning("worker %s: heartbeat missed (%s)", self.worker_id, error)
                _drop_connection()
            finally:
                close_old_connections()

    def _loop(self) -> None:
        reclaim_every = max(0.5, lease.lease().total_seconds() / 2)
        next_reclaim = 0.0
        wait = 0.5
        while self.running:
            try:
                close_old_connections()
                if time.monotonic() >= next_reclaim:
                    lease.reclaim_orphans()
                    next_reclaim = time.monotonic() + reclaim_every
                task_result = self._claim()
                wait = 0.5
            except UNREACHABLE as error:
                logger.warning("worker %s: the database is unreachable (%s)", self.worker_id, error)
                _drop_connection()
                time.sleep(wait)
                wait = min(wait * 2, MAX_WAIT_SECONDS)
                continue
            if task_result is not None:
                self.run_task(task_result)
            elif self.batch:
                logger.info("No more tasks to run for worker_id=%s - exiting.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)

    def _claim(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
            except OperationalError as error:
                if is_locked_database_exception(error):
                    return None
                raise
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.running_task = True
        try:
            outcome, value = self._call(db_task_result)
            if outcome == "again":
                logger.warning(
                    "task %s cut off by the database (%s); queued again", db_task_result.id, value
                )
                _drop_connection()
                _patiently("queueing the task again", lambda: self._queue_again(db_task_result))
            elif outcome == "done":
                _patiently(
                    "recording the task's result", lambda: self._succeeded(db_task_result, value)
                )
            else:
                _patiently("recording the task's failure", lambda: db_task_result.set_failed(value))
            try:
                if outcome != "again":
                    task_finished.send(
                        sender=type(db_task_result.task.get_backend()),
                        task_result=db_task_result.task_result,
                    )
            except Exception:  # (a receiver's bug must not stop the worker)
                logger.exception("task %s: a task_finished receiver failed", db_task_result.id)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _call(self, db_task_result: DBTaskResult) -> tuple[str, object]:
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            task_started.send(sender=type(task.get_backend()), task_result=task_result)
            if task.takes_context:
                from django.tasks import TaskContext

                value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
        except UNREACHABLE as error:
            return "again", error
        except BaseException as error:  # (recorded as the task's failure)
            return "failed", error
        return "done", value

    @staticmethod
    def _succeeded(db_task_result: DBTaskResult, value) -> None:
        try:
            db_task_result.set_successful(value)
        except UNREACHABLE:
            raise
        except Exception as error:  # (e.g. a return value JSON cannot hold)
            db_task_result.set_failed(error)

    @staticmethod
    def _queue_again(db_task_result: DBTaskResult) -> None:
        DBTaskResult.objects.filter(pk=db_task_result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, run_after=now() + RETRY_AFTER_OUTAGE
        )
