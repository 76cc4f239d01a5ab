"""Forgot password: the page, and Auth0's POST /dbconnections/change_password behind it."""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from idp.accounts import throttle
from idp.accounts.actions import send_password_reset
from idp.accounts.forms import ForgotPasswordForm
from idp.accounts.models import CONNECTION_NAME, normalize_email_address
from idp.organizations.branding import render_page

SENT_TEXT = "We've just sent you an email to reset your password."
# Where sign-in started (the /authorize request), so that a reset finished in this browser
# ends there: the set-password page sends the person back to sign in and on to it.
RESUME_KEY = "idp_resume_after_reset"


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render_page(
        request,
        template,
        {"connection": CONNECTION_NAME, **context},
        organization=context.get("organization", ""),
        status=status,
    )


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


@require_GET
def forgot_password_page(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "idp/accounts/forgot_password.html",
        {
            "form": ForgotPasswordForm(initial={"email": request.GET.get("email", "")}),
            "client_id": request.GET.get("client_id", ""),
            "organization": request.GET.get("organization", ""),
            "next": _safe_next(request, request.GET.get("next", "")),
        },
    )


def _wants_html(request: HttpRequest) -> bool:
    # Our own form posts here from a browser; API clients (Auth0 SDKs) get Auth0's text.
    return request.content_type != "application/json" and "text/html" in request.headers.get(
        "Accept", ""
    )


def _read_body(request: HttpRequest) -> dict[str, str] | None:
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            return None
        if not isinstance(body, dict):
            return None
        return {key: str(value) for key, value in body.items() if isinstance(value, str)}
    fields = ("client_id", "email", "connection", "organization", "next")
    return {key: request.POST.get(key, "") for key in fields}


@csrf_exempt
@require_POST
def change_password(request: HttpRequest) -> HttpResponse:
    """Auth0 answers 200 and the same text whether or not the address has an account."""
    body = _read_body(request)
    html = _wants_html(request)
    if body is None:
        return JsonResponse(
            {"error": "invalid_request", "error_description": "Invalid JSON"}, status=400
        )
    form = ForgotPasswordForm({"email": body.get("email", "")})
    page = {
        "form": form,
        "client_id": body.get("client_id", ""),
        "organization": body.get("organization", ""),
        "next": _safe_next(request, body.get("next", "")),
    }
    if not form.is_valid():
        if html:
            return _page(request, "idp/accounts/forgot_password.html", page, status=400)
        return JsonResponse(
            {"error": "invalid_request", "error_description": "Missing email"}, status=400
        )
    connection = body.get("connection") or CONNECTION_NAME
    if connection != CONNECTION_NAME:
        return JsonResponse(
            {"error": "invalid_request", "error_description": "Unknown connection"}, status=400
        )
    email = normalize_email_address(form.cleaned_data["email"])
    ip = throttle.client_address(request)
    if not (
        throttle.allow(f"reset-ip:{ip}", settings.IDP_RESET_REQUESTS_PER_IP, 3600)
        and throttle.allow(f"reset-email:{email}", settings.IDP_RESET_REQUESTS_PER_EMAIL, 3600)
    ):
        message = "Too many password reset requests. Wait an hour and try again."
        if html:
            page["error"] = message
            return _page(request, "idp/accounts/forgot_password.html", page, status=429)
        return JsonResponse(
            {"error": "too_many_requests", "error_description": message}, status=429
        )
    send_password_reset(email=email, client_id=body.get("client_id", ""))
    if html:
        if page["next"]:
            request.session[RESUME_KEY] = page["next"]
        page["email"] = email
        return _page(request, "idp/accounts/reset_email_sent.html", page)
    return HttpResponse(SENT_TEXT, content_type="text/plain; charset=utf-8")
