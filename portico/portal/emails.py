from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from portico.portal.models import PortalAccount


def send_invitation_email(*, account: PortalAccount, link: str, expires_at: datetime) -> None:
    context = {
        "firm": account.firm,
        "name": account.contact.display_name,
        "link": link,
        "expires_at": expires_at,
        "portal_url": f"{settings.PORTICO_BASE_URL}/portal/",
    }
    message = EmailMultiAlternatives(
        subject=f"{account.firm.name} invites you to your client portal",
        body=render_to_string("portal/emails/invitation.txt", context),
        to=[account.email],
    )
    message.attach_alternative(
        render_to_string("portal/emails/invitation.html", context), "text/html"
    )
    message.send()
