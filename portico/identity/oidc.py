"""The practice app as an OIDC relying party of the identity service (or an Auth0 tenant).

Authlib does the protocol; what is ours is strictness: the issuer must match exactly (with
Auth0's trailing slash) and the audience must be our client id, on top of Authlib's nonce,
signature (JWKS, refetched on an unknown `kid`) and expiry checks.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any, Literal

from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from requests import RequestException

logger = logging.getLogger(__name__)
# Which door the person set out for, and the page that sent them; the callback reads both back.
INTENT_KEY = "portico_sign_in_intent"
NEXT_KEY = "portico_sign_in_next"
_ORGANIZATION = re.compile(r"^org_[A-Za-z0-9]{1,40}$")


@cache
def _oauth() -> OAuth:
    oauth = OAuth()
    oauth.register(
        "idp",
        client_id=settings.IDP_CLIENT_ID,
        client_secret=settings.IDP_CLIENT_SECRET,
        server_metadata_url=f"{settings.IDP_ISSUER}.well-known/openid-configuration",
        client_kwargs={
            "scope": "openid profile email",
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_post",
            "timeout": 10,
        },
    )
    return oauth


def idp_client():
    return _oauth().idp


def reset_client() -> None:
    """Forget cached discovery and keys (tests point the app at a fresh identity service)."""
    _oauth.cache_clear()


def claims_options() -> dict[str, Any]:
    return {
        "iss": {"essential": True, "value": settings.IDP_ISSUER},
        "aud": {"essential": True, "value": settings.IDP_CLIENT_ID},
        "sub": {"essential": True},
        "exp": {"essential": True},
    }


def callback_url() -> str:
    return settings.PORTICO_BASE_URL + reverse("accounts:callback")


def _local_path(request: HttpRequest, value: str) -> str:
    if value.startswith("/") and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}
    ):
        return value
    return ""


def authorize_params(request: HttpRequest) -> dict[str, str]:
    """Auth0's parameters a sign-in link may carry on to /authorize: the firm whose portal or
    invitation it came from (`organization`, which brands the sign-in page), and the address
    to fill in (`email` from an invitation's redirect becomes `login_hint`)."""
    params = {}
    organization = request.GET.get("organization", "")
    if _ORGANIZATION.match(organization):
        params["organization"] = organization
    email = request.GET.get("email", "").strip()
    if email and len(email) <= 254 and "@" in email:
        params["login_hint"] = email
    return params


def begin_sign_in(request: HttpRequest, *, intent: Literal["staff", "portal"]) -> HttpResponse:
    """Send the visitor to the identity service to sign in, remembering which door they chose.

    Someone already signed in goes straight to their workspace or portal."""
    if getattr(request, "staff", None) is not None:
        return redirect("workspace:home")
    if getattr(request, "portal", None) is not None:
        return redirect("portal:home")
    request.session[INTENT_KEY] = intent
    request.session[NEXT_KEY] = _local_path(request, request.GET.get("next", ""))
    try:
        return idp_client().authorize_redirect(request, callback_url(), **authorize_params(request))
    except RequestException:
        logger.exception("identity service unreachable at sign-in")
        return render(
            request, "accounts/sign_in_failed.html", {"reason": "unreachable"}, status=503
        )
