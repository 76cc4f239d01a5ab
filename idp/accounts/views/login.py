"""The hosted sign-in page (Auth0's Universal Login, minus everything Portico does not use)."""

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from idp.accounts import throttle
from idp.accounts.actions import sign_in
from idp.accounts.forms import SignInForm
from idp.accounts.models import normalize_email_address
from idp.oidc.authorize import allow_opener
from idp.organizations.branding import render_page

# Set by the set-password page, shown once by the sign-in page that follows it.
PASSWORD_SET_KEY = "idp_password_set_for"

BLOCKED_MESSAGE = (
    "This account is blocked, so you can't sign in. Contact your law firm if you think this "
    "is a mistake."
)
WRONG_CREDENTIALS_MESSAGE = "The email address or password is not right. Check them and try again."
TOO_MANY_FROM_ADDRESS_MESSAGE = (
    "Too many failed sign-ins have come from your network. Wait an hour and try again, or "
    "reset your password."
)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _authorize_param(next_url: str, name: str) -> str:
    """A parameter of the /authorize request that sent the person here: `client_id` lets a
    password reset return to the app, `login_hint` fills in the email address."""
    return parse_qs(urlsplit(next_url).query).get(name, [""])[0]


def _popup_sign_in(next_url: str) -> bool:
    return _authorize_param(next_url, "response_mode") == "web_message"


def _keep_opener(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Signing in inside an application's popup (loginWithPopup): the popup must keep its
    opener to hand the result back, so this page and its redirect relax COOP then only."""
    if _popup_sign_in(_safe_next(request)):
        allow_opener(response)
    return response


def forgot_password_url(next_url: str) -> str:
    """The forgot-password page, carrying where sign-in started so a reset can end there."""
    params = {
        "client_id": _authorize_param(next_url, "client_id"),
        "organization": _authorize_param(next_url, "organization"),
        "next": next_url,
    }
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("idp_accounts:forgot-password") + (f"?{query}" if query else "")


def _page(request: HttpRequest, form: SignInForm, *, error: str = "", status: int = 200):
    next_url = _safe_next(request)
    password_set_for = request.session.pop(PASSWORD_SET_KEY, "") if request.method == "GET" else ""
    context: dict[str, Any] = {
        "form": form,
        "error": error,
        "next": next_url,
        "forgot_url": forgot_password_url(next_url),
        "password_set_for": password_set_for,
    }
    return _keep_opener(
        request,
        render_page(
            request,
            "idp/accounts/login.html",
            context,
            organization=_authorize_param(next_url, "organization"),
            status=status,
        ),
    )


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Count failures per address however it was typed (AXES_USERNAME_CALLABLE)."""
    raw = (credentials or {}).get("username") or request.POST.get("email") or ""
    return normalize_email_address(raw)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the sign-in page again, saying why and for how long."""
    minutes = int(get_cool_off(request).total_seconds() // 60) if get_cool_off(request) else 0
    wait = f"Wait {minutes} minutes" if minutes else "Wait a while"
    message = (
        f"Too many attempts to sign in with this email address. {wait} and try again, "
        "or reset your password."
    )
    return _page(request, SignInForm(request.POST or None), error=message, status=429)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_page(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        hint = (
            request.GET.get("login_hint")
            or _authorize_param(_safe_next(request), "login_hint")
            or request.session.get(PASSWORD_SET_KEY, "")
        )
        form = SignInForm(initial={"email": hint})
        if hint:
            # The address is known: the cursor starts in the password box.
            form.fields["email"].widget.attrs.pop("autofocus", None)
            form.fields["password"].widget.attrs["autofocus"] = True
        return _page(request, form)
    form = SignInForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    failures_key = f"login-failures:{throttle.client_address(request)}"
    if throttle.count(failures_key) >= settings.IDP_LOGIN_FAILURES_PER_ADDRESS:
        return _page(request, form, error=TOO_MANY_FROM_ADDRESS_MESSAGE, status=429)
    user = authenticate(
        request,
        username=normalize_email_address(form.cleaned_data["email"]),
        password=form.cleaned_data["password"],
    )
    if user is None:
        throttle.allow(failures_key, settings.IDP_LOGIN_FAILURES_PER_ADDRESS, 3600)
        # AxesMiddleware swaps this for lockout_response when this failure hit the limit.
        return _page(request, form, error=WRONG_CREDENTIALS_MESSAGE, status=400)
    if user.blocked:
        return _page(request, form, error=BLOCKED_MESSAGE, status=403)
    sign_in(request, user)
    return _keep_opener(
        request,
        HttpResponseRedirect(_safe_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL)),
    )
