"""A stored version as a download: always an attachment, never sniffed, with `Range` support
(one range, as browsers and download managers resume), never cached by shared caches."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from portico.documents.models import DocumentVersion
from portico.documents.storage import open_stored

CHUNK = 256 * 1024
# Why a client may not download a version yet (`DocumentVersion.downloadable_by_clients`).
NOT_FOR_CLIENTS = {
    "pending": "This file is still being checked for viruses. Try again in a minute.",
    "infected": "This file cannot be downloaded: the virus scan found a problem. The firm knows.",
    "failed": "This file cannot be downloaded yet: its virus scan did not finish. The firm knows.",
}


def why_not_downloadable(version: DocumentVersion) -> str:
    return NOT_FOR_CLIENTS.get(version.scan_state, NOT_FOR_CLIENTS["failed"])


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _chunks(stream, start: int, length: int):
    try:
        stream.seek(start)
        left = length
        while left > 0:
            data = stream.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        stream.close()


def _byte_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """(start, end) inclusive; None for no (or an unusable) Range; False if unsatisfiable."""
    match = _RANGE.match(header.strip()) if header else None
    if match is None:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        length = int(last)
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return False
    return start, end


def download_response(request: HttpRequest, version: DocumentVersion) -> HttpResponse:
    size = version.size
    wanted = _byte_range(request.headers.get("Range", ""), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, end = wanted if wanted else (0, size - 1)
        length = max(end - start + 1, 0)
        response = StreamingHttpResponse(
            _chunks(open_stored(version.key), start, length),
            status=206 if wanted else 200,
            content_type=version.content_type,
        )
        response["Content-Length"] = str(length)
        if wanted:
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = content_disposition_header(True, version.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
