from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse

from portico.accounts.session import SessionPrincipal
from portico.core.rls import activate_firm, activate_identity
from portico.tenancy.queries import membership_for_sub


class PrincipalMiddleware:
    """Open the request's transaction and put the firm wall around it.

    Everything the view does runs in one transaction scoped to the signed-in member's firm, so
    on PostgreSQL row-level security sees the same firm as the ORM. A server error rolls the
    whole request back, as ATOMIC_REQUESTS would (which cannot be used here: it opens the
    transaction after middleware, too late to set the firm for it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with transaction.atomic():
            request.staff = None
            request.firm = None
            principal = SessionPrincipal.from_session(request.session)
            if principal is not None:
                activate_identity(sub=principal.sub)
                member = membership_for_sub(principal.sub, firm_id=principal.firm_id)
                if member is None:
                    request.session.flush()
                else:
                    activate_firm(member.firm_id)
                    request.staff = member
                    request.firm = member.firm
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response
