from __future__ import annotations

import uuid

from django.db import transaction
from django.http import HttpRequest, HttpResponse

from portico.accounts.revocation import issued_before_cutoff
from portico.accounts.session import SessionPrincipal
from portico.core.rls import activate_firm, activate_identity
from portico.portal.access import open_accounts_for_sub
from portico.portal.principal import PortalPrincipal
from portico.tenancy.queries import membership_for_sub


class PrincipalMiddleware:
    """Open the request's transaction, put the firm wall around it, and say who is asking.

    Everything the view does runs in one transaction scoped to the signed-in member's (or
    client's) firm, so on PostgreSQL row-level security sees the same firm as the ORM. The
    membership or portal account is looked up again on every request: removing someone or
    revoking their access takes effect at their very next click. A server error rolls the
    whole request back, as ATOMIC_REQUESTS would (which cannot be used here: it opens the
    transaction after middleware, too late to set the firm for it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with transaction.atomic():
            request.staff = None
            request.firm = None
            request.portal = None
            principal = SessionPrincipal.from_session(request.session)
            if principal is not None and not self._resolve(request, principal):
                request.session.flush()
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response

    def _resolve(self, request: HttpRequest, principal: SessionPrincipal) -> bool:
        activate_identity(sub=principal.sub)
        if issued_before_cutoff(
            principal.sub, principal.firm_id, principal.signed_in_at, principal.sid
        ):
            # Revoked, blocked or signed out everywhere since this session began: for good,
            # whatever grant exists now (a new grant needs a new sign-in).
            return False
        if principal.kind == "staff":
            member = membership_for_sub(principal.sub, firm_id=principal.firm_id)
            if member is None:
                return False
            activate_firm(member.firm_id)
            request.staff = member
            request.firm = member.firm
            return True
        account = open_accounts_for_sub(principal.sub).filter(firm_id=principal.firm_id).first()
        if account is None or str(account.contact_id) != principal.contact_id:
            return False
        activate_firm(account.firm_id)
        request.firm = account.firm
        request.portal = portal_principal_for(account)
        return True


def portal_principal_for(account) -> PortalPrincipal:
    return PortalPrincipal(
        firm_id=uuid.UUID(str(account.firm_id)),
        contact_id=uuid.UUID(str(account.contact_id)),
        account_id=uuid.UUID(str(account.id)),
        name=account.contact.display_name,
    )
