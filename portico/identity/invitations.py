"""An invitation: a set-password ticket at the identity service, emailed by a task.

Staff invitations (`accounts.tasks`) and portal invitations (`portal.tasks`) both go out
through `send_invitation`, which sends at most once however often the task runs, and queues the
task again while the identity service or the mail server is away.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.tasks import Task
from django.utils.timezone import now

from portico.core.models import FirmOwned
from portico.core.retry import retry_later
from portico.core.rls import activate_firm
from portico.identity.admin import IdentityAdmin, IdentityUnavailable

INVITATION_TTL = timedelta(days=7)


def send_invitation(
    invited: FirmOwned,
    *,
    identity_user_id: str,
    result_url: str,
    send_email: Callable[..., None],
    record_sent: Callable[[datetime], None],
    the_task: Task,
    attempt: int,
    **task_kwargs: str,
) -> str:
    """Email `invited` (a row waiting for its invitation, with an `invitation_sent_at`) a link
    to set their password, then mark it sent.

    `send_email(link=, expires_at=)` sends the email; `record_sent(expires_at)` runs in the
    transaction that marks the row sent (the audit trail, the event). On failure the task is
    queued again with `task_kwargs`, as `the_task`'s next attempt after `attempt`.
    """
    if invited.invitation_sent_at is not None:
        # Run again after its worker died between sending and recording the result (or
        # queued twice): the email went already. Resending clears the mark first.
        return "skipped: the invitation was sent already"
    expires_at = now() + INVITATION_TTL
    try:
        ticket = IdentityAdmin.from_settings().create_password_change_ticket(
            user_id=identity_user_id,
            result_url=result_url,
            ttl_sec=int(INVITATION_TTL.total_seconds()),
            mark_email_as_verified=True,
            include_email_in_redirect=True,
        )
        send_email(link=ticket, expires_at=expires_at)
    except (IdentityUnavailable, smtplib.SMTPException, OSError) as error:
        retry_later(the_task, attempt, error, **task_kwargs)
        return "retrying"
    with transaction.atomic():
        activate_firm(invited.firm_id)
        type(invited).objects.for_firm(invited.firm_id).filter(pk=invited.pk).update(
            invitation_sent_at=now()
        )
        record_sent(expires_at)
    return "sent"
