"""What live streams replay: each event as each audience may see it, kept for a window."""

from __future__ import annotations

from django.db import models
from django.utils.timezone import now

from portico.core.models import FirmOwned, FirmQuerySet

# The firm's workspace: every member of the firm.
WORKSPACE = "workspace"


def client_audience(contact_id) -> str:
    """One client of the firm (their portal)."""
    return f"client:{contact_id}"


class LiveEvent(FirmOwned):
    """One domain event as one audience sees it. The id is the stream's `id:` (Last-Event-ID):
    increasing, so a reconnect replays what came after it.

    `payload` holds only what the audience may see: the event's type, the topics a page
    listens to (`matter:<id>`, `contact:<id>`, `activity`...) and a sentence to announce;
    never a name, a body or a private record."""

    id = models.BigAutoField(primary_key=True)
    audience = models.CharField(max_length=60)
    type = models.CharField(max_length=80)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=now, db_index=True)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["firm", "audience", "id"], name="live_by_audience")]

    def __str__(self) -> str:
        return f"{self.type} for {self.audience}"
