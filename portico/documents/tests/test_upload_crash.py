"""The web process dies in the middle of an upload: no document record, and after the sweep no
file anywhere (a real uvicorn subprocess, killed with SIGKILL)."""

from __future__ import annotations

import http.client
import json
import time

import pytest

from portico.testing.documents import PDF
from portico.testing.upload_server import start_upload_server

pytestmark = pytest.mark.slow


def files_under(*folders) -> list:
    return [p for f in folders if f.exists() for p in f.rglob("*") if p.is_file()]


def test_a_killed_upload_leaves_no_record_and_the_sweep_leaves_no_file(tmp_path):
    server = start_upload_server(tmp_path / "web")
    try:
        # a 64 MiB upload, of which only the first 8 MiB are sent before the process dies
        size = 64 * 1024 * 1024
        conn = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=10)
        conn.putrequest("POST", server.upload_path("Deposition.pdf"))
        for name, value in {**server.headers(), "Content-Length": str(size)}.items():
            conn.putheader(name, value)
        conn.endheaders()
        conn.send(PDF)
        sent = len(PDF)
        chunk = b"\0" * (1024 * 1024)
        for _ in range(8):
            conn.send(chunk)
            sent += len(chunk)
        # the bytes reached the server: a partial file is being written
        deadline = time.monotonic() + 10
        while not any(p.stat().st_size > 0 for p in files_under(server.incoming)):
            assert time.monotonic() < deadline, "the upload never started arriving"
            time.sleep(0.05)
        server.process.kill()
        server.process.wait(timeout=10)
        conn.close()
        assert files_under(server.incoming), "the crash should leave a partial temporary file"
        # then: no record, and the worker's sweep removes what the crash left
        counts = server.django(
            "import json\n"
            "from portico.documents.models import Document, DocumentVersion\n"
            "from portico.documents.tasks import sweep_orphans\n"
            "before = Document.objects.count() + DocumentVersion.objects.count()\n"
            "swept = sweep_orphans.call(grace_seconds=0)\n"
            "print(json.dumps([before, swept]))\n"
        )
        records, swept = json.loads(counts)
        assert records == 0 and swept >= 1
        assert files_under(server.incoming, server.media) == []
    finally:
        server.stop()


def test_a_stored_file_without_a_record_is_swept_and_a_recorded_one_kept(tmp_path):
    server = start_upload_server(tmp_path / "web")
    try:
        conn = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=10)
        conn.request("POST", server.upload_path("Letter.pdf"), body=PDF, headers=server.headers())
        assert conn.getresponse().status == 201
        server.stop()
        # a file stored by an upload whose record never committed (the crash between the two)
        out = server.django(
            "import json\n"
            "from django.core.files.base import ContentFile\n"
            "from django.core.files.storage import default_storage\n"
            "from portico.documents.models import DocumentVersion\n"
            "from portico.documents.storage import new_key\n"
            "from portico.documents.tasks import sweep_orphans\n"
            "kept = DocumentVersion.objects.get()\n"
            "orphan = default_storage.save(new_key(kept.firm_id), ContentFile(b'%PDF-orphan'))\n"
            "swept = sweep_orphans.call(grace_seconds=0)\n"
            "print(json.dumps([swept, default_storage.exists(orphan), default_storage.exists(kept.key)]))\n"
        )
        assert json.loads(out) == [1, False, True]
    finally:
        server.stop()
