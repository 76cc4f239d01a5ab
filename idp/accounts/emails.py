"""Emails the idp sends: plain text plus an HTML part, both from templates."""

import logging
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from idp.accounts.models import User

log = logging.getLogger(__name__)
_outbox = ThreadPoolExecutor(max_workers=2, thread_name_prefix="idp-email")


def _send(*, to: str, subject: str, template: str, context: dict[str, object]) -> None:
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"idp/emails/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(
        render_to_string(f"idp/emails/{template}.html", context), "text/html"
    )

    def deliver() -> None:
        # A mail server that is down must not turn into a 500, or into a different answer
        # than the one an unknown address gets.
        try:
            message.send()
        except Exception:
            log.exception("Could not send %r email", template)

    def dispatch() -> None:
        # Talking to the mail server inside the request would make "forgot password" slower
        # for addresses that have an account, which tells an attacker which ones do.
        if settings.IDP_SEND_EMAIL_IN_BACKGROUND:
            _outbox.submit(deliver)
        else:
            deliver()

    transaction.on_commit(dispatch)


def send_password_reset(*, user: User, url: str) -> None:
    _send(
        to=user.email,
        subject="Reset your Portico password",
        template="password_reset",
        context={"user": user, "url": url, "hours": settings.IDP_RESET_LINK_TTL // 3600},
    )


def send_email_verification(*, user: User, url: str) -> None:
    _send(
        to=user.email,
        subject="Confirm your email address for Portico",
        template="verify_email",
        context={"user": user, "url": url},
    )
