"""Where documents' bytes live: Django's default storage (local files or S3-compatible object
storage, from `STORAGE_URL`), under random keys that say nothing of the file.

An upload arrives in a temporary file (`Incoming`), hashed and counted as it is written; only a
complete, checked file is handed to the storage, and the record is written after it
(`actions.py`). A crash in between leaves a temporary file or a stored file with no record; the
sweep (`sweep_orphans`, run by the worker) removes both once they are older than a grace period.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import secrets
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

PREFIX = "documents"
TEMP_PREFIX = "upload-"


def new_key(firm_id: uuid.UUID) -> str:
    return f"{PREFIX}/{firm_id}/{secrets.token_hex(20)}"


def temp_dir() -> Path:
    path = Path(settings.UPLOAD_TEMP_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


class Incoming:
    """A file being received: written to a temporary file, hashed and counted as it goes.

    `max_bytes` is enforced while writing (`TooLarge`), whatever the request declared."""

    class TooLarge(Exception):
        pass

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.head = b""
        self._hash = hashlib.sha256()
        fd, path = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=temp_dir())
        self.path = path
        self._file = os.fdopen(fd, "wb", buffering=0)

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise Incoming.TooLarge
        if len(self.head) < 8192:
            self.head += chunk[: 8192 - len(self.head)]
        self._hash.update(chunk)
        self._file.write(chunk)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def discard(self) -> None:
        self.close()
        Path(self.path).unlink(missing_ok=True)

    def temporary_file_path(self) -> str:
        # FileSystemStorage moves a file that has one instead of copying it.
        return self.path

    def store(self, key: str) -> None:
        """Hand the complete file to the storage under `key` (a rename on local disk)."""
        self.close()
        with open(self.path, "rb") as fh:
            content = File(fh, name=key)
            content.temporary_file_path = self.temporary_file_path
            content.size = self.size
            saved = default_storage.save(key, content)
        if saved != key:
            # file_overwrite is off and keys are random: a clash is a bug, not a retry.
            default_storage.delete(saved)
            raise RuntimeError("storage renamed a document's key")
        Path(self.path).unlink(missing_ok=True)


def open_stored(key: str):
    return default_storage.open(key, "rb")


def delete_stored(key: str) -> None:
    default_storage.delete(key)


def stored_keys() -> Iterator[tuple[str, datetime.datetime | None]]:
    """Every stored document file's key and when it was last modified."""
    try:
        firms, _files = default_storage.listdir(PREFIX)
    except FileNotFoundError:
        return
    for firm in firms:
        _dirs, files = default_storage.listdir(f"{PREFIX}/{firm}")
        for name in files:
            key = f"{PREFIX}/{firm}/{name}"
            try:
                modified = default_storage.get_modified_time(key)
            except (FileNotFoundError, NotImplementedError):
                modified = None
            yield key, modified


def stale_temp_files(older_than: datetime.timedelta) -> list[Path]:
    cutoff = timezone.now().timestamp() - older_than.total_seconds()
    return [
        p for p in temp_dir().glob(f"{TEMP_PREFIX}*") if p.is_file() and p.stat().st_mtime <= cutoff
    ]


def receive(chunks, *, max_bytes: int | None = None) -> Incoming:
    """Write `chunks` to a new `Incoming` (for callers that hold the bytes already: the API
    fallback, the demo seed, tests). Raises `Incoming.TooLarge` with nothing kept."""
    incoming = Incoming(max_bytes if max_bytes is not None else settings.DOCUMENTS_MAX_BYTES)
    try:
        for chunk in chunks:
            incoming.write(chunk)
    except BaseException:
        incoming.discard()
        raise
    incoming.close()
    return incoming
