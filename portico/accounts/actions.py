from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from portico.accounts.session import SessionPrincipal
from portico.core.rls import activate_firm, activate_identity
from portico.tenancy.models import StaffMember
from portico.tenancy.queries import memberships_for_sub


def sign_in_staff(request: HttpRequest, *, claims: dict, id_token: str) -> StaffMember | None:
    """Start a staff session for the verified identity `claims`, or None if it is no member.

    Members are found by `sub` only, never by email: an email can change hands, a subject can't.
    """
    sub = claims["sub"]
    activate_identity(sub=sub)
    member = memberships_for_sub(sub).order_by("created_at").first()
    if member is None:
        return None
    activate_firm(member.firm_id)
    # A fresh session key at sign-in: whatever session id existed before is worthless now.
    request.session.cycle_key()
    SessionPrincipal(
        kind="staff",
        sub=sub,
        firm_id=str(member.firm_id),
        sid=str(claims.get("sid", "")),
        id_token=id_token,
        exp=int(claims["exp"]),
    ).store(request.session)
    member.last_sign_in_at = timezone.now()
    member.save(update_fields=["last_sign_in_at"])
    request.staff = member
    request.firm = member.firm
    return member
