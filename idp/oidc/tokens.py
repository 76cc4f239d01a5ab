"""RS256 JWT access tokens, signed with the same key (and `kid`) as ID tokens, like Auth0's."""

import hashlib
import json
import secrets
import time
from typing import Any

from django.conf import settings
from django.utils import timezone
from jwcrypto import jwk, jwt
from jwcrypto.common import JWException
from oauth2_provider.models import get_access_token_model
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.utils import jwk_from_pem
from oauthlib.common import Request as OauthlibRequest


def signing_key() -> jwk.JWK:
    return jwk_from_pem(oauth2_settings.OIDC_RSA_PRIVATE_KEY)


def _verification_keys() -> jwk.JWKSet:
    keys = jwk.JWKSet()
    for pem in [
        oauth2_settings.OIDC_RSA_PRIVATE_KEY,
        *oauth2_settings.OIDC_RSA_PRIVATE_KEYS_INACTIVE,
    ]:
        key = jwk_from_pem(pem)
        public = jwk.JWK(**json.loads(key.export_public()))
        public.update(kid=key.thumbprint())
        keys.add(public)
    return keys


def userinfo_audience() -> str:
    return settings.IDP_ISSUER + "userinfo"


def management_audience() -> str:
    return settings.IDP_ISSUER + "api/v2/"


def sign_jwt(claims: dict[str, Any], *, typ: str = "JWT") -> str:
    """An RS256 JWT signed with the current key, its `kid` the key's thumbprint (as in JWKS)."""
    key = signing_key()
    token = jwt.JWT(header={"alg": "RS256", "typ": typ, "kid": key.thumbprint()}, claims=claims)
    token.make_signed_token(key)
    return token.serialize()


def access_token_lifetime(request: OauthlibRequest) -> int:
    """Seconds the access token being issued lasts; oauthlib calls this as `expires_in`.

    People's tokens for an API are short (the API's own lifetime, else
    IDP_ACCESS_TOKEN_LIFETIME): a JWT cannot be recalled once issued. Tokens only good for
    /userinfo, and applications' client-credentials tokens, keep Auth0's one-day default.
    """
    from idp.oidc.models import ApiResource

    audience = getattr(request, "idp_audience", "") or ""
    api_lifetime = (
        ApiResource.objects.filter(identifier=audience)
        .values_list("token_lifetime", flat=True)
        .first()
        if audience
        else None
    )
    if api_lifetime:
        return api_lifetime
    if request.grant_type != "client_credentials" and audience:
        return settings.IDP_ACCESS_TOKEN_LIFETIME
    return settings.IDP_DEFAULT_TOKEN_LIFETIME


def generate_access_token(request: OauthlibRequest, refresh_token: bool = False) -> str:
    """DOT's ACCESS_TOKEN_GENERATOR: called by oauthlib once the grant has been validated.

    The validator puts the audience on `request.idp_audience`: from the authorization code's
    context for user tokens, from the checked `audience` parameter for client credentials.
    """
    now = int(time.time())
    client_id = request.client_id or request.client.client_id
    audience = getattr(request, "idp_audience", "") or ""
    claims: dict[str, Any] = {
        "iss": settings.IDP_ISSUER,
        "iat": now,
        "exp": now + int(request.expires_in),
        "azp": client_id,
        "scope": " ".join(request.scopes or []),
        "jti": secrets.token_hex(16),
    }
    if request.grant_type == "client_credentials":
        claims.update(sub=f"{client_id}@clients", aud=audience, gty="client-credentials")
    else:
        claims.update(
            sub=request.user.user_id,
            aud=[audience, userinfo_audience()] if audience else userinfo_audience(),
        )
    return sign_jwt(claims)


def read_access_token(raw: str, *, audience: str) -> tuple[dict[str, Any], Any] | None:
    """Claims and the live DOT AccessToken row for a bearer token meant for `audience`.

    The signature alone would keep a revoked or deleted token working until it expires, so the
    token must also still be in DOT's table (looked up by checksum: the column stores no
    plaintext).
    """
    try:
        token = jwt.JWT(
            jwt=raw,
            key=_verification_keys(),
            algs=["RS256"],
            check_claims={"iss": settings.IDP_ISSUER, "exp": None, "aud": audience},
            expected_type="JWS",
        )
        claims = json.loads(token.claims)
    except (JWException, ValueError, TypeError):
        return None
    checksum = hashlib.sha256(raw.encode()).hexdigest()
    row = (
        get_access_token_model()
        .objects.select_related("application", "user")
        .filter(token_checksum=checksum, expires__gt=timezone.now())
        .first()
    )
    if row is None:
        return None
    return claims, row
