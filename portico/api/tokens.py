"""Staff access tokens: RS256 JWTs from the identity service, checked against its JWKS."""

from __future__ import annotations

import threading
import time

import httpx
from django.conf import settings
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

_lock = threading.Lock()
_cache: dict[str, tuple[float, KeySet]] = {}
_JWKS_TTL = 600.0


class InvalidToken(Exception):
    pass


def _key_set(force: bool = False) -> KeySet:
    url = f"{settings.IDP_ISSUER}.well-known/jwks.json"
    with _lock:
        cached = _cache.get(url)
        if cached and not force and time.monotonic() - cached[0] < _JWKS_TTL:
            return cached[1]
    response = httpx.get(url, timeout=10)
    response.raise_for_status()
    keys = KeySet.import_key_set(response.json())
    with _lock:
        _cache[url] = (time.monotonic(), keys)
    return keys


def decode_signed_by_identity_service(token: str):
    """Check `token`'s RS256 signature against the identity service's JWKS (fetched again once
    on an unknown `kid`) and return it decoded; claims are the caller's to validate."""
    registry = JWSRegistry(algorithms=["RS256"])
    try:
        return jwt.decode(token, _key_set(), registry=registry)
    except InvalidKeyIdError:
        return jwt.decode(token, _key_set(force=True), registry=registry)


def verify_access_token(token: str) -> dict:
    """Return the claims of a valid staff access token for our API, or raise InvalidToken."""
    try:
        decoded = decode_signed_by_identity_service(token)
        claims_registry = jwt.JWTClaimsRegistry(
            leeway=60,
            iss={"essential": True, "value": settings.IDP_ISSUER},
            aud={"essential": True, "value": settings.PORTICO_API_AUDIENCE},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
        )
        claims_registry.validate(decoded.claims)
    except (JoseError, ValueError) as exc:
        raise InvalidToken(str(exc)) from exc
    except httpx.HTTPError as exc:
        raise InvalidToken("identity service keys unavailable") from exc
    return decoded.claims


def forget_keys() -> None:
    """Drop cached signing keys (tests start identity services with fresh keys)."""
    with _lock:
        _cache.clear()
