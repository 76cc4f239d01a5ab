"""The streaming upload front's sign-in (`documents.uploads.UploadApp`): what Django's
middleware does for a request, done before its body is read.

`prepare(request)` opens the session from its cookie, says who is asking exactly as the
principal middleware does (looked up again, the firm set for the transaction), and checks CSRF
as Django does (the `X-CSRFToken` header against the cookie, and the Origin). It returns None,
or a JSON refusal.
"""

from __future__ import annotations

import os
from importlib import import_module

from django.conf import settings
from django.core.asgi import get_asgi_application
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

from portico.accounts.middleware import PrincipalMiddleware
from portico.accounts.session import SessionPrincipal
from portico.documents.uploads import UploadApp, refusal


def _no_response(request):  # pragma: no cover - never called: only the hooks run
    return None


def prepare(request: HttpRequest) -> HttpResponse | None:
    engine = import_module(settings.SESSION_ENGINE)
    request.session = engine.SessionStore(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
    request.staff = request.firm = request.portal = None
    principal = SessionPrincipal.from_session(request.session)
    if principal is not None:
        PrincipalMiddleware(_no_response)._resolve(request, principal)
    csrf = CsrfViewMiddleware(_no_response)
    csrf.process_request(request)
    if csrf.process_view(request, None, (), {}) is not None:
        return refusal("This page has expired. Reload it, then upload the file again.", 403)
    return None


def with_uploads(app) -> UploadApp:
    """`app` (Django) with the upload URLs answered in front of it."""
    return UploadApp(app, prepare)


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.config.settings")
# For running the front alone (`uvicorn portico.config.uploads:application`): Django with it.
application = with_uploads(get_asgi_application())
