"""What the workspace home shows of leads and cases: messages clients wrote, and the matters
that moved lately."""

from __future__ import annotations

from django.utils.text import Truncator

from portico.matters.queries import (
    client_messages_for_firm,
    face_of,
    recently_updated_matters_for_firm,
)
from portico.tenancy.home import ClientActivity, HomeSection
from portico.tenancy.models import Firm


def client_messages(firm: Firm, limit: int) -> list[ClientActivity]:
    items = []
    for message in client_messages_for_firm(firm.id)[:limit]:
        face = face_of(message.matter)
        if face is None:
            continue
        items.append(
            ClientActivity(
                kind="message",
                at=message.created_at,
                client=message.author_name,
                matter=face.heading,
                summary=Truncator(message.body).words(14),
                url=f"{face.get_absolute_url()}#comment-{message.id}",
                awaiting_reply=message.awaiting_reply,
            )
        )
    return items


RECENT_MATTERS = HomeSection(
    name="recent_matters",
    template="matters/partials/home_recent.html",
    context=lambda firm: {"recent": recently_updated_matters_for_firm(firm.id)},
    order=30,
)
