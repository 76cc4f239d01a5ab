"""From a committed domain event to the streams: keep it, per audience, then tell the bus.

action ─ COMMIT ─▶ record_live_event(event) ─ INSERT live_liveevent (one row per audience)
                                            └ bus.publish(note) ─▶ every web process's hub
"""

from __future__ import annotations

import logging
import time

from django.db import transaction

from portico.core.events import event_to_json
from portico.core.rls import activate_firm
from portico.live.audiences import RECHECK_ONLY, audiences_of
from portico.live.bus import live_bus
from portico.live.models import LiveEvent
from portico.live.tasks import prune_live_events
from portico.tenancy.models import Firm

logger = logging.getLogger(__name__)
PRUNE_EVERY_SECONDS = 3600
_last_prune: dict[str, float] = {}


def record_live_event(event: object) -> None:
    """Keep `event` for each audience that may hear of it and send it to the open streams."""
    wire = event_to_json(event)
    firm_id = wire["data"]["firm_id"]
    if wire["type"] in RECHECK_ONLY:
        live_bus().publish({"firm": firm_id, "recheck": True})
        return
    with transaction.atomic():
        activate_firm(firm_id)
        if not Firm.objects.filter(pk=firm_id).exists():  # a firm that is gone hears nothing
            return
        rows = LiveEvent.objects.bulk_create(
            LiveEvent(firm_id=firm_id, audience=t.audience, type=wire["type"], payload=t.payload)
            for t in audiences_of(event)
        )
        note = {"firm": firm_id, "events": [[r.id, r.audience, r.payload] for r in rows]}
        live_bus().publish(note)
        _prune_now_and_then(firm_id)


def _prune_now_and_then(firm_id: str) -> None:
    """Ask the worker to prune the firm's old events, at most hourly per process."""
    moment = time.monotonic()
    if moment - _last_prune.get(firm_id, -PRUNE_EVERY_SECONDS) < PRUNE_EVERY_SECONDS:
        return
    _last_prune[firm_id] = moment
    transaction.on_commit(lambda: prune_live_events.enqueue(firm_id=firm_id))
