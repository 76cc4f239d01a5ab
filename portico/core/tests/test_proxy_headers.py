"""The web process believes X-Forwarded-* only from the proxies named in TRUSTED_PROXIES
(empty by default), as the identity service does: started exactly as the Procfile starts it,
a client on the same machine cannot claim to have come over HTTPS (or from another address)."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from portico.testing.identity import free_port

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[3]


def web_command() -> str:
    line = next(
        line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    return re.search(r"exec (.*uvicorn .*)$", line).group(1)


def hsts_when_forged(tmp_path, trusted: str) -> str | None:
    port = free_port()
    env = {
        **os.environ,
        "PORTICO_BASE_URL": f"https://127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
        "TRUSTED_PROXIES": trusted,
        "DJANGO_SETTINGS_MODULE": "portico.config.settings",
    }
    process = subprocess.Popen(
        ["bash", "-c", web_command()],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(
                    f"http://127.0.0.1:{port}/healthz",
                    headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
                    timeout=2,
                )
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the web process did not start"
                time.sleep(0.2)
        assert response.status_code == 200
        return response.headers.get("Strict-Transport-Security")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_forwarded_headers_are_believed_only_from_trusted_proxies(tmp_path):
    # from a client nobody named, X-Forwarded-Proto is not believed: no HTTPS, so no HSTS
    assert hsts_when_forged(tmp_path, trusted="") is None
    # from a proxy named in TRUSTED_PROXIES it is
    assert hsts_when_forged(tmp_path, trusted="127.0.0.1") is not None
