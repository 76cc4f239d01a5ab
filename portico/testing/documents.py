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
