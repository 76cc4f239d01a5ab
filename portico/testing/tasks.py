"""Which queue background work goes to in a test (it runs at once unless a test says so)."""

from __future__ import annotations

import pytest

IMMEDIATE = "django.tasks.backends.immediate.ImmediateBackend"


def use_task_backend(backend: str) -> None:
    """Point django.tasks at `backend` (its handler caches its settings, so reset it too)."""
    from asgiref.local import Local
    from django.conf import settings
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": backend}}
    task_backends._settings = None
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def database_queue():
    """Queue background work in the database, as the worker would find it, instead of running
    it at once: a task that retries later leaves its retry there to look at."""
    use_task_backend("django_tasks_db.DatabaseBackend")
    yield
    use_task_backend(IMMEDIATE)


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_at_once(django_test_environment):
    """In tests, queued work runs when its transaction commits, in the same process: what the
    worker would do a moment later. The worker itself is `manage.py run_worker` (portico/worker/)."""
    use_task_backend(IMMEDIATE)
