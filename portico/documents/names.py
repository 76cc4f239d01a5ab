"""What a file may be called and what it may be: names cleaned or refused, and an allowlist of
types checked by the name's extension and again by the bytes (their magic numbers).

Each check returns the problem in plain words, or raises `UploadRefused` with it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import filetype

from portico.documents.models import NAME_MAX_LENGTH


class UploadRefused(Exception):
    """An upload refused before anything was stored; `message` says why in plain words."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    # What `filetype` must find in the first bytes (its MIME types), or None for text.
    magic: tuple[str, ...] | None


_ZIP = ("application/zip",)
_OFFICE_ZIP = (
    *_ZIP,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
)
_OLE = ("application/x-ole-storage", "application/msword", "application/vnd.ms-excel")
ALLOWED: dict[str, FileType] = {
    "pdf": FileType("PDF", "application/pdf", ("application/pdf",)),
    "png": FileType("PNG image", "image/png", ("image/png",)),
    "jpg": FileType("JPEG image", "image/jpeg", ("image/jpeg",)),
    "jpeg": FileType("JPEG image", "image/jpeg", ("image/jpeg",)),
    "gif": FileType("GIF image", "image/gif", ("image/gif",)),
    "webp": FileType("WebP image", "image/webp", ("image/webp",)),
    "heic": FileType("HEIC photo", "image/heic", ("image/heic", "image/heif")),
    "tif": FileType("TIFF image", "image/tiff", ("image/tiff",)),
    "tiff": FileType("TIFF image", "image/tiff", ("image/tiff",)),
    "docx": FileType(
        "Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _OFFICE_ZIP,
    ),
    "xlsx": FileType(
        "Excel workbook",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _OFFICE_ZIP,
    ),
    "pptx": FileType(
        "PowerPoint presentation",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _OFFICE_ZIP,
    ),
    "odt": FileType("OpenDocument text", "application/vnd.oasis.opendocument.text", _OFFICE_ZIP),
    "doc": FileType("Word 97 document", "application/msword", _OLE),
    "xls": FileType("Excel 97 workbook", "application/vnd.ms-excel", _OLE),
    "zip": FileType("ZIP archive", "application/zip", _ZIP),
    "txt": FileType("text file", "text/plain", None),
    "csv": FileType("CSV file", "text/csv", None),
    "eml": FileType("email", "message/rfc822", None),
}
ALLOWED_LIST = ", ".join(sorted({f".{e}" for e in ALLOWED}))
# How many leading bytes the content check reads.
SNIFF_BYTES = 8192

_EXTENSION_LIKE = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def clean_name(raw: str) -> str:
    """The name as it will be shown and downloaded, or `UploadRefused`.

    Refused: empty names, path parts (`/`, `\\`, `..`), NUL and other control characters,
    names with two extensions (`invoice.pdf.exe`), and types not on the allowlist."""
    name = unicodedata.normalize("NFC", raw or "").strip()
    if not name:
        raise UploadRefused("The file has no name. Give it a name and try again.")
    if "\x00" in name or any(unicodedata.category(c) in {"Cc", "Cf"} for c in name):
        raise UploadRefused(
            "The file name contains invisible control characters. Rename the file and try again."
        )
    if "/" in name or "\\" in name or name.startswith(".") or ".." in name:
        raise UploadRefused(
            "The file name may not contain “/”, “\\” or “..”, or start with a dot. "
            "Rename the file and try again."
        )
    if len(name) > NAME_MAX_LENGTH:
        raise UploadRefused(
            f"The file name is longer than {NAME_MAX_LENGTH} characters. Shorten it and try again."
        )
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        raise UploadRefused(
            f"“{name}” has no extension, so its type is unknown. Allowed types: {ALLOWED_LIST}."
        )
    if extension.lower() not in ALLOWED:
        raise UploadRefused(
            f"Files of type .{extension.lower()} are not accepted. Allowed types: {ALLOWED_LIST}."
        )
    if _EXTENSION_LIKE.search(stem):
        raise UploadRefused(
            f"“{name}” has two extensions. Rename it so that it ends in a single "
            f".{extension.lower()} and try again."
        )
    return name


def type_of(name: str) -> FileType:
    return ALLOWED[name.rpartition(".")[2].lower()]


def check_content(name: str, head: bytes) -> FileType:
    """The file's type when its first bytes agree with its name, else `UploadRefused`."""
    expected = type_of(name)
    if not head:
        raise UploadRefused(f"“{name}” is empty. Choose the file again.")
    found = filetype.guess_mime(head)
    if expected.magic is None:
        if found is not None or not _looks_like_text(head):
            raise UploadRefused(
                f"“{name}” is called a {expected.label} but its content is not text. "
                "Check that it is the right file."
            )
        return expected
    if found not in expected.magic:
        raise UploadRefused(
            f"“{name}” is called a {expected.label} but its content is not one. "
            "Check that it is the right file, or save it again in that format."
        )
    return expected


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        # The sniffed bytes may end inside a character.
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True
