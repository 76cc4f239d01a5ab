"""Firm API keys as secrets: how one looks, and the fingerprint that is all we keep of it."""

from __future__ import annotations

import hashlib
import secrets

API_KEY_PREFIX = "ptk_"


def new_api_key_secret() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def looks_like_api_key(token: str) -> bool:
    return token.startswith(API_KEY_PREFIX)


def fingerprint_api_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_key_display_prefix(raw: str) -> str:
    """Enough of the key to recognise it in a list, never enough to use it."""
    return raw[: len(API_KEY_PREFIX) + 6]
