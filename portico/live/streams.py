"""Server-Sent Events streams, served by the ASGI front ahead of Django (config/front.py).

`GET /workspace/events`: everything in the signed-in member's firm. `GET /portal/events`: what
the signed-in client's portal shows, checked again with the portal's own reads as each event
goes out. Both:

- resolve who is asking from the session cookie through `accounts.principal` (the middleware's
  own resolver), again on every event (at most once a second unless the event is about
  sessions or portal access) and at every heartbeat: a stream ends at once when its session
  ends or its access is revoked, with an `end` event so the page stops reconnecting. Streams
  of one session (tabs, windows) share each look-up: one that began after the event was
  committed answers for all of them (`SharedChecks`), so an event reaches a thousand
  streams after one database round trip, not a thousand;
- replay what came after `Last-Event-ID` (kept LIVE_EVENTS_KEPT_HOURS), then go live;
- are async generators on the server's event loop: no thread per stream. Database work runs
  in short calls on a small thread pool and gives its connection back at once.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from dataclasses import dataclass
from datetime import timedelta
from http.cookies import SimpleCookie
from importlib import import_module

from django.conf import settings
from django.db import connection, transaction
from django.utils.timezone import now

from portico.accounts.principal import resolve_session
from portico.live.bus import hub, live_bus
from portico.live.models import WORKSPACE, LiveEvent, client_audience
from portico.portal.principal import PortalPrincipal
from portico.portal.queries import live_event_visible_to_client

# Event types after which every stream of the firm looks its principal up again at once.
ACCESS_TYPES = ("portal.", "accounts.")
RECHECK_AT_MOST_EVERY = 1.0
REPLAY_LIMIT = 500


@dataclass(frozen=True)
class Listener:
    """Who a stream is for, as the session says now."""

    firm_id: str
    audience: str
    portal: PortalPrincipal | None


def _who(session_key: str, side: str) -> Listener | None:
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    resolved = resolve_session(store)
    if resolved is None:
        return None
    if side == "portal" and resolved.portal is not None:
        p = resolved.portal
        return Listener(str(p.firm_id), client_audience(p.contact_id), p)
    if side == "workspace" and resolved.staff is not None:
        return Listener(str(resolved.firm.id), WORKSPACE, None)
    return None


def _visible(who: Listener, events: list) -> list:
    if who.portal is None:
        return events
    return [e for e in events if live_event_visible_to_client(who.portal, e[2])]


def _check(session_key: str, side: str, events: list) -> tuple[Listener | None, list]:
    """Who the session is now, and which of `events` they may see."""
    who = _who(session_key, side)
    return (who, _visible(who, events) if who else [])


def _replay(session_key: str, side: str, after: int) -> tuple[Listener | None, list]:
    who = _who(session_key, side)
    if who is None:
        return None, []
    since = now() - timedelta(hours=settings.LIVE_EVENTS_KEPT_HOURS)
    rows = (
        LiveEvent.objects.for_firm(who.firm_id)
        .filter(audience=who.audience, id__gt=after, created_at__gte=since)
        .order_by("id")
        .values_list("id", "audience", "payload")[:REPLAY_LIMIT]
    )
    return who, _visible(who, [list(r) for r in rows])


def _in_transaction(fn, *args):
    try:
        with transaction.atomic():
            return fn(*args)
    finally:
        connection.close()


async def _db(fn, *args):
    """Run `fn` in a worker thread, in one transaction, giving the connection back after."""
    return await asyncio.to_thread(_in_transaction, fn, *args)


class SharedChecks:
    """One look-up (`_who`, `_check` or `_replay` in a worker thread) shared by every stream of
    one session that asks the same question at about the same time.

    A stream may take an answer whose look-up *began* at or after `not_before` (the moment the
    event it is about was handed on, after its commit; or the moment the stream itself asked):
    such a look-up saw the session, the cutoffs and the portal access as they were then or
    later, so a sign-out or a revocation is never answered from before it happened. Answers are
    kept a little while for streams that wake up late; failures are not kept."""

    KEEP_SECONDS = 30.0

    def __init__(self) -> None:
        self._found: dict[tuple, tuple[float, asyncio.Future]] = {}

    async def run(self, key: tuple, not_before: float, fn, *args):
        loop = asyncio.get_running_loop()
        key = (id(loop), *key)  # an answer belongs to the loop that awaits it
        found = self._found.get(key)
        if found is None or found[0] < not_before or found[1].get_loop() is not loop:
            self._forget_old()
            found = (time.monotonic(), loop.create_task(_db(fn, *args)))
            self._found[key] = found
            found[1].add_done_callback(lambda task, key=key, mine=found: self._done(key, mine))
        return await asyncio.shield(found[1])

    def _done(self, key: tuple, mine: tuple) -> None:
        task = mine[1]
        if (task.cancelled() or task.exception() is not None) and self._found.get(key) is mine:
            del self._found[key]

    def _forget_old(self) -> None:
        oldest = time.monotonic() - self.KEEP_SECONDS
        for key in [k for k, (at, task) in self._found.items() if at < oldest and task.done()]:
            del self._found[key]


shared = SharedChecks()


def session_key_of(scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            cookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is no session
                return ""
            morsel = cookie.get(settings.SESSION_COOKIE_NAME)
            if morsel is not None:
                return morsel.value
    return ""


def last_event_id_of(scope) -> int:
    for name, value in scope.get("headers", ()):
        if name == b"last-event-id":
            try:
                return max(0, int(value.decode("latin-1").strip()))
            except ValueError:
                return 0
    return 0


def frame(event_id: int, payload: dict) -> bytes:
    return f"id: {event_id}\ndata: {json.dumps(payload, separators=(',', ':'))}\n\n".encode()


END = b"event: end\ndata: {}\n\n"


async def _refuse(send, status: int, text: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": text.encode()})


def stream_app(side: str):
    """The ASGI app of one side's stream ("portal" or "workspace")."""

    async def app(scope, receive, send) -> None:
        asked = time.monotonic()
        session_key = session_key_of(scope)
        who = (
            await shared.run((session_key, side), asked, _who, session_key, side)
            if session_key
            else None
        )
        if who is None:
            where = "the portal" if side == "portal" else "the workspace"
            await _refuse(send, 403, f"Sign in to {where} to follow its live updates.")
            return
        watcher = asyncio.ensure_future(_until_disconnect(receive))
        streamer = asyncio.ensure_future(
            _stream(send, session_key, side, who, last_event_id_of(scope))
        )
        try:
            await asyncio.wait({watcher, streamer}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (watcher, streamer):
                task.cancel()
            await asyncio.gather(watcher, streamer, return_exceptions=True)

    return app


async def _until_disconnect(receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _stream(send, session_key: str, side: str, who: Listener, last_id: int) -> None:
    queue = hub.attach(who.firm_id)
    try:
        await live_bus().ready()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream; charset=utf-8"),
                    (b"cache-control", b"no-cache, no-store"),
                    (b"x-accel-buffering", b"no"),
                    (b"x-content-type-options", b"nosniff"),
                ],
            }
        )
        await send(
            {"type": "http.response.body", "body": b"retry: 2000\n: open\n\n", "more_body": True}
        )
        sent: deque[int] = deque(maxlen=2000)
        last = last_id

        async def out(events: list) -> None:
            nonlocal last
            for event_id, _audience, payload in events:
                if event_id in sent:
                    continue
                sent.append(event_id)
                last = max(last, event_id)
                await send(
                    {
                        "type": "http.response.body",
                        "body": frame(event_id, payload),
                        "more_body": True,
                    }
                )

        if last_id:
            now_who, events = await shared.run(
                (session_key, side, "replay", last_id),
                time.monotonic(),
                _replay,
                session_key,
                side,
                last_id,
            )
            if now_who is None:
                await send({"type": "http.response.body", "body": END})
                return
            await out(events)
        checked = time.monotonic()
        heartbeat = settings.LIVE_HEARTBEAT_SECONDS
        while True:
            try:
                at, note = await asyncio.wait_for(queue.get(), timeout=heartbeat)
            except TimeoutError:
                # (a look-up another stream of this session began within the last second will do)
                recent = time.monotonic() - RECHECK_AT_MOST_EVERY
                if await shared.run((session_key, side), recent, _who, session_key, side) is None:
                    await send({"type": "http.response.body", "body": END})
                    return
                checked = time.monotonic()
                await send({"type": "http.response.body", "body": b": ping\n\n", "more_body": True})
                continue
            if note.get("resync") or note.get("replay"):
                now_who, events = await shared.run(
                    (session_key, side, "replay", last), at, _replay, session_key, side, last
                )
                if now_who is None:
                    await send({"type": "http.response.body", "body": END})
                    return
                await out(events)
                checked = time.monotonic()
                continue
            mine = [e for e in note.get("events", ()) if e[1] == who.audience]
            force = note.get("recheck") or any(
                e[2].get("type", "").startswith(ACCESS_TYPES) for e in note.get("events", ())
            )
            if not mine and not force:
                continue
            if (
                mine
                and who.portal is None
                and not force
                and (time.monotonic() - checked < RECHECK_AT_MOST_EVERY)
            ):
                await out(mine)  # the workspace, looked up again within the last second
                continue
            now_who, visible = await shared.run(
                (session_key, side, "check", tuple(e[0] for e in mine)),
                at,
                _check,
                session_key,
                side,
                mine,
            )
            checked = time.monotonic()
            if now_who is None:
                await send({"type": "http.response.body", "body": END})
                return
            await out(visible)
    finally:
        hub.detach(who.firm_id, queue)
