"""The streaming upload front's sign-in (`documents.uploads.UploadApp`): what Django's
middleware does for a request, done before its body is read.

`prepare(request)` opens the session from its cookie, says who is asking exactly as the
principal middleware does (looked up again, the firm set for the transaction), and checks CSRF
as Django does (the `X-CSRFToken` header against the cookie, and the Origin). It returns None,
or a JSON refusal.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

from portico.accounts.principal import resolve_session
from portico.documents.uploads import UploadApp, refusal


def _no_response(request):  # pragma: no cover - never called: only the hooks run
    return None


def prepare(request: HttpRequest) -> HttpResponse | None:
    engine = import_module(settings.SESSION_ENGINE)
    request.session = engine.SessionStore(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
    resolved = resolve_session(request.session)
    request.firm = resolved.firm if resolved else None
    request.staff = resolved.staff if resolved else None
    request.portal = resolved.portal if resolved else None
    csrf = CsrfViewMiddleware(_no_response)
    csrf.process_request(request)
    if csrf.process_view(request, None, (), {}) is not None:
        return refusal("This page has expired. Reload it, then upload the file again.", 403)
    return None


def with_uploads(app) -> UploadApp:
    """`app` with the upload URLs answered in front of it."""
    return UploadApp(app, prepare)


# The upload URLs (Django's own patterns, so the walls walk them), served by the front.
UPLOAD_PATTERNS = (
    ("workspace/leads/<uuid:lead_id>/documents/upload/", "lead_upload"),
    ("workspace/cases/<uuid:case_id>/documents/upload/", "case_upload"),
    ("workspace/documents/<uuid:document_id>/versions/", "document_version_upload"),
    ("portal/leads/<uuid:lead_id>/documents/upload/", "portal_lead_upload"),
    ("portal/cases/<uuid:case_id>/documents/upload/", "portal_case_upload"),
    # A file answering an intake question lands in the matter's documents the same way.
    ("workspace/leads/<uuid:lead_id>/intake/<uuid:question_id>/file/", "lead_intake_file"),
    ("workspace/cases/<uuid:case_id>/intake/<uuid:question_id>/file/", "case_intake_file"),
    ("portal/leads/<uuid:lead_id>/intake/<uuid:question_id>/file/", "portal_lead_intake_file"),
    ("portal/cases/<uuid:case_id>/intake/<uuid:question_id>/file/", "portal_case_intake_file"),
)


def upload_front_routes(front_route) -> list:
    async def not_an_upload(scope, receive, send):  # pragma: no cover - patterns agree
        raise RuntimeError(f"{scope['path']} is not an upload URL")

    app = with_uploads(not_an_upload)
    return [front_route("POST", pattern, app, name) for pattern, name in UPLOAD_PATTERNS]
