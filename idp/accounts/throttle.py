"""Fixed-window counters in the cache.

The default cache is per process; the idp runs as one uvicorn process, and a shared cache
(CACHES) makes the limits global when it runs as several.
"""

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address limits and lock-outs count. uvicorn has already replaced the peer's
    address with X-Forwarded-For's only when the peer is in TRUSTED_PROXIES; the header itself
    is never read here, so a client cannot pick its own address."""
    return request.META.get("REMOTE_ADDR", "")


def allow(key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit on `key`; False once `limit` hits have landed in the current window."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this hit opens a new window.
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def count(key: str) -> int:
    """Hits on `key` in its current window, without adding one."""
    return int(cache.get(key, 0))
