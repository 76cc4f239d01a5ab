"""A ClamAV daemon's INSTREAM protocol, over TCP or a unix socket (`CLAMD_URL`).

`zINSTREAM\\0`, then chunks as `<uint32 big-endian length><bytes>`, then a zero length; clamd
answers `stream: OK`, `stream: <name> FOUND` or `... ERROR`. Anything but OK keeps a file from
clients: an error (a file over clamd's limits, say) is not a pass.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urlparse

CHUNK = 256 * 1024


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    # The signature found, or clamd's error, in its own words.
    detail: str = ""
    failed: bool = False


def _connect(url: str, timeout: float) -> socket.socket:
    parsed = urlparse(url)
    if parsed.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(parsed.path)
        return sock
    if parsed.scheme == "tcp":
        return socket.create_connection((parsed.hostname, parsed.port or 3310), timeout=timeout)
    raise ValueError(f"CLAMD_URL: use tcp://host:port or unix:///path, not {url!r}")


def scan_stream(url: str, stream: BinaryIO, *, timeout: float = 120.0) -> ScanResult:
    try:
        with _connect(url, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            try:
                while chunk := stream.read(CHUNK):
                    sock.sendall(struct.pack(">I", len(chunk)) + chunk)
                sock.sendall(struct.pack(">I", 0))
            except (BrokenPipeError, ConnectionResetError):
                # clamd stops reading past StreamMaxLength and says why; read its answer.
                pass
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as error:
        return ScanResult(clean=False, detail=f"scanner unreachable: {error}"[:200], failed=True)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith(" OK"):
        return ScanResult(clean=True)
    if answer.endswith(" FOUND"):
        return ScanResult(clean=False, detail=answer.removeprefix("stream: ")[:-6].strip()[:200])
    return ScanResult(clean=False, detail=(answer or "no answer")[:200], failed=True)
