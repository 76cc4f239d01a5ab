"""The one place the identity service reads its environment.

Every variable is optional; the defaults run a development idp on http://127.0.0.1:8001/.
Settings import the values below; nothing else in `idp` touches `os.environ`.
"""

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
VAR_DIR = REPO_ROOT / "var"


def _str(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _load_or_create_rsa_key(path: Path) -> str:
    """Return the PEM at `path`, creating a 2048-bit key there on first use.

    O_EXCL makes two processes starting at once (uvicorn and a management command) agree on a
    single key instead of each writing its own and signing with different keys.
    """
    if path.exists():
        return path.read_text()
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text()
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return pem.decode()


def _mailer(url: str) -> dict[str, Any]:
    """Turn EMAIL_URL (smtp://user:pass@host:port, smtp+tls://, smtps://, console://,
    locmem://) into the default entry of Django's MAILERS setting."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    simple_backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if scheme in simple_backends:
        return {"BACKEND": simple_backends[scheme]}
    if scheme not in {"smtp", "smtp+tls", "submission", "smtps", "smtp+ssl"}:
        raise ValueError(f"EMAIL_URL scheme {scheme!r} is not supported; use smtp:// or smtps://")
    use_ssl = scheme in {"smtps", "smtp+ssl"}
    use_tls = scheme in {"smtp+tls", "submission"}
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if use_ssl else 587 if use_tls else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": use_tls,
            "use_ssl": use_ssl,
            "timeout": 10,
        },
    }


DATABASE_URL = _str("IDENTITY_DATABASE_URL", "")
if not DATABASE_URL:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'identity.sqlite3'}"
SECRET_KEY = _str("IDP_SECRET_KEY", "dev-only-idp-secret-key-change-me-in-production-0123456789")
DEBUG = _bool("IDP_DEBUG", False)

SCHEME = _str("IDP_SCHEME", "http")
DOMAIN = _str("IDP_DOMAIN", "127.0.0.1:8001")
# Auth0's issuer ends with a slash and RPs compare it byte for byte.
ISSUER = f"{SCHEME}://{DOMAIN}/"
HOSTNAME = urlsplit(ISSUER).hostname or "127.0.0.1"
ALLOWED_HOSTS = sorted({HOSTNAME, "127.0.0.1", "localhost"})

RSA_KEY_FILE = Path(_str("IDP_RSA_KEY_FILE", str(VAR_DIR / "idp-rsa.pem")))
# Single-line env files often carry the PEM with literal "\n" escapes.
RSA_PRIVATE_KEY = os.environ.get("IDP_RSA_PRIVATE_KEY", "").strip().replace("\\n", "\n")
RSA_PRIVATE_KEY = RSA_PRIVATE_KEY or _load_or_create_rsa_key(RSA_KEY_FILE)

CLAIMS_NAMESPACE = _str("IDP_CLAIMS_NAMESPACE", "https://portico/claims")

MAILER = _mailer(_str("EMAIL_URL", "smtp://127.0.0.1:1025"))
EMAIL_FROM = _str("IDP_EMAIL_FROM", "Portico sign-in <no-reply@portico.localhost>")

MGMT_RATE_LIMIT = _int("IDP_MGMT_RATE_LIMIT", 50)
LOGIN_FAILURE_LIMIT = _int("IDP_LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = _int("IDP_LOGIN_COOLOFF_MINUTES", 15)
ACCESS_TOKEN_LIFETIME = _int("IDP_ACCESS_TOKEN_LIFETIME", 600)
LOGIN_FAILURES_PER_ADDRESS = _int("IDP_LOGIN_FAILURES_PER_ADDRESS", 50)
# Addresses (or networks) of reverse proxies whose X-Forwarded-For is believed; uvicorn is
# started with the same list. Empty: nobody's, so the peer's own address is the client's.
TRUSTED_PROXIES = [
    entry.strip() for entry in os.environ.get("TRUSTED_PROXIES", "").split(",") if entry.strip()
]
