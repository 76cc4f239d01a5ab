"""The one place the practice app reads its environment.

Every setting a deployment may change is read here, with the embedded default that lets
`make run` start on a fresh machine. settings.py imports from this module only.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PORTICO_VAR_DIR", BASE_DIR / "var"))


def _str(name: str, default: str) -> str:
    return os.environ.get(name) or default


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _bool("PORTICO_DEBUG", False)
# Demo mode turns on what only a local demo should have: the dev mailbox and the payment sandbox.
DEMO_MODE = _bool("PORTICO_DEMO", False)
SECRET_KEY = _str("SECRET_KEY", "insecure-dev-key-change-me-" + "x" * 24)
# Fernet keys for sensitive fields at rest (identification numbers), comma-separated, newest
# first. Unset, one key is derived from SECRET_KEY so a dev machine works out of the box;
# production sets its own (`Fernet.generate_key()`) and keeps old ones listed while rotating.
FIELD_ENCRYPTION_KEYS = [
    k.strip() for k in _str("PORTICO_FIELD_ENCRYPTION_KEYS", "").split(",") if k.strip()
] or [
    base64.urlsafe_b64encode(
        hashlib.sha256(b"portico-field-encryption:" + SECRET_KEY.encode()).digest()
    ).decode()
]
BASE_URL = _str("PORTICO_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

DATABASE_URL = _str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portico.sqlite3'}")
DATABASE = dj_database_url.parse(DATABASE_URL, conn_max_age=0)
# On PostgreSQL the app connects as a role that neither owns the tables nor bypasses
# row-level security; migrations grant it table privileges (see core/rls.py).
DATABASE_APP_ROLE = _str("DATABASE_APP_ROLE", "portico_app")

IDP_SCHEME = _str("IDP_SCHEME", "http")
IDP_DOMAIN = _str("IDP_DOMAIN", "127.0.0.1:8001")
IDP_CLIENT_ID = _str("IDP_CLIENT_ID", "portico-web-dev")
IDP_CLIENT_SECRET = _str("IDP_CLIENT_SECRET", "portico-web-dev-secret")
IDP_MGMT_CLIENT_ID = _str("IDP_MGMT_CLIENT_ID", "portico-mgmt-dev")
IDP_MGMT_CLIENT_SECRET = _str("IDP_MGMT_CLIENT_SECRET", "portico-mgmt-dev-secret")
IDP_CLAIMS_NAMESPACE = _str("IDP_CLAIMS_NAMESPACE", "https://portico/claims")
IDP_CONNECTION = _str("IDP_CONNECTION", "Username-Password-Authentication")
# The audience staff access tokens must carry to call /api/v1.
API_AUDIENCE = _str("PORTICO_API_AUDIENCE", f"{BASE_URL}/api/v1")


def mailer(url: str) -> dict[str, Any]:
    """EMAIL_URL (smtp://user:pass@host:port, smtp+tls://, smtps://) as Django's mailer entry.

    Read exactly as the identity service reads it (idp/config/env.py), so one EMAIL_URL means
    the same relay to both: without a port, 25 for smtp://, 587 for smtp+tls://, 465 for
    smtps://.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
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
            "timeout": 15,
        },
    }


def storage(url: str) -> dict[str, Any]:
    """STORAGE_URL as Django's default storage: `file:///path` (local files), or
    `s3://bucket[/prefix]?endpoint_url=...&region_name=...&addressing_style=path` for S3 or any
    S3-compatible service (django-storages; credentials from AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY, or the host's role, as boto3 finds them)."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": unquote(parts.netloc + parts.path)},
        }
    if parts.scheme == "s3":
        from boto3.s3.transfer import TransferConfig

        if not parts.netloc:
            raise ValueError("STORAGE_URL: name the bucket, as s3://bucket-name")
        options: dict[str, Any] = {
            "bucket_name": parts.netloc,
            "location": parts.path.strip("/"),
            "signature_version": "s3v4",
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            # Uploads and reads stream through a bounded buffer, without a thread pool.
            "transfer_config": TransferConfig(use_threads=False),
            "max_memory_size": 5 * 1024 * 1024,
        }
        allowed = {"endpoint_url", "region_name", "addressing_style", "signature_version"}
        for key, value in parse_qsl(parts.query):
            if key not in allowed:
                raise ValueError(f"STORAGE_URL: unknown option {key!r} (use {sorted(allowed)})")
            options[key] = value
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    raise ValueError("STORAGE_URL must start with file:// or s3://")


EMAIL_URL = _str("EMAIL_URL", "smtp://127.0.0.1:1025")
EMAIL_FROM = _str("PORTICO_EMAIL_FROM", "Portico <portal@localhost>")
STORAGE_URL = _str("STORAGE_URL", f"file://{VAR_DIR / 'media'}")
# Uploads arrive here before they are stored; on the same disk as file:// storage, storing is a
# rename. A crash leaves a partial file here, which the worker's sweep removes.
UPLOAD_TEMP_DIR = Path(_str("PORTICO_UPLOAD_TEMP_DIR", str(VAR_DIR / "incoming")))
DOCUMENTS_MAX_BYTES = int(_str("DOCUMENTS_MAX_BYTES", str(250 * 1024 * 1024)))
# A ClamAV daemon, `tcp://host:3310` or `unix:///run/clamav/clamd.ctl`; unset, files are not scanned.
CLAMD_URL = _str("CLAMD_URL", "")

# Payments (portico/payments) through the official stripe SDK. STRIPE_API_BASE points it at
# Stripe or at the sandbox this web process serves in demo and test mode (/_sandbox/stripe).
# Operating is the platform account; the trust account is its connected account, so card fees
# are taken from operating (reference/stripe-sandbox.md section 6).
STRIPE_SANDBOX = _bool("PORTICO_STRIPE_SANDBOX", DEMO_MODE)
STRIPE_API_BASE = _str(
    "STRIPE_API_BASE", f"{BASE_URL}/_sandbox/stripe" if STRIPE_SANDBOX else "https://api.stripe.com"
).rstrip("/")
STRIPE_OPERATING_KEY = _str("STRIPE_OPERATING_KEY", "sk_test_portico_operating")
STRIPE_TRUST_KEY = _str("STRIPE_TRUST_KEY", "sk_test_portico_trust")
STRIPE_WEBHOOK_SECRET = _str("STRIPE_WEBHOOK_SECRET", "whsec_portico_sandbox_dev_secret")
# Where the sandbox sends its webhooks (default: this app's /payments/webhook).
STRIPE_SANDBOX_WEBHOOK_URL = _str("PORTICO_STRIPE_SANDBOX_WEBHOOK_URL", "")

# Live updates: how long events are kept for a reconnecting page to catch up (Last-Event-ID).
LIVE_EVENTS_KEPT_HOURS = int(_str("LIVE_EVENTS_KEPT_HOURS", "24"))

ALLOWED_HOSTS = [h for h in _str("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
HTTPS = BASE_URL.startswith("https://")
SECURE_COOKIES = _bool("PORTICO_SECURE_COOKIES", HTTPS)
# Behind HTTPS: plain HTTP is redirected (uvicorn learns the scheme from a trusted proxy's
# X-Forwarded-Proto, see --forwarded-allow-ips) and browsers are told to keep to HTTPS.
SSL_REDIRECT = _bool("PORTICO_SSL_REDIRECT", HTTPS)
HSTS_SECONDS = int(_str("PORTICO_HSTS_SECONDS", "31536000" if HTTPS else "0"))
# The `preload` directive only allows submitting the domain to browsers' preload lists.
HSTS_PRELOAD = _bool("PORTICO_HSTS_PRELOAD", HSTS_SECONDS > 0)
# On PostgreSQL the web process refuses to start as the tables' owner or as a role that
# bypasses row-level security (core/startup.py); development may allow it on purpose.
ALLOW_OWNER_CONNECTION = _bool("PORTICO_ALLOW_OWNER_CONNECTION", False)

# How the web process serves pages (everything but the ASGI front's streams and uploads):
# "wsgi" runs each request's whole middleware chain and view in one of WEB_THREADS threads
# (one hop from the event loop), "asgi" through Django's ASGI handler (a thread hop per sync
# middleware). `make bench` measures both; see README "Benchmarks".
PAGES_INTERFACE = _str("PORTICO_PAGES_INTERFACE", "wsgi")
if PAGES_INTERFACE not in ("wsgi", "asgi"):
    raise ValueError("PORTICO_PAGES_INTERFACE must be wsgi or asgi")
WEB_THREADS = int(_str("PORTICO_WEB_THREADS", "8"))
# Seconds without a heartbeat after which the worker's claimed tasks go back on the queue.
WORKER_LEASE_SECONDS = float(_str("PORTICO_WORKER_LEASE_SECONDS", "30"))

# The embedded defaults keep their files here; make sure it exists before SQLite opens a file in it.
VAR_DIR.mkdir(parents=True, exist_ok=True)
# collectstatic fills it; it exists from the start so the static file server has a place to look.
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
