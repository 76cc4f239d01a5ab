"""Any number of web processes share one stream of events (PostgreSQL LISTEN/NOTIFY): an event
from an action served by one process reaches a live stream connected to another."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.db import connection

from portico.tenancy.actions import create_api_key
from portico.testing.factories import carol_of, make_case
from portico.testing.identity import free_port
from portico.testing.sessions import session_key_of, signed_in_client

ROOT = Path(__file__).resolve().parents[3]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="between processes the bus is PostgreSQL's LISTEN/NOTIFY",
    ),
]


def start_web_process(tmp_path: Path, name: str) -> tuple[subprocess.Popen, str]:
    s = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}",
        "PORTICO_BASE_URL": f"http://127.0.0.1:{port}",
        # The test database's owner: the web process refuses it unless told this is development.
        "PORTICO_ALLOW_OWNER_CONNECTION": "1",
    }
    log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "portico.config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--timeout-graceful-shutdown",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError((tmp_path / f"{name}.log").read_text())
        time.sleep(0.1)


class Listening(threading.Thread):
    """An SSE client: reads one stream's lines as they arrive."""

    def __init__(self, url: str, session_key: str) -> None:
        super().__init__(daemon=True)
        self.url, self.session_key = url, session_key
        self.lines: list[str] = []
        self.opened = threading.Event()
        self.stop = threading.Event()

    def run(self) -> None:
        cookies = {settings.SESSION_COOKIE_NAME: self.session_key}
        try:
            with httpx.stream("GET", self.url, cookies=cookies, timeout=30) as response:
                for line in response.iter_lines():
                    self.lines.append(line)
                    if line == ": open":
                        self.opened.set()
                    if self.stop.is_set():
                        return
        except httpx.TransportError:  # the server was stopped: the test is over
            return

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + 10
        while not any(text in line for line in self.lines):
            assert time.monotonic() < deadline, f"never heard {text!r}: {self.lines}"
            time.sleep(0.02)


def test_an_event_from_one_web_process_reaches_a_stream_on_the_other(
    transactional_db, tmp_path, harbor, alice
):
    case = make_case(harbor, [carol_of(harbor, actor=alice)], actor=alice)
    key = session_key_of(signed_in_client(alice))
    _key, raw = create_api_key(firm=harbor, name="Intake form", actor=alice)
    first, first_url = start_web_process(tmp_path, "web-1")
    second, second_url = start_web_process(tmp_path, "web-2")
    try:
        # alice's page follows the workspace stream served by the second process
        listening = Listening(f"{second_url}/workspace/events", key)
        listening.start()
        assert listening.opened.wait(10), listening.lines
        # when a status update is posted through the first process
        response = httpx.post(
            f"{first_url}/api/v1/cases/{case.id}/status-updates",
            json={"body": "Filed with the court."},
            headers={"Authorization": f"Bearer {raw}"},
        )
        assert response.status_code == 201, response.text
        # then the stream on the second process hears of it
        listening.wait_for('"type":"matters.StatusUpdatePosted"')
        listening.wait_for(f"matter:{case.matter_id}")
        listening.stop.set()
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(timeout=10)
