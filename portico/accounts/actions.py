from __future__ import annotations

import time
import uuid
from dataclasses import replace

from django.http import HttpRequest
from django.utils import timezone

from portico.accounts.events import SignedOut
from portico.accounts.session import SessionPrincipal
from portico.core.events import publish_on_commit
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
    _start_session(
        request,
        SessionPrincipal(
            kind="staff",
            sub=sub,
            firm_id=str(member.firm_id),
            sid=str(claims.get("sid", "")),
            id_token=id_token,
            exp=int(claims["exp"]),
        ),
    )
    member.last_sign_in_at = timezone.now()
    member.save(update_fields=["last_sign_in_at"])
    request.staff = member
    request.firm = member.firm
    return member


def sign_out(request: HttpRequest) -> SessionPrincipal | None:
    """End the request's session; the principal it held, if any, is returned (its id token
    is the hint the identity service's sign-out wants)."""
    principal = SessionPrincipal.from_session(request.session)
    request.session.flush()
    if principal is not None and principal.firm_id:
        publish_on_commit(SignedOut(firm_id=uuid.UUID(principal.firm_id)))
    return principal


def _start_session(request: HttpRequest, principal: SessionPrincipal) -> None:
    # A fresh session key at sign-in: whatever session id existed before is worthless now.
    request.session.cycle_key()
    replace(principal, signed_in_at=time.time()).store(request.session)


def open_portal_choices(sub: str) -> list:
    """The portal accounts one verified identity may open (one per firm that granted access)."""
    from portico.portal.access import open_accounts_for_sub

    activate_identity(sub=sub)
    return list(open_accounts_for_sub(sub).order_by("firm__name"))


def sign_in_client(request: HttpRequest, *, claims: dict, id_token: str, account) -> None:
    """Start a portal session for `account`, which `claims` (verified) may open."""
    from portico.accounts.principal import portal_principal_for
    from portico.portal.actions import record_portal_sign_in

    activate_firm(account.firm_id)
    _start_session(
        request,
        SessionPrincipal(
            kind="client",
            sub=claims["sub"],
            firm_id=str(account.firm_id),
            sid=str(claims.get("sid", "")),
            id_token=id_token,
            exp=int(claims["exp"]),
            contact_id=str(account.contact_id),
        ),
    )
    request.firm = account.firm
    request.portal = portal_principal_for(account)
    record_portal_sign_in(account=account, actor=request.portal)
