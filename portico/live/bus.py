"""How a kept event reaches every web process's open streams.

A *note* is a small JSON object: `{"firm": id, "events": [[id, audience, payload], ...]}` for
events just kept, `{"firm": id, "recheck": true}` when streams of the firm should look their
principal up again (a session ended), `{"firm": id, "replay": true}` when the events were too
many to carry (the streams read them from the table), and `{"resync": true}` after the bus lost
its connection (every stream replays from its last id).

- `InProcessBus` (SQLite): the note reaches this process's hub once the transaction commits.
- `PostgresBus`: `pg_notify` inside the writing transaction (so only a commit sends it); each
  process keeps one LISTEN connection (psycopg 3, autocommit, outside Django's pool) and hands
  what arrives to its hub. Any number of web processes share one stream of events.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import defaultdict
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
CHANNEL = "portico_live"
# PostgreSQL refuses a NOTIFY payload of 8000 bytes or more.
MAX_PAYLOAD = 7900


class Hub:
    """This process's open streams, each an asyncio.Queue on its server's event loop, by firm.
    `dispatch_threadsafe` may be called from any thread. A process normally has one loop; tests
    start several servers, so each queue remembers its own loop and a new one never silences
    another's streams.

    A queue receives `(at, note)`: `at` is the `time.monotonic()` at which the hub handed the
    note on, after its transaction committed. A look-up that began at or after `at` sees what
    the note tells of, so the streams may share one (portico/live/streams.py)."""

    def __init__(self) -> None:
        self.queues: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue]]] = defaultdict(
            set
        )

    def attach(self, firm_id: str) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue()
        self.queues[firm_id].add((asyncio.get_running_loop(), queue))
        return queue

    def detach(self, firm_id: str, queue: asyncio.Queue) -> None:
        entries = self.queues.get(firm_id, set())
        for entry in [e for e in entries if e[1] is queue]:
            entries.discard(entry)

    def open_streams(self) -> int:
        return sum(len(q) for q in self.queues.values())

    def _targets(self, note: dict) -> list[tuple[asyncio.AbstractEventLoop, asyncio.Queue]]:
        if note.get("resync"):
            return [entry for entries in list(self.queues.values()) for entry in list(entries)]
        return list(self.queues.get(note.get("firm", ""), ()))

    def dispatch(self, note: dict) -> None:
        """Hand `note` to the streams; call on the loop the streams run on."""
        item = (time.monotonic(), note)
        for _loop, queue in self._targets(note):
            queue.put_nowait(item)

    def dispatch_threadsafe(self, note: dict) -> None:
        item = (time.monotonic(), note)
        by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Queue]] = defaultdict(list)
        for loop, queue in self._targets(note):
            by_loop[loop].append(queue)
        for loop, queues in by_loop.items():
            if loop.is_closed():
                continue
            # One wake-up per loop for all its streams, not one per stream.
            # (RuntimeError: the loop closed meanwhile, so nobody is listening.)
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_put_all, queues, item)


def _put_all(queues: list[asyncio.Queue], item) -> None:
    for queue in queues:
        queue.put_nowait(item)


hub = Hub()


class InProcessBus:
    """Notes reach this process's streams only (SQLite, a single web process)."""

    def publish(self, note: dict) -> None:
        transaction.on_commit(lambda: hub.dispatch_threadsafe(note))

    async def ready(self) -> None:
        return None


class PostgresBus:
    """Notes travel by PostgreSQL LISTEN/NOTIFY between every web process on one database."""

    def __init__(self) -> None:
        self._task: asyncio.Task | None = None
        self._listening: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def publish(self, note: dict) -> None:
        payload = json.dumps(note, separators=(",", ":"))
        if len(payload.encode()) > MAX_PAYLOAD:
            payload = json.dumps({"firm": note["firm"], "replay": True})
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])

    async def ready(self) -> None:
        """Start this process's listener on first use and wait until it listens."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._task is None or self._task.done():
            self._loop = loop
            self._listening = asyncio.Event()
            self._task = loop.create_task(self._listen(), name="portico-live-listener")
        await self._listening.wait()

    def _conninfo(self) -> str:
        import psycopg

        s = connection.settings_dict
        return psycopg.conninfo.make_conninfo(
            dbname=s["NAME"],
            user=s.get("USER") or None,
            password=s.get("PASSWORD") or None,
            host=s.get("HOST") or None,
            port=s.get("PORT") or None,
        )

    async def _listen(self) -> None:
        import psycopg

        conninfo = self._conninfo()
        lost = False
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self._listening.set()
                    if lost:  # what was sent while we were away is lost: every stream replays
                        hub.dispatch_threadsafe({"resync": True})
                        lost = False
                    while True:
                        async for notice in conn.notifies(timeout=30):
                            try:
                                hub.dispatch_threadsafe(json.loads(notice.payload))
                            except ValueError:
                                logger.warning("live bus: unreadable note %r", notice.payload)
                        await conn.execute("SELECT 1")  # still there?
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("live bus: lost the LISTEN connection; reconnecting", exc_info=True)
                lost = True
                await asyncio.sleep(1)


@cache
def _bus_named(path: str):
    return import_string(path)()


def live_bus() -> InProcessBus | PostgresBus:
    return _bus_named(settings.LIVE_BUS)
