"""What happens to a firm's own settings: the events actions publish after commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from portico.core.events import domain_event


@domain_event
@dataclass(frozen=True)
class ApiKeyCreated:
    firm_id: uuid.UUID
    api_key_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class ApiKeyRevoked:
    firm_id: uuid.UUID
    api_key_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class FirmFaceChanged:
    """The firm's logo, accent colour or sender name changed (the identity service is told)."""

    firm_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class FirmCreated:
    firm_id: uuid.UUID


@domain_event
@dataclass(frozen=True)
class FirmDetailsChanged:
    """The firm's name, currency or time zone changed."""

    firm_id: uuid.UUID
