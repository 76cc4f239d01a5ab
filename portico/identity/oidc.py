"""The practice app as an OIDC relying party of the identity service (or an Auth0 tenant).

Authlib does the protocol; what is ours is strictness: the issuer must match exactly (with
Auth0's trailing slash) and the audience must be our client id, on top of Authlib's nonce,
signature (JWKS, refetched on an unknown `kid`) and expiry checks.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any, Literal

from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from requests import RequestException

logger = logging.getLogger(__name__)
# Which door the person set out for; the callback reads it back.
INTENT_KEY = "portico_sign_in_intent"


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


def begin_sign_in(request: HttpRequest, *, intent: Literal["staff", "portal"]) -> HttpResponse:
    """Send the visitor to the identity service to sign in, remembering which door they chose.

    Someone already signed in goes straight to their workspace or portal."""
    if getattr(request, "staff", None) is not None:
        return redirect("workspace:home")
    if getattr(request, "portal", None) is not None:
        return redirect("portal:home")
    request.session[INTENT_KEY] = intent
    try:
        return idp_client().authorize_redirect(request, callback_url())
    except RequestException:
        logger.exception("identity service unreachable at sign-in")
        return render(
            request, "accounts/sign_in_failed.html", {"reason": "unreachable"}, status=503
        )
