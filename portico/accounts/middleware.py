from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from portico.accounts.principal import resolve_principal
from portico.accounts.session import SessionPrincipal


class PrincipalMiddleware:
    """Open the request's transaction, put the firm wall around it, and say who is asking.

    Everything the view does runs in one transaction scoped to the signed-in member's (or
    client's) firm, so on PostgreSQL row-level security sees the same firm as the ORM. The
    membership or portal account is looked up again on every request (through
    `accounts.principal.resolve_principal`, which the live streams share): removing someone or
    revoking their access takes effect at their very next click. A server error rolls the
    whole request back, as ATOMIC_REQUESTS would (which cannot be used here: it opens the
    transaction after middleware, too late to set the firm for it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.staff = None
        request.firm = None
        request.portal = None
        if request.path.startswith(settings.OUTSIDE_ANY_FIRM_PATHS):
            return self.get_response(request)
        with transaction.atomic():
            principal = SessionPrincipal.from_session(request.session)
            if principal is not None:
                resolved = resolve_principal(principal)
                if resolved is None:
                    request.session.flush()
                else:
                    request.firm = resolved.firm
                    request.staff = resolved.staff
                    request.portal = resolved.portal
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response
