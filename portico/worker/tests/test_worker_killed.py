"""The worker as the Procfile runs it (`manage.py run_worker`), killed with SIGKILL in the middle
of a task: once the worker is started again, the task runs again and its work is done exactly
once. Between processes, so on PostgreSQL (the SQLite test database lives in this process)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

ROOT = Path(__file__).resolve().parents[3]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="worker processes cannot share the in-memory SQLite test database; CI runs it on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


@task()
def file_the_papers(*, folder: str) -> str:
    """Starts, waits for the go-ahead (so a test can kill the worker in the middle), finishes."""
    here = Path(folder)
    with (here / "log").open("a") as log:
        log.write("started\n")
    while not (here / "go").exists():
        time.sleep(0.05)
    with (here / "log").open("a") as log:
        log.write("filed\n")
    return "filed"


def start_worker(tmp_path: Path, name: str) -> subprocess.Popen:
    s = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}",
        "PORTICO_WORKER_LEASE_SECONDS": "2",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 (the child holds it)
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until(check, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds:.0f} s for {what}")
        time.sleep(0.1)


def test_a_task_whose_worker_was_killed_mid_run_runs_again_exactly_once(database_queue, tmp_path):
    log = tmp_path / "log"
    enqueued = file_the_papers.enqueue(folder=str(tmp_path))

    first = start_worker(tmp_path, "first")
    try:
        wait_until(lambda: log.exists() and log.read_text() == "started\n", "the task to start")
        # kill -9 in the middle of the task
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        first.kill()
    assert DBTaskResult.objects.get(pk=enqueued.id).status == TaskResultStatus.RUNNING
    (tmp_path / "go").touch()

    second = start_worker(tmp_path, "second")
    try:
        wait_until(
            lambda: DBTaskResult.objects.get(pk=enqueued.id).status == TaskResultStatus.SUCCESSFUL,
            "the task to run again and finish",
        )
    finally:
        second.terminate()
        second.wait(timeout=20)

    result = DBTaskResult.objects.get(pk=enqueued.id)
    assert result.return_value == "filed"
    assert len(result.worker_ids) == 2
    assert log.read_text() == "started\nstarted\nfiled\n"
