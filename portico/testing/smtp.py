"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and the practice app's
mail pointed at it: email goes out over the wire the way production sends it."""

from __future__ import annotations

import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from portico.testing.identity import free_port


class Inbox:
    """aiosmtpd's handler: every message it accepts, parsed, in order of arrival."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, to: str, timeout: float = 30) -> EmailMessage:
        """The first message to `to`, waiting for it to arrive if it has not yet."""

        def found():
            return next((m for m in self.messages if to in str(m["To"])), None)

        with self._arrived:
            if not self._arrived.wait_for(found, timeout=timeout):
                raise AssertionError(f"no email to {to} arrived within {timeout}s")
            return found()


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def smtp_inbox(settings) -> Inbox:
    """An SMTP server on a free loopback port, and Django's default mailer sending to it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()
