"""Encryption of sensitive fields at rest (identification numbers).

Fernet (AES-128-CBC with HMAC-SHA256) under MultiFernet: the first key encrypts, every key
decrypts, so a key is rotated by putting a new one first and re-encrypting at leisure.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.PORTICO_FIELD_ENCRYPTION_KEYS))


def encrypt_text(plain: str) -> str:
    return cipher().encrypt(plain.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError(
            "This value was encrypted with a key this deployment no longer has."
        ) from exc
