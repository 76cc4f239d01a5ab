"""A real HTTP endpoint on a loopback port that records the back-channel logouts it is sent."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest


@dataclass
class Receiver:
    url: str
    received: list[dict] = field(default_factory=list)
    # Status codes to answer in turn; 200 once they run out.
    statuses: list[int] = field(default_factory=list)

    def logout_tokens(self) -> list[str]:
        return [post["form"]["logout_token"][0] for post in self.received]


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode()
            receiver.received.append(
                {
                    "path": self.path,
                    "content_type": self.headers.get("Content-Type", ""),
                    "form": parse_qs(body),
                }
            )
            status = receiver.statuses.pop(0) if receiver.statuses else 200
            self.send_response(status)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    port = server.server_address[1]
    found = Receiver(url=f"http://127.0.0.1:{port}/backchannel-logout")
    server.RequestHandlerClass = _handler(found)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield found
    server.shutdown()
    server.server_close()
