"""Background work of portal access. Tasks take ids, are idempotent and retry on failure."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import default_task_backend, task
from django.utils.timezone import now

from portico.audit.actions import record_audit
from portico.core.events import publish_on_commit
from portico.core.rls import activate_firm
from portico.identity.admin import IdentityAdmin, IdentityError, IdentityUnavailable
from portico.identity.grants import withdraw_portal_grant
from portico.portal.emails import send_invitation_email
from portico.portal.events import PortalInvitationSent, PortalVerb
from portico.portal.models import PortalAccount

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


def _account(firm_id: str, account_id: str) -> PortalAccount | None:
    activate_firm(firm_id)
    return (
        PortalAccount.objects.for_firm(firm_id)
        .select_related("contact", "firm")
        .filter(pk=account_id)
        .first()
    )


@task()
def send_portal_invitation(*, firm_id: str, account_id: str, attempt: int = 1) -> str:
    with transaction.atomic():
        account = _account(firm_id, account_id)
        if account is None or account.status != PortalAccount.Status.INVITED:
            return "skipped: access is no longer waiting for an invitation"
    expires_at = now() + INVITATION_TTL
    try:
        ticket = IdentityAdmin.from_settings().create_password_change_ticket(
            user_id=account.identity_user_id,
            result_url=f"{settings.PORTICO_BASE_URL}/portal/sign-in/",
            ttl_sec=int(INVITATION_TTL.total_seconds()),
            mark_email_as_verified=True,
        )
        send_invitation_email(account=account, link=ticket, expires_at=expires_at)
    except (IdentityUnavailable, smtplib.SMTPException, OSError) as error:
        _retry_later(send_portal_invitation, attempt, error, firm_id=firm_id, account_id=account_id)
        return "retrying"
    with transaction.atomic():
        activate_firm(firm_id)
        PortalAccount.objects.for_firm(firm_id).filter(pk=account_id).update(
            invitation_sent_at=now()
        )
        record_audit(
            firm_id=account.firm_id,
            actor=None,
            verb=PortalVerb.INVITATION_SENT,
            obj=account,
            parent=account.contact,
            after={"email": account.email, "expires": expires_at.isoformat(timespec="minutes")},
        )
        publish_on_commit(
            PortalInvitationSent(
                firm_id=account.firm_id, contact_id=account.contact_id, account_id=account.id
            )
        )
    return "sent"


@task()
def remove_identity_grant(*, firm_id: str, account_id: str, attempt: int = 1) -> str:
    with transaction.atomic():
        account = _account(firm_id, account_id)
        if account is None or account.status != PortalAccount.Status.REVOKED:
            return "skipped: access was granted again"
    try:
        withdraw_portal_grant(
            IdentityAdmin.from_settings(),
            identity_user_id=account.identity_user_id,
            firm_id=account.firm_id,
        )
    except IdentityError as error:
        _retry_later(remove_identity_grant, attempt, error, firm_id=firm_id, account_id=account_id)
        return "retrying"
    return "removed"
