"""Ending a person's sessions and staff access tokens for good.

A cutoff is a moment: every Portico session that signed in before it and every access token
with `iat` before it is refused, at one firm or at every firm. Granting access again later does
not bring an old session back (a new grant needs a new sign-in), and a person who keeps a grant
at another firm keeps that firm's sessions when the cutoff names one firm only.

The public entry point is `portico.accounts.revocation.end_sessions_and_tokens`; apps below
`accounts` (portal, tenancy) call this module directly.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from django.db.models import DateTimeField, Max, Q, Subquery
from django.utils import timezone

from portico.tenancy.models import SignInCutoff


def end_sessions_and_tokens(
    *,
    sub: str,
    firm_id: uuid.UUID | str | None = None,
    reason: str,
    sid: str = "",
    not_before: datetime | None = None,
) -> None:
    """Refuse, from now on, every session and access token of `sub` issued before now (or
    `not_before`, if earlier), at `firm_id` (None: everywhere); with `sid`, only those from
    that one sign-in at the identity service. Runs in the caller's transaction."""
    if not sub:
        return
    moment = timezone.now() if not_before is None else min(not_before, timezone.now())
    SignInCutoff.objects.create(
        sub=sub,
        firm_id=uuid.UUID(str(firm_id)) if firm_id else None,
        sid=sid[:255],
        not_before=moment,
        reason=reason[:200],
    )


def _cutoffs(sub: str, firm_id: uuid.UUID | str, sid: str):
    sids = Q(sid="") | Q(sid=sid) if sid else Q(sid="")
    return (
        SignInCutoff.objects.filter(sub=sub)
        .filter(Q(firm_id=uuid.UUID(str(firm_id))) | Q(firm_id__isnull=True))
        .filter(sids)
    )


def cutoff_for(sub: str, firm_id: uuid.UUID | str, sid: str = "") -> datetime | None:
    """The latest moment before which `sub`'s sessions and tokens at `firm_id` (from the
    identity service's sign-in `sid`, if known) are refused."""
    return _cutoffs(sub, firm_id, sid).aggregate(latest=Max("not_before"))["latest"]


def cutoff_subquery(sub: str, firm_id: uuid.UUID | str, sid: str = "") -> Subquery:
    """`cutoff_for` as a subquery, to read along with a membership or portal account in one
    round trip (`accounts.principal`); judge its value with `is_before`."""
    latest = (
        _cutoffs(sub, firm_id, sid)
        .order_by()
        .values("sub")
        .annotate(latest=Max("not_before"))
        .values("latest")[:1]
    )
    return Subquery(latest, output_field=DateTimeField())


def is_before(cutoff: datetime | None, issued_at: float) -> bool:
    """Whether something issued at `issued_at` (Unix seconds) falls before `cutoff`."""
    return cutoff is not None and datetime.fromtimestamp(issued_at, tz=UTC) < cutoff


def issued_before_cutoff(
    sub: str, firm_id: uuid.UUID | str, issued_at: float, sid: str = ""
) -> bool:
    """Whether something of `sub`'s issued at `issued_at` (Unix seconds) at `firm_id` is cut off.

    An access token's `iat` is whole seconds: a token whose second is the cutoff's is refused
    too (it may have been issued a moment before it), so a new token may need a second more.
    """
    return is_before(cutoff_for(sub, firm_id, sid), issued_at)
