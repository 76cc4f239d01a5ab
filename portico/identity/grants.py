"""Which doors of which firms one identity may open, as kept in its `app_metadata`.

One person has one identity (one email, one `sub`) and may be a client of several firms and
staff at others ("one person, many doors" in DESIGN.md). The identity carries a note of each
door so a login is deleted only when the last one closes; who may actually open a door is
always decided by Portico's own records, never by these notes alone.
"""

from __future__ import annotations

import secrets
import uuid

from portico.identity.admin import IdentityAdmin, UserExists, UserNotFound

# {firm_id: contact_id} of every firm that opened a portal for this person.
PORTAL_GRANTS_KEY = "portal_grants"
# [firm_id, ...] of every firm where this person works.
STAFF_GRANTS_KEY = "staff_of"


def add_portal_grant(
    admin: IdentityAdmin, *, email: str, name: str, firm_id: uuid.UUID, contact_id: uuid.UUID
) -> str:
    """The identity user for `email`, created or found, carrying this firm's portal grant."""
    firm, contact = str(firm_id), str(contact_id)
    try:
        user = admin.create_user(
            email=email,
            # Nobody ever learns this password: the client sets their own through the ticket.
            password=secrets.token_urlsafe(32),
            email_verified=False,
            name=name,
            app_metadata={PORTAL_GRANTS_KEY: {firm: contact}},
        )
        return user["user_id"]
    except UserExists:
        # The same person may already sign in elsewhere (another firm, or staff): add our door.
        user = admin.users_by_email(email)[0]
        grants = dict((user.get("app_metadata") or {}).get(PORTAL_GRANTS_KEY) or {})
        if grants.get(firm) != contact:
            grants[firm] = contact
            admin.update_user(user["user_id"], app_metadata={PORTAL_GRANTS_KEY: grants})
        return user["user_id"]


def withdraw_portal_grant(
    admin: IdentityAdmin, *, identity_user_id: str, firm_id: uuid.UUID
) -> None:
    """Remove this firm's portal grant; delete the user when no other door needs it."""
    try:
        user = admin.get_user(identity_user_id)
    except UserNotFound:
        return
    metadata = user.get("app_metadata") or {}
    grants = dict(metadata.get(PORTAL_GRANTS_KEY) or {})
    grants.pop(str(firm_id), None)
    if not grants and not metadata.get(STAFF_GRANTS_KEY):
        admin.delete_user(identity_user_id)
    else:
        admin.update_user(identity_user_id, app_metadata={PORTAL_GRANTS_KEY: grants or None})


def add_staff_grant(admin: IdentityAdmin, *, email: str, name: str, firm_id: uuid.UUID) -> str:
    """The identity user for `email`, created or found, noting that it works at this firm."""
    firm = str(firm_id)
    try:
        user = admin.create_user(
            email=email,
            # Nobody ever learns this password: the person sets their own through the ticket.
            password=secrets.token_urlsafe(32),
            email_verified=False,
            name=name or None,
            app_metadata={STAFF_GRANTS_KEY: [firm]},
        )
        return user["user_id"]
    except UserExists:
        user = admin.users_by_email(email)[0]
        firms = list((user.get("app_metadata") or {}).get(STAFF_GRANTS_KEY) or [])
        if firm not in firms:
            admin.update_user(user["user_id"], app_metadata={STAFF_GRANTS_KEY: [*firms, firm]})
        return user["user_id"]


def withdraw_staff_grant(
    admin: IdentityAdmin, *, identity_user_id: str, firm_id: uuid.UUID
) -> bool:
    """Remove this firm's staff grant; delete the user when no other door needs it.

    Returns True when the login itself was deleted.
    """
    try:
        user = admin.get_user(identity_user_id)
    except UserNotFound:
        return False
    metadata = user.get("app_metadata") or {}
    firms = [f for f in (metadata.get(STAFF_GRANTS_KEY) or []) if f != str(firm_id)]
    if not firms and not metadata.get(PORTAL_GRANTS_KEY):
        admin.delete_user(identity_user_id)
        return True
    admin.update_user(identity_user_id, app_metadata={STAFF_GRANTS_KEY: firms or None})
    return False
