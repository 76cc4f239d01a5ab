from __future__ import annotations

import time
import uuid
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from portico.accounts.events import (
    SignedOut,
    StaffInvitationResent,
    StaffInvited,
    StaffMemberRemoved,
    StaffRoleChanged,
    StaffVerb,
)
from portico.accounts.revocation import end_sessions_and_tokens
from portico.accounts.session import SessionPrincipal
from portico.accounts.tasks import remove_staff_identity_grant, send_staff_invitation
from portico.audit.actions import Actor, record_audit
from portico.core.errors import ErrorCollector, InvalidInput, check_choice
from portico.core.events import publish_on_commit
from portico.core.rls import activate_firm, activate_identity
from portico.identity.admin import IdentityAdmin
from portico.identity.grants import add_staff_grant
from portico.tenancy.models import Firm, StaffMember
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


# Staff: invited by email, given a role, removed. The identity service holds the login; the
# membership (StaffMember) is the right to use it here, looked up again on every request.

STAFF_LIMITS = {
    "email": StaffMember._meta.get_field("email").max_length,
    "name": StaffMember._meta.get_field("name").max_length,
}
LAST_PARTNER = (
    "A firm keeps at least one partner: make someone else a partner first "
    "(someone who has signed in)."
)


def _clean_invitation(firm_id, email: str, name: str, role: str) -> tuple[str, str]:
    errors = ErrorCollector()
    email = email.strip().lower()
    name = " ".join(name.split())
    if not email:
        errors.add("email", "Enter their email address.")
    elif len(email) > STAFF_LIMITS["email"]:
        errors.add("email", f"Use at most {STAFF_LIMITS['email']} characters.")
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.add("email", "Enter an email address like name@example.com.")
    if not name:
        errors.add("name", "Enter their name.")
    elif len(name) > STAFF_LIMITS["name"]:
        errors.add("name", f"Use at most {STAFF_LIMITS['name']} characters.")
    check_choice(errors, "role", role, StaffMember.Role, required=True)
    if not errors and (
        StaffMember.objects.for_firm(firm_id)
        .filter(email__iexact=email, is_active=True, last_sign_in_at__isnull=False)
        .exists()
    ):
        errors.add("email", "They are already on your staff.")
    errors.raise_if_any()
    return email, name


def invite_staff(
    *,
    firm: Firm,
    email: str,
    name: str,
    role: str,
    actor: Actor,
    admin: IdentityAdmin | None = None,
) -> StaffMember:
    """Invite `email` to the firm's staff: a login at the identity service (created, or found
    when the person already signs in elsewhere) and a set-password link by email (queued).

    Caller has checked that `actor` is a partner. Inviting someone already invited and not
    signed in yet returns their membership unchanged (the invitation is out; resend it).
    Raises InvalidInput, or an IdentityError when the identity service refuses or cannot be
    reached (nothing is saved then).
    """
    activate_firm(firm.id)
    email, name = _clean_invitation(firm.id, email, name, role)
    pending = (
        StaffMember.objects.for_firm(firm.id)
        .filter(email__iexact=email, is_active=True, last_sign_in_at__isnull=True)
        .first()
    )
    if pending is not None:
        return pending
    user_id = add_staff_grant(
        admin or IdentityAdmin.from_settings(), email=email, name=name, firm_id=firm.id
    )
    with transaction.atomic():
        activate_firm(firm.id)
        member = (
            StaffMember.objects.for_firm(firm.id).select_for_update().filter(sub=user_id).first()
        )
        if member is not None and member.is_active:
            return member
        if member is None:
            member = StaffMember(firm=firm, sub=user_id)
        member.email = email
        member.name = name
        member.role = role
        member.is_active = True
        member.invited_at = timezone.now()
        member.invitation_sent_at = None
        member.removed_at = None
        member.last_sign_in_at = None
        member.save()
        record_audit(
            firm_id=firm.id,
            actor=actor,
            verb=StaffVerb.INVITED,
            obj=member,
            after={"email": email, "role": role},
        )
        publish_on_commit(StaffInvited(firm_id=firm.id, staff_id=member.id))
        _queue_invitation(member)
    return member


def _queue_invitation(member: StaffMember) -> None:
    firm_id, staff_id = str(member.firm_id), str(member.id)
    transaction.on_commit(lambda: send_staff_invitation.enqueue(firm_id=firm_id, staff_id=staff_id))


def _locked(member: StaffMember) -> StaffMember:
    activate_firm(member.firm_id)
    return StaffMember.objects.for_firm(member.firm_id).select_for_update().get(pk=member.pk)


@transaction.atomic
def resend_staff_invitation(*, member: StaffMember, actor: Actor) -> StaffMember:
    """Send the invitation again (a fresh link) to someone who has not signed in yet.

    Caller has checked that `actor` is a partner. Anyone else is left alone."""
    member = _locked(member)
    if not member.is_pending:
        return member
    member.invitation_sent_at = None
    member.save(update_fields=["invitation_sent_at"])
    record_audit(
        firm_id=member.firm_id,
        actor=actor,
        verb=StaffVerb.INVITATION_RESENT,
        obj=member,
        after={"email": member.email},
    )
    publish_on_commit(StaffInvitationResent(firm_id=member.firm_id, staff_id=member.id))
    _queue_invitation(member)
    return member


def _other_partners(member: StaffMember) -> int:
    """Partners besides `member` who can sign in now (an invitation not accepted yet may
    never be: it does not keep the firm managed)."""
    return (
        StaffMember.objects.for_firm(member.firm_id)
        .select_for_update()
        .filter(role=StaffMember.Role.PARTNER, is_active=True)
        .exclude(pk=member.pk)
        .exclude(invited_at__isnull=False, last_sign_in_at__isnull=True)
        .count()
    )


@transaction.atomic
def change_staff_role(*, member: StaffMember, role: str, actor: Actor) -> StaffMember:
    """Give `member` another role. Caller has checked that `actor` is a partner.

    The firm's last partner cannot stop being one (InvalidInput, nothing changed)."""
    member = _locked(member)
    errors = ErrorCollector()
    check_choice(errors, "role", role, StaffMember.Role, required=True)
    if (
        not errors
        and member.role == StaffMember.Role.PARTNER
        and role != StaffMember.Role.PARTNER
        and not _other_partners(member)
    ):
        errors.add("role", LAST_PARTNER)
    errors.raise_if_any()
    if not member.is_active or member.role == role:
        return member
    before = member.role
    member.role = role
    member.save(update_fields=["role"])
    record_audit(
        firm_id=member.firm_id,
        actor=actor,
        verb=StaffVerb.ROLE_CHANGED,
        obj=member,
        before={"role": before},
        after={"role": role},
    )
    publish_on_commit(StaffRoleChanged(firm_id=member.firm_id, staff_id=member.id))
    return member


@transaction.atomic
def remove_staff_member(*, member: StaffMember, actor: Actor) -> StaffMember:
    """Take `member` off the firm's staff, at once: their next request (page or API token) is
    refused, since every request looks the membership up again, and their sessions and tokens
    at this firm are ended for good (`end_sessions_and_tokens`). Then (queued) this firm's
    grant is removed at the identity service, and the login deleted when nothing else needs it.

    Caller has checked that `actor` is a partner. The last partner cannot be removed
    (InvalidInput). Everything they wrote stays, under their name. Removing twice is harmless.
    """
    member = _locked(member)
    if not member.is_active:
        return member
    if member.role == StaffMember.Role.PARTNER and not _other_partners(member):
        raise InvalidInput({"staff": [LAST_PARTNER]})
    member.is_active = False
    member.removed_at = timezone.now()
    member.save(update_fields=["is_active", "removed_at"])
    # For good: even if they are invited again, no session or token from before comes back.
    end_sessions_and_tokens(
        sub=member.sub, firm_id=member.firm_id, reason="removed from the firm's staff"
    )
    record_audit(
        firm_id=member.firm_id,
        actor=actor,
        verb=StaffVerb.REMOVED,
        obj=member,
        before={"email": member.email, "role": member.role},
    )
    publish_on_commit(StaffMemberRemoved(firm_id=member.firm_id, staff_id=member.id))
    # Their open live streams look their principal up again, and end.
    publish_on_commit(SignedOut(firm_id=member.firm_id))
    firm_id, staff_id = str(member.firm_id), str(member.id)
    transaction.on_commit(
        lambda: remove_staff_identity_grant.enqueue(firm_id=firm_id, staff_id=staff_id)
    )
    return member
