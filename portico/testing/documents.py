"""Files for document tests: small real ones of each kind, and a quick way to put one on a
matter through the same action the upload route calls."""

from __future__ import annotations

import io

from PIL import Image

from portico.documents.actions import upload_document
from portico.documents.storage import receive

# A one-page PDF, as small as a valid one gets.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# The EICAR test file: every virus scanner reports it, and it harms nothing.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def png(width: int = 8, height: int = 8, colour=(40, 90, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def jpeg(width: int = 16, height: int = 12) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def put_document(matter, name: str, data: bytes, *, actor, shared: bool = False):
    return upload_document(
        matter=matter, name=name, incoming=receive([data]), shared=shared, actor=actor
    )


CSRF = "c" * 32


def call_upload_front(client, path: str, chunks, *, headers=None, csrf: str | None = CSRF):
    """POST `chunks` to the raw upload front as `client`'s browser would (session cookie, CSRF
    cookie and header). Returns (status, JSON answer, how many times the body was read)."""
    import json

    from asgiref.sync import async_to_sync
    from django.conf import settings

    from portico.config.uploads import with_uploads

    async def django_app(scope, receive, send):  # only upload URLs come here
        raise AssertionError(f"{scope['path']} went past the upload front")

    app = with_uploads(django_app)
    raw_path, _, query = path.partition("?")
    cookie = f"{settings.CSRF_COOKIE_NAME}={CSRF}"
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        cookie += f"; {settings.SESSION_COOKIE_NAME}={session.value}"
    head = {"cookie": cookie, "host": "testserver", **(headers or {})}
    if csrf is not None:
        head["x-csrftoken"] = csrf
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": raw_path,
        "raw_path": raw_path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode(), str(v).encode()) for k, v in head.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    pieces = list(chunks)
    reads = 0
    sent: list[dict] = []

    async def receive():
        nonlocal reads
        reads += 1
        if reads > len(pieces):
            return {"type": "http.disconnect"}
        return {
            "type": "http.request",
            "body": pieces[reads - 1],
            "more_body": reads < len(pieces),
        }

    async def send(message):
        sent.append(message)

    async_to_sync(app)(scope, receive, send)
    status = sent[0]["status"]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return status, json.loads(body or b"{}"), reads
