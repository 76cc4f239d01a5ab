"""OpenID Connect Back-Channel Logout 1.0, as the receiver.

The identity service (or Auth0) POSTs a signed logout token when a person is blocked, deleted,
changes their password, signs out everywhere, or signs out of one sign-in. We check it as the
specification's section 2.6 asks and end what it names: with a `sid`, the Portico sessions and
tokens from that one sign-in; without, every session and staff access token of the person, at
every firm, for good (portico/accounts/revocation.py).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import httpx
from django.conf import settings
from joserfc import jwt
from joserfc.errors import JoseError

from portico.accounts.events import SignedOut
from portico.accounts.revocation import end_sessions_and_tokens
from portico.api.tokens import decode_signed_by_identity_service
from portico.core.events import publish_on_commit
from portico.core.rls import activate_identity
from portico.portal.access import open_accounts_for_sub
from portico.tenancy.queries import memberships_for_sub

LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
# Section 2.4: explicitly typed `logout+jwt`. Tokens that say only `JWT`, or nothing, are read
# as untyped (some providers send them); any other type (an access token's `at+jwt`) is refused.
ACCEPTED_TYPES = {"logout+jwt", "jwt", None}
# A logout token is signed when it is sent (retries sign again): an old one is a replay.
MAX_AGE_SECONDS = 300
LEEWAY_SECONDS = 60


class InvalidLogoutToken(Exception):
    pass


def verify_logout_token(token: str) -> dict:
    """The claims of a valid logout token for our client, or InvalidLogoutToken saying why."""
    try:
        decoded = decode_signed_by_identity_service(token)
    except httpx.HTTPError as exc:
        raise InvalidLogoutToken("identity service keys unavailable") from exc
    except (JoseError, ValueError) as exc:
        raise InvalidLogoutToken(f"not a token signed by the identity service: {exc}") from exc
    typ = decoded.header.get("typ")
    if (typ.lower() if isinstance(typ, str) else typ) not in ACCEPTED_TYPES:
        raise InvalidLogoutToken(f"wrong token type {typ!r}")
    claims = decoded.claims
    try:
        jwt.JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": settings.IDP_ISSUER},
            aud={"essential": True, "value": settings.IDP_CLIENT_ID},
            iat={"essential": True},
        ).validate(claims)
    except (JoseError, ValueError) as exc:
        raise InvalidLogoutToken(str(exc)) from exc
    iat = claims["iat"]
    if not isinstance(iat, int | float) or iat < time.time() - MAX_AGE_SECONDS:
        raise InvalidLogoutToken("issued too long ago")
    events = claims.get("events")
    if not isinstance(events, dict) or not isinstance(events.get(LOGOUT_EVENT), dict):
        raise InvalidLogoutToken("no back-channel logout event")
    if "nonce" in claims:
        raise InvalidLogoutToken("a logout token never carries a nonce")
    sub, sid = claims.get("sub"), claims.get("sid")
    if not (isinstance(sub, str) and sub) and not (isinstance(sid, str) and sid):
        raise InvalidLogoutToken("names neither a person (sub) nor a sign-in (sid)")
    if not (isinstance(sub, str) and sub):
        # Sessions are found by person here; both providers we speak to always send `sub`.
        raise InvalidLogoutToken("a logout token without sub is not supported")
    return claims


def log_out_from_token(token: str) -> None:
    """Verify `token` and end what it names; raises InvalidLogoutToken, changing nothing."""
    claims = verify_logout_token(token)
    sid = claims.get("sid") if isinstance(claims.get("sid"), str) else ""
    # The person's open live streams, at every firm they sign in to, look their session up
    # again once this commits (and end), rather than at their next heartbeat. (Read before
    # the write below, so the write's transaction stays as short as it was.)
    activate_identity(sub=claims["sub"])
    firms = {m.firm_id for m in memberships_for_sub(claims["sub"])}
    firms |= {a.firm_id for a in open_accounts_for_sub(claims["sub"])}
    for firm_id in sorted(firms, key=str):
        publish_on_commit(SignedOut(firm_id=firm_id))
    end_sessions_and_tokens(
        sub=claims["sub"],
        firm_id=None,
        sid=sid,
        reason="back-channel logout" + (" of one sign-in" if sid else ""),
        # The moment the token was issued (its whole second, rounded up, so nothing signed in
        # that second survives): a replayed token ends nothing signed in since.
        not_before=datetime.fromtimestamp(int(claims["iat"]) + 1, tz=UTC),
    )
