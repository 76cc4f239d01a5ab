"""Who is calling the staff API. The firm always comes from the credential, never from input."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from portico.api.tokens import InvalidToken, verify_access_token
from portico.core.rls import activate_firm, activate_identity
from portico.tenancy.keys import fingerprint_api_key, looks_like_api_key
from portico.tenancy.models import ApiKey, StaffMember
from portico.tenancy.queries import active_api_key_by_fingerprint, memberships_for_sub
from portico.tenancy.revocation import issued_before_cutoff

logger = logging.getLogger(__name__)
LAST_USED_GRANULARITY = timedelta(minutes=5)


def actor_of(request: HttpRequest) -> StaffMember | ApiKey:
    """Whoever is calling: a staff member's token, or the firm's API key."""
    return request.staff or request.api_key


class StaffBearer(HttpBearer):
    """Accept a staff member's access token from the identity service, or a firm API key."""

    def authenticate(self, request: HttpRequest, token: str):
        request.staff = None
        request.api_key = None
        request.firm = None
        if looks_like_api_key(token):
            return self._api_key(request, token)
        return self._access_token(request, token)

    def _api_key(self, request: HttpRequest, raw: str):
        fingerprint = fingerprint_api_key(raw)
        activate_identity(api_key_fingerprint=fingerprint)
        key = active_api_key_by_fingerprint(fingerprint)
        if key is None:
            logger.info("staff API: unknown or revoked API key")
            return None
        activate_firm(key.firm_id)
        now = timezone.now()
        # Roughly when a key was last used is enough, and spares every API call a write.
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_GRANULARITY:
            key.last_used_at = now
            key.save(update_fields=["last_used_at"])
        request.api_key = key
        request.firm = key.firm
        return key

    def _access_token(self, request: HttpRequest, raw: str):
        try:
            claims = verify_access_token(raw)
        except InvalidToken as exc:
            logger.info("staff API: access token refused: %s", exc)
            return None
        activate_identity(sub=claims["sub"])
        members = list(memberships_for_sub(claims["sub"])[:2])
        if len(members) != 1:
            # No membership, or several firms: the token cannot tell us which firm is meant.
            return None
        member = members[0]
        if issued_before_cutoff(
            claims["sub"], member.firm_id, claims["iat"], str(claims.get("sid", ""))
        ):
            logger.info("staff API: access token issued before the person's sign-in cutoff")
            return None
        activate_firm(member.firm_id)
        request.staff = member
        request.firm = member.firm
        return member
