"""Domain events: what happened, said once the transaction that did it has committed.

Each domain declares its events in its own `events.py` as frozen dataclasses decorated with
`@domain_event`; they carry ids (firm, matter or contact, and the record), never names, bodies
or other personal data, so an event can be logged and sent between processes. An action builds
the event and hands it to `publish_on_commit`, as Zulip's `send_event_on_commit` does: nothing
is said of a transaction that rolls back.

Delivery goes through the bus named by the `EVENT_BUS` setting. The in-process bus hands each
event to this process's subscribers; a bus between processes (PostgreSQL LISTEN/NOTIFY) sends
`event_to_json(event)` and calls `deliver(event_from_json(...))` where it arrives.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import types
import typing
import uuid
from collections.abc import Callable
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

type Handler = Callable[[Any], None]

_event_types: dict[str, type] = {}
_subscribers: list[tuple[type | None, Handler]] = []


def domain_event[T: type](cls: T) -> T:
    """Register a frozen dataclass as an event, named `<app>.<ClassName>` on the wire."""
    if not (dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen):
        raise TypeError(f"{cls.__name__}: an event is a frozen dataclass")
    app = cls.__module__.split(".")[1]
    name = f"{app}.{cls.__name__}"
    if name in _event_types and _event_types[name] is not cls:
        raise TypeError(f"two events are named {name}")
    cls.event_name = name
    _event_types[name] = cls
    return cls


def event_types() -> dict[str, type]:
    return dict(_event_types)


# Subscribing


def subscribe(event_type: type | None, handler: Handler) -> Callable[[], None]:
    """Call `handler(event)` for every delivered event of `event_type` (every event if None).

    Returns a function that unsubscribes. Handlers run after the commit, outside the
    transaction: one that writes opens its own (and usually queues a task instead)."""
    entry = (event_type, handler)
    _subscribers.append(entry)
    return lambda: _subscribers.remove(entry) if entry in _subscribers else None


def deliver(event: object) -> None:
    """Hand `event` to this process's subscribers. A failing subscriber is logged and the
    others still hear of it: what happened has happened."""
    for event_type, handler in list(_subscribers):
        if event_type is None or isinstance(event, event_type):
            try:
                handler(event)
            except Exception:
                logger.exception("event subscriber failed on %s", type(event).__name__)


# Publishing


class EventBus(Protocol):
    def send(self, event: object) -> None: ...


class InProcessBus:
    """Events reach the subscribers of the process that published them."""

    def send(self, event: object) -> None:
        deliver(event)


@cache
def _bus_named(path: str) -> EventBus:
    return import_string(path)()


def bus() -> EventBus:
    return _bus_named(getattr(settings, "EVENT_BUS", "portico.core.events.InProcessBus"))


def publish_on_commit(event: object, *, using: str = "default") -> None:
    """Send `event` once the current transaction commits; never if it rolls back."""
    if _event_types.get(getattr(type(event), "event_name", "")) is not type(event):
        raise TypeError(f"{type(event).__name__} is not a registered @domain_event")
    transaction.on_commit(lambda: bus().send(event), using=using)


# On the wire


def event_to_json(event: object) -> dict[str, Any]:
    """`{"type": "matters.CommentAdded", "data": {...}}` with ids and times as strings."""
    data = {
        f.name: _jsonable(getattr(event, f.name))
        for f in dataclasses.fields(event)  # type: ignore[arg-type]
    }
    return {"type": type(event).event_name, "data": data}


def event_from_json(payload: dict[str, Any]) -> object:
    cls = _event_types[payload["type"]]
    hints = typing.get_type_hints(cls)
    values = {
        f.name: _from_jsonable(hints[f.name], payload["data"][f.name])
        for f in dataclasses.fields(cls)
    }
    return cls(**values)


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID | datetime.date | datetime.datetime):
        return str(value) if isinstance(value, uuid.UUID) else value.isoformat()
    return value


def _from_jsonable(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    if hint is uuid.UUID:
        return uuid.UUID(value)
    if hint is datetime.datetime:
        return datetime.datetime.fromisoformat(value)
    if hint is datetime.date:
        return datetime.date.fromisoformat(value)
    return value
