"""What the live table keeps: each committed event once per audience, only what that audience
may see, for LIVE_EVENTS_KEPT_HOURS."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils.timezone import now

from portico.live.models import WORKSPACE, LiveEvent, client_audience
from portico.live.tasks import prune_live_events
from portico.matters.actions import add_comment
from portico.testing.events import capture_events
from portico.testing.factories import carol_of, dan_of, make_case
from portico.testing.sessions import open_account

pytestmark = pytest.mark.django_db


def test_a_shared_comment_is_kept_for_the_firm_and_each_client_with_portal_access(harbor, alice):
    carol, dan = carol_of(harbor, actor=alice), dan_of(harbor, actor=alice)
    case = make_case(harbor, [carol, dan], actor=alice)
    open_account(carol)  # dan has no portal access: nothing is kept for him
    with capture_events():
        add_comment(matter=case, body="Shared words.", is_private=False, actor=alice)
        add_comment(matter=case, body="Private words.", is_private=True, actor=alice)
    kept = list(LiveEvent.objects.for_firm(harbor.id).filter(type="matters.CommentAdded"))
    assert [k.audience for k in kept] == [WORKSPACE, client_audience(carol.id), WORKSPACE]
    assert kept[1].payload["say"] == "New message"
    assert kept[1].payload["topics"] == ["home", f"matter:{case.matter_id}"]
    assert "words" not in str([k.payload for k in kept])


def test_the_worker_prunes_what_is_older_than_the_window(harbor, alice, settings):
    settings.LIVE_EVENTS_KEPT_HOURS = 24
    old = LiveEvent.objects.create(
        firm=harbor, audience=WORKSPACE, type="x", created_at=now() - timedelta(hours=25)
    )
    recent = LiveEvent.objects.create(
        firm=harbor, audience=WORKSPACE, type="x", created_at=now() - timedelta(hours=23)
    )
    assert prune_live_events.call(firm_id=str(harbor.id)) == 1
    assert list(LiveEvent.objects.for_firm(harbor.id).filter(type="x")) == [recent]
    assert not LiveEvent.objects.filter(pk=old.pk).exists()
