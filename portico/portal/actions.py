"""Granting and revoking portal access, and a client's sign-in.

The identity service holds the login; Portico holds the right to use it. Granting provisions
the identity user first and records the account only once that worked, so an outage leaves
nothing half-made; a retry after a lost reply finds the user (409) and adopts it instead of
making a second one. Revoking closes Portico's door at once (every request checks the account)
and then removes this firm's grant at the identity service, deleting the user only when no
other grant or staff membership needs it.
"""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils.timezone import now

from portico.accounts.identity_admin import IdentityAdmin, UserExists, UserNotFound
from portico.audit.actions import Actor, record_audit
from portico.clients.models import Contact
from portico.portal.access import Problem, eligibility_problems, primary_email_of
from portico.portal.models import PortalAccount

GRANTS_KEY = "portal_grants"


class NotEligible(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def _grant_at_identity(admin: IdentityAdmin, contact: Contact, email: str) -> str:
    """Return the identity user for `email`, created or found, carrying this firm's grant."""
    firm_id, contact_id = str(contact.firm_id), str(contact.id)
    try:
        user = admin.create_user(
            email=email,
            # Nobody ever learns this password: the client sets their own through the ticket.
            password=secrets.token_urlsafe(32),
            email_verified=False,
            name=contact.display_name,
            app_metadata={GRANTS_KEY: {firm_id: contact_id}},
        )
        return user["user_id"]
    except UserExists:
        # The same person may already sign in elsewhere (another firm, or staff): add our door.
        user = admin.users_by_email(email)[0]
        grants = dict((user.get("app_metadata") or {}).get(GRANTS_KEY) or {})
        if grants.get(firm_id) != contact_id:
            grants[firm_id] = contact_id
            admin.update_user(user["user_id"], app_metadata={GRANTS_KEY: grants})
        return user["user_id"]


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
    user_id = _grant_at_identity(admin or IdentityAdmin.from_settings(), contact, email)
    try:
        with transaction.atomic():
            account = _open_account(contact, email=email, user_id=user_id, actor=actor)
    except IntegrityError:
        # A second click raced us to the same contact; its account is the one.
        return PortalAccount.objects.for_firm(contact.firm_id).get(contact=contact)
    return account


def _open_account(contact: Contact, *, email: str, user_id: str, actor: Actor) -> PortalAccount:
    from portico.portal.tasks import send_portal_invitation

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
        verb="portal.granted_again" if again else "portal.granted",
        obj=account,
        parent=contact,
        after={"email": email},
    )
    firm_id, account_id = str(contact.firm_id), str(account.id)
    transaction.on_commit(
        lambda: send_portal_invitation.enqueue(firm_id=firm_id, account_id=account_id)
    )
    return account


@transaction.atomic
def revoke_portal_access(*, account: PortalAccount, actor: Actor) -> PortalAccount:
    """Close the portal to `account`'s client at once; keep every record of theirs.

    Caller has checked that `actor` may manage the account's contact.
    """
    from portico.portal.tasks import remove_identity_grant

    account = PortalAccount.objects.for_firm(account.firm_id).select_for_update().get(pk=account.pk)
    if account.status == PortalAccount.Status.REVOKED:
        return account
    account.status = PortalAccount.Status.REVOKED
    account.revoked_at = now()
    account.save(update_fields=["status", "revoked_at"])
    record_audit(
        firm_id=account.firm_id,
        actor=actor,
        verb="portal.revoked",
        obj=account,
        parent=account.contact,
    )
    firm_id, account_id = str(account.firm_id), str(account.id)
    transaction.on_commit(
        lambda: remove_identity_grant.enqueue(firm_id=firm_id, account_id=account_id)
    )
    return account


def withdraw_identity_grant(account: PortalAccount, admin: IdentityAdmin | None = None) -> None:
    """Remove this firm's grant from the identity user; delete the user if nothing else needs it."""
    admin = admin or IdentityAdmin.from_settings()
    try:
        user = admin.get_user(account.identity_user_id)
    except UserNotFound:
        return
    metadata = user.get("app_metadata") or {}
    grants = dict(metadata.get(GRANTS_KEY) or {})
    grants.pop(str(account.firm_id), None)
    if not grants and not metadata.get("staff_of"):
        admin.delete_user(account.identity_user_id)
    else:
        admin.update_user(account.identity_user_id, app_metadata={GRANTS_KEY: grants or None})


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
        verb="portal.first_sign_in" if first else "portal.signed_in",
        obj=account,
        parent=account.contact,
    )
    return account
