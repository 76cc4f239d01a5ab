"""Emails to a firm's clients: from the firm's name, in its colours and time zone."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from portico.portal.models import PortalAccount
from portico.tenancy.branding import firm_sender, logo_url
from portico.tenancy.middleware import firm_zone
from portico.tenancy.models import Firm


def portal_sign_in_url(firm: Firm) -> str:
    """Where a client of `firm` signs in: the sign-in page carries the firm's face when the
    firm is known at the identity service (an Organization)."""
    url = f"{settings.PORTICO_BASE_URL}/portal/sign-in/"
    if firm.identity_organization_id:
        url += "?" + urlencode({"organization": firm.identity_organization_id})
    return url


def send_invitation_email(*, account: PortalAccount, link: str, expires_at: datetime) -> None:
    firm = account.firm
    context = {
        "firm": firm,
        "name": account.contact.display_name,
        "link": link,
        "expires_at": expires_at,
        "portal_url": portal_sign_in_url(firm),
        "logo_url": logo_url(firm, absolute=True),
        "accent": firm.accent,
    }
    with timezone.override(firm_zone(firm.timezone)):
        text = render_to_string("portal/emails/invitation.txt", context)
        html = render_to_string("portal/emails/invitation.html", context)
    message = EmailMultiAlternatives(
        subject=f"{firm.name} invites you to your client portal",
        body=text,
        from_email=firm_sender(firm),
        to=[account.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()


def send_intake_reminder_email_now(*, account: PortalAccount, matter, remaining: int) -> None:
    """Ask the client to answer the firm's questions on one lead or case, with a link to them."""
    firm = account.firm
    context = {
        "firm": firm,
        "name": account.contact.display_name,
        "matter_name": matter.heading,
        "remaining": remaining,
        "link": f"{settings.PORTICO_BASE_URL}/portal/{matter.kind}s/{matter.id}/#intake",
        "logo_url": logo_url(firm, absolute=True),
        "accent": firm.accent,
    }
    with timezone.override(firm_zone(firm.timezone)):
        text = render_to_string("portal/emails/intake_reminder.txt", context)
        html = render_to_string("portal/emails/intake_reminder.html", context)
    message = EmailMultiAlternatives(
        subject=f"{firm.name} asks you to answer a few questions",
        body=text,
        from_email=firm_sender(firm),
        to=[account.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()
