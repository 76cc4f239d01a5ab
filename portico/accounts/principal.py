"""Who is asking, from a session: the one resolver the middleware and the live streams share.

The membership or portal account is looked up again every time, so removing a member or
revoking a client's access takes effect at their very next click, and ends their open live
stream (portico/live/streams.py re-checks through here).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from portico.accounts.session import SessionPrincipal
from portico.core.rls import activate_firm, activate_identity
from portico.portal.access import open_accounts_for_sub
from portico.portal.principal import PortalPrincipal
from portico.tenancy.models import Firm, StaffMember
from portico.tenancy.queries import memberships_for_sub
from portico.tenancy.revocation import cutoff_subquery, is_before


@dataclass(frozen=True)
class Resolved:
    """A signed-in staff member (`staff`) or client (`portal`) of `firm`."""

    firm: Firm
    staff: StaffMember | None = None
    portal: PortalPrincipal | None = None


def resolve_principal(principal: SessionPrincipal) -> Resolved | None:
    """The member or client `principal` still is, or None when that is over.

    Call inside a transaction: on PostgreSQL it scopes the transaction to the firm found (and
    to no firm when None). One round trip reads the membership or portal account (with its firm
    and contact) and the latest sign-in cutoff that applies, after one statement that scopes
    the transaction to the identity and to the firm the session names."""
    activate_identity(sub=principal.sub, firm_id=principal.firm_id)
    cutoff = cutoff_subquery(principal.sub, principal.firm_id, principal.sid)
    resolved = None
    if principal.kind == "staff":
        member = (
            memberships_for_sub(principal.sub)
            .filter(firm_id=principal.firm_id)
            .annotate(cutoff=cutoff)
            .first()
        )
        if member is not None and not is_before(member.cutoff, principal.signed_in_at):
            resolved = Resolved(firm=member.firm, staff=member)
    else:
        account = (
            open_accounts_for_sub(principal.sub)
            .filter(firm_id=principal.firm_id)
            .select_related("contact")
            .annotate(cutoff=cutoff)
            .first()
        )
        if (
            account is not None
            and str(account.contact_id) == principal.contact_id
            # Revoked, blocked or signed out everywhere since this session began: for good,
            # whatever grant exists now (a new grant needs a new sign-in).
            and not is_before(account.cutoff, principal.signed_in_at)
        ):
            resolved = Resolved(firm=account.firm, portal=portal_principal_for(account))
    if resolved is None:
        activate_firm(None)  # fail closed: the session's firm was never confirmed
    return resolved


def resolve_session(session) -> Resolved | None:
    """Resolve whatever principal `session` holds (None if it holds none)."""
    principal = SessionPrincipal.from_session(session)
    return resolve_principal(principal) if principal is not None else None


def portal_principal_for(account) -> PortalPrincipal:
    return PortalPrincipal(
        firm_id=uuid.UUID(str(account.firm_id)),
        contact_id=uuid.UUID(str(account.contact_id)),
        account_id=uuid.UUID(str(account.id)),
        name=account.contact.display_name,
        contact=account.contact,
    )
