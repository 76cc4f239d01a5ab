"""Asserting what an action published, as Zulip's tests do with `verify_action`.

    with capture_events() as events:
        add_comment(matter=case, body="...", is_private=False, actor=alice)
    assert events == [CommentAdded(...)]

Events are delivered after commit; inside a test's transaction that is when the block ends,
so `events` fills up then, and stays empty for whatever the block rolled back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.test import TestCase

from portico.core.events import subscribe


@contextmanager
def capture_events(*, using: str = "default") -> Iterator[list]:
    events: list = []
    unsubscribe = subscribe(None, events.append)
    try:
        with TestCase.captureOnCommitCallbacks(using=using, execute=True):
            yield events
    finally:
        unsubscribe()


@pytest.fixture
def captured_events():
    """`capture_events`, for tests that would rather take a fixture than import it."""
    return capture_events
