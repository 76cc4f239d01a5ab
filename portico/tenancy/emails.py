"""Emails sent in a firm's name: from its sender name, in its colours, with times in its zone."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from portico.tenancy.branding import firm_sender, logo_url
from portico.tenancy.middleware import firm_zone
from portico.tenancy.models import Firm


def send_firm_email(firm: Firm, *, to: str, subject: str, template: str, context: dict) -> None:
    """Send `template`.txt, with `template`.html as its HTML version, from `firm` to `to`.

    Both templates get `context` with the firm, its logo's URL and its accent colour, and
    show times in the firm's time zone.
    """
    context = {
        "firm": firm,
        **context,
        "logo_url": logo_url(firm, absolute=True),
        "accent": firm.accent,
    }
    with timezone.override(firm_zone(firm.timezone)):
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=firm_sender(firm), to=[to]
    )
    message.attach_alternative(html, "text/html")
    message.send()
