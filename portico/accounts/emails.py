"""The email inviting someone to a firm's staff: from the firm, with a set-password link."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from portico.tenancy.branding import firm_sender, logo_url
from portico.tenancy.middleware import firm_zone
from portico.tenancy.models import StaffMember


def staff_sign_in_url() -> str:
    return f"{settings.PORTICO_BASE_URL}/accounts/sign-in/"


def send_staff_invitation_email(*, member: StaffMember, link: str, expires_at: datetime) -> None:
    firm = member.firm
    context = {
        "firm": firm,
        "name": member.name,
        "role": member.get_role_display(),
        "link": link,
        "expires_at": expires_at,
        "sign_in_url": staff_sign_in_url(),
        "logo_url": logo_url(firm, absolute=True),
        "accent": firm.accent,
    }
    with timezone.override(firm_zone(firm.timezone)):
        text = render_to_string("accounts/emails/staff_invitation.txt", context)
        html = render_to_string("accounts/emails/staff_invitation.html", context)
    message = EmailMultiAlternatives(
        subject=f"{firm.name} invites you to its Portico workspace",
        body=text,
        from_email=firm_sender(firm),
        to=[member.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()
