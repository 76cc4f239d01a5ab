"""Background work of staff membership. Tasks take ids, are idempotent and retry on failure."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.db import transaction
from django.tasks import task

from portico.accounts.emails import send_staff_invitation_email, staff_sign_in_url
from portico.accounts.events import StaffInvitationSent, StaffVerb
from portico.audit.actions import record_audit
from portico.core.events import publish_on_commit
from portico.core.retry import retry_later
from portico.core.rls import activate_firm
from portico.identity.admin import IdentityAdmin, IdentityError
from portico.identity.grants import withdraw_staff_grant
from portico.identity.invitations import send_invitation
from portico.tenancy.models import StaffMember


def _member(firm_id: str, staff_id: str) -> StaffMember | None:
    activate_firm(firm_id)
    return StaffMember.objects.for_firm(firm_id).select_related("firm").filter(pk=staff_id).first()


@task()
def send_staff_invitation(*, firm_id: str, staff_id: str, attempt: int = 1) -> str:
    with transaction.atomic():
        member = _member(firm_id, staff_id)
        if member is None or not member.is_pending:
            return "skipped: no longer waiting for an invitation"

    def record_sent(expires_at: datetime) -> None:
        record_audit(
            firm_id=member.firm_id,
            actor=None,
            verb=StaffVerb.INVITATION_SENT,
            obj=member,
            after={"email": member.email, "expires": expires_at.isoformat(timespec="minutes")},
        )
        publish_on_commit(StaffInvitationSent(firm_id=member.firm_id, staff_id=member.id))

    return send_invitation(
        member,
        identity_user_id=member.sub,
        result_url=staff_sign_in_url(),
        send_email=partial(send_staff_invitation_email, member=member),
        record_sent=record_sent,
        the_task=send_staff_invitation,
        attempt=attempt,
        firm_id=firm_id,
        staff_id=staff_id,
    )


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
        retry_later(remove_staff_identity_grant, attempt, error, firm_id=firm_id, staff_id=staff_id)
        return "retrying"
    return "login deleted" if deleted else "grant removed"
