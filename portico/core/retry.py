"""Tasks that fail on something outside Portico (the identity service, the mail server) are
queued again with backoff where the queue can wait; elsewhere they fail loudly."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.tasks import Task, default_task_backend
from django.utils.timezone import now

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def retry_later(the_task: Task, attempt: int, error: Exception, **kwargs) -> None:
    """Try again with backoff (1, 2, 4, ... minutes) where the queue can defer; else fail loudly."""
    if attempt >= MAX_ATTEMPTS or not default_task_backend.supports_defer:
        raise error
    delay = timedelta(minutes=2 ** (attempt - 1))
    logger.warning(
        "%s failed (attempt %s), retrying in %s: %s", the_task.name, attempt, delay, error
    )
    the_task.using(run_after=now() + delay).enqueue(attempt=attempt + 1, **kwargs)
