"""A real ClamAV daemon for tests, on a signature database written here: the EICAR test file's
hash (no signature downloads are possible, and none are needed)."""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from portico.testing.documents import EICAR
from portico.testing.upload_server import free_port


@pytest.fixture
def clamd(tmp_path, settings) -> Iterator[str]:
    """CLAMD_URL of a running clamd that knows one signature, EICAR's (installed by Debian's
    clamav-daemon: `apt-get install -y clamav-daemon`)."""
    binary = shutil.which("clamd") or "/usr/sbin/clamd"
    db = tmp_path / "clamav-db"
    db.mkdir()
    (db / "portico-test.hdb").write_text(
        f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:Portico.Test.EICAR\n"
    )
    port = free_port()
    config = tmp_path / "clamd.conf"
    config.write_text(
        "Foreground yes\n"
        f"DatabaseDirectory {db}\n"
        f"TCPSocket {port}\nTCPAddr 127.0.0.1\n"
        "AlertExceedsMax yes\n"
        "LogFile /dev/null\n"
    )
    process = subprocess.Popen(
        [binary, f"--config-file={config}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
                sock.sendall(b"zPING\0")
                if sock.recv(16).startswith(b"PONG"):
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"clamd did not start: {process.stderr.read()!r}")
        time.sleep(0.05)
    settings.CLAMD_URL = f"tcp://127.0.0.1:{port}"
    try:
        yield settings.CLAMD_URL
    finally:
        process.terminate()
        process.wait(timeout=10)
