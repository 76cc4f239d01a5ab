"""Reading the demo mail server's Maildir, so a newcomer can follow an emailed link."""

from __future__ import annotations

import email.policy
import mailbox
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Mail:
    key: str
    sender: str
    to: str
    subject: str
    date: datetime | None
    text: str
    html: str


def maildir_path() -> Path:
    return Path(settings.PORTICO_VAR_DIR) / "mail"


def _read(key: str, message: EmailMessage) -> Mail:
    text = html = ""
    for part in message.walk():
        if part.get_content_maintype() == "multipart":
            continue
        if part.get_content_type() == "text/plain" and not text:
            text = part.get_content()
        elif part.get_content_type() == "text/html" and not html:
            html = part.get_content()
    try:
        date = parsedate_to_datetime(message["Date"]) if message["Date"] else None
    except (TypeError, ValueError):
        date = None
    return Mail(
        key,
        str(message["From"] or ""),
        str(message["To"] or ""),
        str(message["Subject"] or ""),
        date,
        text,
        html,
    )


def _maildir() -> mailbox.Maildir | None:
    path = maildir_path()
    if not (path / "cur").exists():
        return None
    return mailbox.Maildir(
        path,
        factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default),
        create=False,
    )


def recent_mail(limit: int = 100) -> list[Mail]:
    box = _maildir()
    if box is None:
        return []
    mails = [_read(key, message) for key, message in box.iteritems()]
    mails.sort(key=lambda m: m.date.timestamp() if m.date else 0, reverse=True)
    return mails[:limit]


def get_mail(key: str) -> Mail | None:
    box = _maildir()
    if box is None:
        return None
    try:
        return _read(key, box[key])
    except KeyError:
        return None
