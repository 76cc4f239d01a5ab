"""A real web process for uploads: uvicorn serving `portico.config.asgi:application` in a
subprocess, on its own SQLite database and storage in a folder of the caller's, with a firm, a
partner signed in and a case to upload to. Used by the crash test and scripts/bench_upload.py."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SETUP = """
import django, json
django.setup()
from portico.testing.factories import FirmFactory, StaffMemberFactory, make_case
from portico.testing.sessions import signed_in_client
from portico.tenancy.models import StaffMember
firm = FirmFactory(name="Harbor & Vale LLP", slug="harbor-vale")
alice = StaffMemberFactory(firm=firm, name="Alice Harbor", email="alice@harborvale.example",
                           role=StaffMember.Role.PARTNER)
case = make_case(firm, [], actor=alice)
client = signed_in_client(alice)
print(json.dumps({"session": client.cookies["portico_session"].value, "case": str(case.id)}))
"""


@dataclass
class UploadServer:
    process: subprocess.Popen
    url: str
    session: str
    case_id: str
    media: Path
    incoming: Path
    env: dict

    def upload_path(self, name: str) -> str:
        return f"/workspace/cases/{self.case_id}/documents/upload/?name={name}"

    def headers(self) -> dict:
        return {
            "Cookie": f"portico_session={self.session}; portico_csrftoken={'c' * 32}",
            "X-CSRFToken": "c" * 32,
            "Content-Type": "application/octet-stream",
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def django(self, code: str) -> str:
        """Run Python with Django set up against this server's database; its printed output."""
        return subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + code],
            env=self.env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_upload_server(folder: Path, *, max_bytes: int | None = None) -> UploadServer:
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portico.config.settings",
        "PORTICO_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'web.sqlite3'}",
        "STORAGE_URL": f"file://{folder / 'media'}",
        "PORTICO_UPLOAD_TEMP_DIR": str(folder / "incoming"),
        "CLAMD_URL": "",
    }
    if max_bytes is not None:
        env["DOCUMENTS_MAX_BYTES"] = str(max_bytes)
    run = {"env": env, "cwd": ROOT, "check": True, "capture_output": True, "text": True}
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input"], **run)
    made = json.loads(subprocess.run([sys.executable, "-c", _SETUP], **run).stdout)
    port = free_port()
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
            "--log-level",
            "warning",
            "--lifespan",
            "off",
            "--timeout-graceful-shutdown",
            "1",
        ],
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("uvicorn did not start") from None
            time.sleep(0.1)
    return UploadServer(
        process=process,
        url=url,
        session=made["session"],
        case_id=made["case"],
        media=folder / "media",
        incoming=folder / "incoming",
        env=env,
    )
