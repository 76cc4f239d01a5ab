from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from portico.audit.models import AuditEvent


@dataclass(frozen=True)
class PortalPrincipal:
    """Who is signed in to the portal: one contact of one firm. Every portal query takes one."""

    firm_id: uuid.UUID
    contact_id: uuid.UUID
    account_id: uuid.UUID
    name: str
    # The contact as read with the account this request (or live stream) was resolved from,
    # so the portal's pages need not read it again; not part of who the principal is.
    contact: Any = field(default=None, compare=False, repr=False)

    def audit_actor(self) -> tuple[str, uuid.UUID, str]:
        return AuditEvent.ActorKind.CLIENT, self.contact_id, self.name
