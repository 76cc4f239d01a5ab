"""The email inviting someone to a firm's staff: from the firm, with a set-password link."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from portico.tenancy.emails import send_firm_email
from portico.tenancy.models import StaffMember


def staff_sign_in_url() -> str:
    return f"{settings.PORTICO_BASE_URL}/accounts/sign-in/"


def send_staff_invitation_email(*, member: StaffMember, link: str, expires_at: datetime) -> None:
    send_firm_email(
        member.firm,
        to=member.email,
        subject=f"{member.firm.name} invites you to its Portico workspace",
        template="accounts/emails/staff_invitation",
        context={
            "name": member.name,
            "role": member.get_role_display(),
            "link": link,
            "expires_at": expires_at,
            "sign_in_url": staff_sign_in_url(),
        },
    )
