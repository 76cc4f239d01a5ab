"""Background work of staff membership. Tasks take ids, are idempotent and retry on failure."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.db import transaction
from django.tasks import default_task_backend, task
from django.utils.timezone import now

from portico.accounts.emails import send_staff_invitation_email, staff_sign_in_url
from portico.accounts.events import StaffInvitationSent, StaffVerb
from portico.audit.actions import record_audit
from portico.core.events import publish_on_commit
from portico.core.rls import activate_firm
from portico.identity.admin import IdentityAdmin, IdentityError, IdentityUnavailable
from portico.identity.grants import withdraw_staff_grant
from portico.tenancy.models import StaffMember

logger = logging.getLogger(__name__)
INVITATION_TTL = timedelta(days=7)
MAX_ATTEMPTS = 8


def _retry_later(the_task, attempt: int, error: Exception, **kwargs) -> None:
    """Try again with backoff (1, 2, 4, ... minutes) where the queue can defer; else fail loudly."""
    if attempt >= MAX_ATTEMPTS or not default_task_backend.supports_defer:
        raise error
    delay = timedelta(minutes=2 ** (attempt - 1))
    logger.warning(
        "%s failed (attempt %s), retrying in %s: %s", the_task.name, attempt, delay, error
    )
    the_task.using(run_after=now() + delay).enqueue(attempt=attempt + 1, **kwargs)


def _member(firm_id: str, staff_id: str) -> StaffMember | None:
    activate_firm(firm_id)
    return StaffMember.objects.for_firm(firm_id).select_related("firm").filter(pk=staff_id).first()


@task()
def send_staff_invitation(*, firm_id: str, staff_id: str, attempt: int = 1) -> str:
    with transaction.atomic():
        member = _member(firm_id, staff_id)
        if member is None or not member.is_pending:
            return "skipped: no longer waiting for an invitation"
        if member.invitation_sent_at is not None:
            # Run again after its worker died between sending and recording the result (or
            # queued twice): the email went already. Resending clears the mark first.
            return "skipped: the invitation was sent already"
    expires_at = now() + INVITATION_TTL
    try:
        ticket = IdentityAdmin.from_settings().create_password_change_ticket(
            user_id=member.sub,
            result_url=staff_sign_in_url(),
            ttl_sec=int(INVITATION_TTL.total_seconds()),
            mark_email_as_verified=True,
            include_email_in_redirect=True,
        )
        send_staff_invitation_email(member=member, link=ticket, expires_at=expires_at)
    except (IdentityUnavailable, smtplib.SMTPException, OSError) as error:
        _retry_later(send_staff_invitation, attempt, error, firm_id=firm_id, staff_id=staff_id)
        return "retrying"
    with transaction.atomic():
        activate_firm(firm_id)
        StaffMember.objects.for_firm(firm_id).filter(pk=staff_id).update(invitation_sent_at=now())
        record_audit(
            firm_id=member.firm_id,
            actor=None,
            verb=StaffVerb.INVITATION_SENT,
            obj=member,
            after={"email": member.email, "expires": expires_at.isoformat(timespec="minutes")},
        )
        publish_on_commit(StaffInvitationSent(firm_id=member.firm_id, staff_id=member.id))
    return "sent"


@task()
def remove_staff_identity_grant(*, firm_id: str, staff_id: str, attempt: int = 1) -> str:
    """This firm's door closes at the identity service too; the login goes when no other
    firm's staff or portal needs it ("one person, many doors")."""
    with transaction.atomic():
        member = _member(firm_id, staff_id)
        if member is None or member.is_active:
            return "skipped: they were invited again"
    try:
        deleted = withdraw_staff_grant(
            IdentityAdmin.from_settings(), identity_user_id=member.sub, firm_id=member.firm_id
        )
    except IdentityError as error:
        _retry_later(
            remove_staff_identity_grant, attempt, error, firm_id=firm_id, staff_id=staff_id
        )
        return "retrying"
    return "login deleted" if deleted else "grant removed"
