"""Forgot password: the page, and Auth0's POST /dbconnections/change_password behind it."""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from idp.accounts import throttle
from idp.accounts.actions import send_password_reset
from idp.accounts.forms import ForgotPasswordForm
from idp.accounts.models import CONNECTION_NAME, normalize_email_address

SENT_TEXT = "We've just sent you an email to reset your password."


@require_GET
def forgot_password_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "idp/accounts/forgot_password.html",
        {
            "form": ForgotPasswordForm(initial={"email": request.GET.get("email", "")}),
            "client_id": request.GET.get("client_id", ""),
            "connection": CONNECTION_NAME,
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
    return {key: request.POST.get(key, "") for key in ("client_id", "email", "connection")}


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
    if not form.is_valid():
        if html:
            return render(
                request,
                "idp/accounts/forgot_password.html",
                {
                    "form": form,
                    "client_id": body.get("client_id", ""),
                    "connection": CONNECTION_NAME,
                },
                status=400,
            )
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
            return render(
                request,
                "idp/accounts/forgot_password.html",
                {"form": form, "error": message, "connection": CONNECTION_NAME},
                status=429,
            )
        return JsonResponse(
            {"error": "too_many_requests", "error_description": message}, status=429
        )
    send_password_reset(email=email, client_id=body.get("client_id", ""))
    if html:
        return render(request, "idp/accounts/reset_email_sent.html", {"email": email})
    return HttpResponse(SENT_TEXT, content_type="text/plain; charset=utf-8")
