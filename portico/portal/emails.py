"""Emails to a firm's clients: from the firm's name, in its colours and time zone."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings

from portico.portal.models import PortalAccount
from portico.tenancy.emails import send_firm_email
from portico.tenancy.models import Firm


def portal_sign_in_url(firm: Firm) -> str:
    """Where a client of `firm` signs in: the sign-in page carries the firm's face when the
    firm is known at the identity service (an Organization)."""
    url = f"{settings.PORTICO_BASE_URL}/portal/sign-in/"
    if firm.identity_organization_id:
        url += "?" + urlencode({"organization": firm.identity_organization_id})
    return url


def send_invitation_email(*, account: PortalAccount, link: str, expires_at: datetime) -> None:
    send_firm_email(
        account.firm,
        to=account.email,
        subject=f"{account.firm.name} invites you to your client portal",
        template="portal/emails/invitation",
        context={
            "name": account.contact.display_name,
            "link": link,
            "expires_at": expires_at,
            "portal_url": portal_sign_in_url(account.firm),
        },
    )


def send_intake_reminder_email_now(*, account: PortalAccount, matter, remaining: int) -> None:
    """Ask the client to answer the firm's questions on one lead or case, with a link to them."""
    send_firm_email(
        account.firm,
        to=account.email,
        subject=f"{account.firm.name} asks you to answer a few questions",
        template="portal/emails/intake_reminder",
        context={
            "name": account.contact.display_name,
            "matter_name": matter.heading,
            "remaining": remaining,
            "link": f"{settings.PORTICO_BASE_URL}/portal/{matter.kind}s/{matter.id}/#intake",
        },
    )
