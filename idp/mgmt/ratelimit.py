"""Per-client requests-per-second limit with Auth0's X-RateLimit-* headers."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def now() -> float:
    """The clock, kept swappable so tests can pin the one-second window."""
    return time.time()


@dataclass(frozen=True)
class RateLimit:
    limit: int
    remaining: int
    reset: int

    @property
    def exceeded(self) -> bool:
        return self.remaining < 0

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(self.remaining, 0)),
            "X-RateLimit-Reset": str(self.reset),
        }


def hit(bucket: str) -> RateLimit:
    """Count one request for `bucket` (a client id, or the caller's IP before auth)."""
    limit = int(settings.IDP_MGMT_RATE_LIMIT)
    window = int(now())
    key = f"mgmt-rate:{bucket}:{window}"
    cache.add(key, 0, timeout=2)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=2)
        count = 1
    return RateLimit(limit=limit, remaining=limit - count, reset=window + 1)
