"""The worker keeps the live events' table to its window (LIVE_EVENTS_KEPT_HOURS)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils.timezone import now

from portico.core.rls import activate_firm
from portico.live.models import LiveEvent


@task()
def prune_live_events(*, firm_id: str) -> int:
    """Delete the firm's live events older than the window; how many went."""
    cutoff = now() - timedelta(hours=settings.LIVE_EVENTS_KEPT_HOURS)
    with transaction.atomic():
        activate_firm(firm_id)
        deleted, _ = LiveEvent.objects.for_firm(firm_id).filter(created_at__lt=cutoff).delete()
    return deleted
