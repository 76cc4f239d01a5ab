"""Background work of portal access. Tasks take ids, are idempotent and retry on failure."""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.tasks import default_task_backend, task
from django.utils.timezone import now

from portico.audit.actions import record_audit
from portico.core.events import publish_on_commit
from portico.core.retry import retry_later
from portico.core.rls import activate_firm
from portico.identity.admin import IdentityAdmin, IdentityError, UserExists, UserNotFound
from portico.identity.grants import withdraw_portal_grant
from portico.identity.invitations import send_invitation
from portico.intake.queries import intake_on_matter
from portico.portal.emails import (
    portal_sign_in_url,
    send_intake_reminder_email_now,
    send_invitation_email,
)
from portico.portal.events import PortalInvitationSent, PortalVerb
from portico.portal.models import PortalAccount
from portico.tenancy.branding import logo_url
from portico.tenancy.models import Firm

logger = logging.getLogger(__name__)


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

    def record_sent(expires_at: datetime) -> None:
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

    return send_invitation(
        account,
        identity_user_id=account.identity_user_id,
        # Straight on to signing in to this firm's portal, with the address filled in.
        result_url=portal_sign_in_url(account.firm),
        send_email=partial(send_invitation_email, account=account),
        record_sent=record_sent,
        the_task=send_portal_invitation,
        attempt=attempt,
        firm_id=firm_id,
        account_id=account_id,
    )


@task()
def send_intake_reminder_email(
    *, firm_id: str, account_id: str, kind: str, face_id: str, attempt: int = 1
) -> str:
    """The reminder to answer a lead's or case's intake questions (queued by
    `actions.send_intake_reminder`, which kept it in the trail)."""
    with transaction.atomic():
        account = _account(firm_id, account_id)
        if account is None or account.status != PortalAccount.Status.ACTIVE:
            return "skipped: the client no longer has portal access"
        matter = face_for(firm_id, kind, face_id)
        if matter is None:
            return "skipped: the matter is gone"
        remaining = sum(
            len(f.remaining) for f in intake_on_matter(firm_id, matter.matter_id, private=False)
        )
    try:
        send_intake_reminder_email_now(account=account, matter=matter, remaining=remaining)
    except (smtplib.SMTPException, OSError) as error:
        retry_later(
            send_intake_reminder_email,
            attempt,
            error,
            firm_id=firm_id,
            account_id=account_id,
            kind=kind,
            face_id=face_id,
        )
        return "retrying"
    return "sent"


def face_for(firm_id: str, kind: str, face_id: str):
    from portico.matters.models import Case, Lead

    model = Case if kind == "case" else Lead
    return model.objects.for_firm(firm_id).filter(pk=face_id).first()


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
        retry_later(remove_identity_grant, attempt, error, firm_id=firm_id, account_id=account_id)
        return "retrying"
    return "removed"


# The firm at the identity service: an Auth0 Organization that carries its face to the
# sign-in page. Queued whenever the firm's face changes (tenancy's FirmFaceChanged).
PAGE_BACKGROUND = "#f8f9fa"  # the light theme's --pt-bg
ORGANIZATION_ATTEMPTS = 6


def organization_fields(firm: Firm) -> dict:
    """The firm as an Auth0 Organization: its name and its branding for the sign-in page."""
    branding: dict = {"colors": {"primary": firm.accent, "page_background": PAGE_BACKGROUND}}
    if firm.logo:
        branding["logo_url"] = logo_url(firm, absolute=True)
    return {"display_name": firm.name[:255], "branding": branding}


@task()
def show_firm_at_identity_service(*, firm_id: str, attempt: int = 1) -> str:
    """Create or update the firm's Organization at the identity service, and remember its id.

    Without it the sign-in page is Portico's own, so a failure is logged and retried where the
    queue can wait, never raised into the request that changed the firm.
    """
    with transaction.atomic():
        activate_firm(firm_id)
        firm = Firm.objects.filter(pk=firm_id).first()
        if firm is None:
            return "skipped: no such firm"
    admin = IdentityAdmin.from_settings()
    fields = organization_fields(firm)
    try:
        organization_id = firm.identity_organization_id
        if organization_id:
            try:
                admin.update_organization(organization_id, **fields)
            except UserNotFound:
                organization_id = ""
        if not organization_id:
            try:
                organization_id = admin.create_organization(name=firm.slug, **fields)["id"]
            except UserExists:
                organization_id = admin.organization_by_name(firm.slug)["id"]
                admin.update_organization(organization_id, **fields)
    except IdentityError as error:
        if attempt < ORGANIZATION_ATTEMPTS and default_task_backend.supports_defer:
            delay = timedelta(minutes=2 ** (attempt - 1))
            show_firm_at_identity_service.using(run_after=now() + delay).enqueue(
                firm_id=firm_id, attempt=attempt + 1
            )
            return "retrying"
        logger.warning("could not show firm %s at the identity service: %s", firm_id, error)
        return "failed"
    if organization_id != firm.identity_organization_id:
        with transaction.atomic():
            activate_firm(firm_id)
            Firm.objects.filter(pk=firm_id).update(identity_organization_id=organization_id)
    return "shown"
