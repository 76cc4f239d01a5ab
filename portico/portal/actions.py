"""Granting and revoking portal access, and a client's sign-in.

The identity service holds the login; Portico holds the right to use it. Granting provisions
the identity user first and records the account only once that worked, so an outage leaves
nothing half-made; a retry after a lost reply finds the user (409) and adopts it instead of
making a second one. Revoking closes Portico's door at once (every request checks the account)
and then removes this firm's grant at the identity service, deleting the user only when no
other grant or staff membership needs it.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.timezone import now

from portico.audit.actions import Actor, record_audit
from portico.clients.models import Contact
from portico.core.errors import InvalidInput
from portico.core.events import publish_on_commit
from portico.identity.admin import IdentityAdmin
from portico.identity.grants import add_portal_grant
from portico.intake.models import MatterIntake
from portico.matters.kinds import MatterFace
from portico.matters.queries import client_ids_on_matter
from portico.portal.access import Problem, eligibility_problems, primary_email_of
from portico.portal.events import (
    IntakeReminderSent,
    PortalAccessGranted,
    PortalAccessRevoked,
    PortalInvitationResent,
    PortalSignedIn,
    PortalVerb,
)
from portico.portal.models import PortalAccount
from portico.portal.tasks import (
    remove_identity_grant,
    send_intake_reminder_email,
    send_portal_invitation,
)
from portico.tenancy.revocation import end_sessions_and_tokens


class NotEligible(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def grant_portal_access(
    *, contact: Contact, actor: Actor, admin: IdentityAdmin | None = None
) -> PortalAccount:
    """Give `contact` a portal login and queue their invitation. Granting twice is harmless.

    Caller has checked that `actor` may manage `contact`. Raises NotEligible, or an
    IdentityError when the identity service refuses or cannot be reached (nothing is saved).
    """
    existing = PortalAccount.objects.for_firm(contact.firm_id).filter(contact=contact).first()
    if existing is not None and existing.is_open:
        return existing
    problems = eligibility_problems(contact)
    if problems:
        raise NotEligible(problems)
    email = primary_email_of(contact)
    user_id = add_portal_grant(
        admin or IdentityAdmin.from_settings(),
        email=email,
        name=contact.display_name,
        firm_id=contact.firm_id,
        contact_id=contact.id,
    )
    try:
        with transaction.atomic():
            account = _open_account(contact, email=email, user_id=user_id, actor=actor)
    except IntegrityError:
        # A second click raced us to the same contact; its account is the one.
        return PortalAccount.objects.for_firm(contact.firm_id).get(contact=contact)
    return account


def _open_account(contact: Contact, *, email: str, user_id: str, actor: Actor) -> PortalAccount:
    account = (
        PortalAccount.objects.for_firm(contact.firm_id)
        .select_for_update()
        .filter(contact=contact)
        .first()
    )
    if account is not None and account.is_open:
        return account
    again = account is not None
    if account is None:
        account = PortalAccount(firm_id=contact.firm_id, contact=contact)
    account.email = email
    account.identity_user_id = user_id
    account.status = PortalAccount.Status.INVITED
    account.invited_at = now()
    account.invitation_sent_at = None
    account.activated_at = None
    account.revoked_at = None
    account.save()
    record_audit(
        firm_id=contact.firm_id,
        actor=actor,
        verb=PortalVerb.GRANTED_AGAIN if again else PortalVerb.GRANTED,
        obj=account,
        parent=contact,
        after={"email": email},
    )
    publish_on_commit(
        PortalAccessGranted(firm_id=contact.firm_id, contact_id=contact.id, account_id=account.id)
    )
    firm_id, account_id = str(contact.firm_id), str(account.id)
    transaction.on_commit(
        lambda: send_portal_invitation.enqueue(firm_id=firm_id, account_id=account_id)
    )
    return account


@transaction.atomic
def resend_portal_invitation(*, account: PortalAccount, actor: Actor) -> PortalAccount:
    """Send the invitation again (a fresh link) to a client who has not signed in yet.

    Caller has checked that `actor` may manage the account's contact. Access that is active
    or revoked is left alone: an active client signs in, a revoked one is granted again.
    """
    account = PortalAccount.objects.for_firm(account.firm_id).select_for_update().get(pk=account.pk)
    if account.status != PortalAccount.Status.INVITED:
        return account
    account.invitation_sent_at = None
    account.save(update_fields=["invitation_sent_at"])
    record_audit(
        firm_id=account.firm_id,
        actor=actor,
        verb=PortalVerb.INVITATION_RESENT,
        obj=account,
        parent=account.contact,
        after={"email": account.email},
    )
    publish_on_commit(
        PortalInvitationResent(
            firm_id=account.firm_id, contact_id=account.contact_id, account_id=account.id
        )
    )
    firm_id, account_id = str(account.firm_id), str(account.id)
    transaction.on_commit(
        lambda: send_portal_invitation.enqueue(firm_id=firm_id, account_id=account_id)
    )
    return account


@transaction.atomic
def revoke_portal_access(*, account: PortalAccount, actor: Actor) -> PortalAccount:
    """Close the portal to `account`'s client at once; keep every record of theirs.

    Caller has checked that `actor` may manage the account's contact.
    """
    account = PortalAccount.objects.for_firm(account.firm_id).select_for_update().get(pk=account.pk)
    if account.status == PortalAccount.Status.REVOKED:
        return account
    account.status = PortalAccount.Status.REVOKED
    account.revoked_at = now()
    account.save(update_fields=["status", "revoked_at"])
    # Every portal session of theirs at this firm ends for good, even if access is given back
    # before their next click (a new grant needs a new sign-in); other firms' doors stay open.
    end_sessions_and_tokens(
        sub=account.identity_user_id, firm_id=account.firm_id, reason="portal access revoked"
    )
    record_audit(
        firm_id=account.firm_id,
        actor=actor,
        verb=PortalVerb.REVOKED,
        obj=account,
        parent=account.contact,
    )
    publish_on_commit(
        PortalAccessRevoked(
            firm_id=account.firm_id, contact_id=account.contact_id, account_id=account.id
        )
    )
    firm_id, account_id = str(account.firm_id), str(account.id)
    transaction.on_commit(
        lambda: remove_identity_grant.enqueue(firm_id=firm_id, account_id=account_id)
    )
    return account


@transaction.atomic
def record_portal_sign_in(*, account: PortalAccount, actor: Actor) -> PortalAccount:
    """The client signed in: their first sign-in turns an invitation into active access."""
    first = account.status == PortalAccount.Status.INVITED
    account.last_sign_in_at = now()
    fields = ["last_sign_in_at"]
    if first:
        account.status = PortalAccount.Status.ACTIVE
        account.activated_at = account.last_sign_in_at
        fields += ["status", "activated_at"]
    account.save(update_fields=fields)
    record_audit(
        firm_id=account.firm_id,
        actor=actor,
        verb=PortalVerb.FIRST_SIGN_IN if first else PortalVerb.SIGNED_IN,
        obj=account,
        parent=account.contact,
    )
    publish_on_commit(
        PortalSignedIn(
            firm_id=account.firm_id,
            contact_id=account.contact_id,
            account_id=account.id,
            first=first,
        )
    )
    return account


@transaction.atomic
def send_intake_reminder(*, matter: MatterFace, actor: Actor) -> list[PortalAccount]:
    """Email each client on the lead or case who can sign in to the portal a link to its
    intake questions (the worker sends it). Refused in plain words (`InvalidInput`) when the
    matter has no intake form or no client on it has portal access; nothing is sent then."""
    matter_id = matter.records_matter_id
    if matter_id is None:
        raise InvalidInput({"reminder": ["This lead became a case: remind from the case."]})
    if not MatterIntake.objects.filter(matter_id=matter_id).exists():
        raise InvalidInput(
            {"reminder": [f"This {matter.kind} has no intake questions yet: give it a form first."]}
        )
    accounts = list(
        PortalAccount.objects.for_firm(matter.firm_id)
        .filter(
            contact_id__in=client_ids_on_matter(matter.firm_id, matter_id),
            status=PortalAccount.Status.ACTIVE,
        )
        .select_related("contact")
        .order_by("email")
    )
    if not accounts:
        raise InvalidInput(
            {
                "reminder": [
                    f"No client on this {matter.kind} has portal access yet, so no reminder was "
                    "sent. Give a client portal access from their contact page first."
                ]
            }
        )
    firm_id, kind, face_id = str(matter.firm_id), str(matter.kind), str(matter.id)
    for account in accounts:
        record_audit(
            firm_id=matter.firm_id,
            actor=actor,
            verb=PortalVerb.INTAKE_REMINDER,
            obj=account,
            parent=matter,
            after={"to": account.email},
        )
        publish_on_commit(
            IntakeReminderSent(
                firm_id=matter.firm_id,
                matter_id=matter_id,
                contact_id=account.contact_id,
                account_id=account.id,
            )
        )
        account_id = str(account.id)
        transaction.on_commit(
            lambda account_id=account_id: send_intake_reminder_email.enqueue(
                firm_id=firm_id, account_id=account_id, kind=kind, face_id=face_id
            )
        )
    return accounts
