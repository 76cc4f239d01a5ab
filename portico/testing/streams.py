"""Open live streams (portico/live/streams.py) in a test, through the real ASGI front.

    def test_...(live_streams, ...):
        stream = live_streams.open("/workspace/events", session_key)
        ... an action commits ...
        stream.wait_for(lambda events: len(events) == 1)

The front runs on one event loop in a thread of the test process, as under uvicorn, so the
streams share the process's hub and bus. Database rows must be committed for the streams'
own connections to see them: tests using this take `transactional_db`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

WAIT_SECONDS = 30


@dataclass
class Stream:
    status: int | None = None
    headers: dict = field(default_factory=dict)
    body: bytearray = field(default_factory=bytearray)
    complete: bool = False
    disconnect: asyncio.Event | None = None

    @property
    def text(self) -> str:
        return self.body.decode()

    @property
    def events(self) -> list[dict]:
        """Each message received: {"id": int, "data": dict} (and "event" when named)."""
        found = []
        for block in self.text.split("\n\n"):
            message: dict = {}
            for line in block.split("\n"):
                if line.startswith("id: "):
                    message["id"] = int(line[4:])
                elif line.startswith("event: "):
                    message["event"] = line[7:]
                elif line.startswith("data: "):
                    message["data"] = json.loads(line[6:])
            if "data" in message:
                found.append(message)
        return found

    @property
    def ended(self) -> bool:
        return any(e.get("event") == "end" for e in self.events) or self.complete

    def wait_for(self, condition: Callable[[Stream], bool], what: str = "") -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while not condition(self):
            if time.monotonic() > deadline:
                raise AssertionError(f"stream never {what or 'got there'}: {self.text!r}")
            time.sleep(0.02)

    def wait_open(self) -> Stream:
        self.wait_for(
            lambda s: s.status is not None and (s.status != 200 or ": open" in s.text), "opened"
        )
        return self


class LiveStreams:
    """One event loop in a thread serving the ASGI front to every stream a test opens."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.futures: list = []
        self.streams: list[Stream] = []

    def open(self, path: str, session_key: str = "", last_event_id: int | None = None) -> Stream:
        from django.conf import settings

        from portico.config.asgi import application

        headers = [(b"host", b"testserver")]
        if session_key:
            headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}".encode()))
        if last_event_id is not None:
            headers.append((b"last-event-id", str(last_event_id).encode()))
        stream = Stream()
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }

        async def run() -> None:
            stream.disconnect = asyncio.Event()
            sent_request = False

            async def receive():
                nonlocal sent_request
                if not sent_request:
                    sent_request = True
                    return {"type": "http.request", "body": b"", "more_body": False}
                await stream.disconnect.wait()
                return {"type": "http.disconnect"}

            async def send(message):
                if message["type"] == "http.response.start":
                    stream.headers = {k.decode(): v.decode() for k, v in message["headers"]}
                    stream.status = message["status"]
                elif message["type"] == "http.response.body":
                    stream.body += message.get("body", b"")
                    if not message.get("more_body"):
                        stream.complete = True

            await application(scope, receive, send)

        self.futures.append(asyncio.run_coroutine_threadsafe(run(), self.loop))
        self.streams.append(stream)
        return stream.wait_open()

    def hang_up(self, stream: Stream) -> None:
        """The client goes away (closes the tab)."""
        if stream.disconnect is not None:
            self.loop.call_soon_threadsafe(stream.disconnect.set)

    def close(self) -> None:
        for stream in self.streams:
            self.hang_up(stream)
        for future in self.futures:
            # (a stream that failed has failed its test already)
            with contextlib.suppress(Exception):
                future.result(timeout=5)

        async def cancel_the_rest() -> None:  # the bus's listener, if any
            current = asyncio.current_task()
            rest = [t for t in asyncio.all_tasks() if t is not current]
            for task in rest:
                task.cancel()
            await asyncio.gather(*rest, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(cancel_the_rest(), self.loop).result(timeout=5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
        self.loop.close()


@pytest.fixture
def live_streams(transactional_db) -> Iterator[LiveStreams]:
    from portico.testing.asgi_server import sqlite_readers_never_block

    with sqlite_readers_never_block():
        streams = LiveStreams()
        try:
            yield streams
        finally:
            streams.close()
