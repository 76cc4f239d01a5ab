"""What happens to sessions: the events published after commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from portico.core.events import domain_event


@domain_event
@dataclass(frozen=True)
class SignedOut:
    """A session of the firm ended (a member or a client signed out): the firm's open live
    streams look their principal up again and the one whose session this was ends."""

    firm_id: uuid.UUID
