"""The practice app as an OIDC relying party of the identity service (or an Auth0 tenant).

Authlib does the protocol; what is ours is strictness: the issuer must match exactly (with
Auth0's trailing slash) and the audience must be our client id, on top of Authlib's nonce,
signature (JWKS, refetched on an unknown `kid`) and expiry checks.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from authlib.integrations.django_client import OAuth
from django.conf import settings


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
