"""Settings of the practice app ("web"). Values come from config/env.py only."""

from __future__ import annotations

import copy
from pathlib import Path

from django.utils.csp import CSP

from portico.config import env

BASE_DIR = env.BASE_DIR
DEBUG = env.DEBUG
SECRET_KEY = env.SECRET_KEY
PORTICO_FIELD_ENCRYPTION_KEYS = env.FIELD_ENCRYPTION_KEYS
ALLOWED_HOSTS = env.ALLOWED_HOSTS
PORTICO_BASE_URL = env.BASE_URL
PORTICO_DEMO = env.DEMO_MODE
PORTICO_VAR_DIR = env.VAR_DIR

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    # Portico's design system (design/): templates, stylesheet, scripts and template tags,
    # shared with the identity service.
    "design",
    "django_htmx",
    # django-ninja's templates and static files: the API docs pages load swagger-ui from here,
    # never from a CDN.
    "ninja",
    "django_tasks_db",
    "portico.core",
    "portico.tenancy",
    "portico.accounts",
    "portico.api",
    "portico.audit",
    "portico.clients",
    "portico.matters",
    "portico.documents",
    "portico.intake",
    "portico.money",
    "portico.portal",
    "portico.live",
    "portico.demo",
    "portico.worker",
    "portico.payments",
    "portico.stripe_sandbox",
]

MIDDLEWARE = [
    # The live streams are the ASGI front's (config/front.py); Django answers them 204 at once.
    "portico.live.middleware.NoStreamsHereMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Opens the request's transaction, scopes it to the signed-in firm (row-level security on
    # PostgreSQL) and attaches request.principal. Must come after sessions.
    "portico.accounts.middleware.PrincipalMiddleware",
    "portico.tenancy.middleware.FirmTimeZoneMiddleware",
]

ROOT_URLCONF = "portico.config.urls"
ASGI_APPLICATION = "portico.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portico" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "portico.accounts.context_processors.principal",
                "portico.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {"default": env.DATABASE}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database is shared by the web process's threads, the worker (whose leases
    # beat every few seconds) and the demo seed. Each request runs in one transaction that
    # reads, then writes; begun deferred, the upgrade to a writer fails at once with "database
    # is locked" when another process writes. Begun IMMEDIATE, it waits its turn (up to
    # `timeout` seconds), and WAL lets readers go on while one process writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pooled connections under ASGI; the firm is set per transaction (SET LOCAL), so a pooled
    # connection never carries one request's firm into the next.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A pooled connection is checked as it is taken, and replaced when the database dropped it
    # (a PostgreSQL restart, a failover): the first requests after one get a fresh connection,
    # not an error.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Room for every page thread plus the live streams' and uploads' short lookups.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": max(10, env.WEB_THREADS + 4),
    }
DATABASE_APP_ROLE = env.DATABASE_APP_ROLE
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Served over HTTPS, the cookies carry the `__Host-` prefix: the browser then keeps them only
# when they are Secure, for this host alone and every path, so no sibling subdomain can set one.
_COOKIE_PREFIX = "__Host-" if env.SECURE_COOKIES else ""
SESSION_COOKIE_NAME = f"{_COOKIE_PREFIX}portico_session"
CSRF_COOKIE_NAME = f"{_COOKIE_PREFIX}portico_csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.SECURE_COOKIES
CSRF_COOKIE_SECURE = env.SECURE_COOKIES
SESSION_COOKIE_AGE = 60 * 60 * 12  # absolute lifetime: a working day
CSRF_TRUSTED_ORIGINS = [env.BASE_URL]
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

IDP_SCHEME = env.IDP_SCHEME
IDP_DOMAIN = env.IDP_DOMAIN
IDP_ISSUER = f"{env.IDP_SCHEME}://{env.IDP_DOMAIN}/"
IDP_CLIENT_ID = env.IDP_CLIENT_ID
IDP_CLIENT_SECRET = env.IDP_CLIENT_SECRET
IDP_MGMT_CLIENT_ID = env.IDP_MGMT_CLIENT_ID
IDP_MGMT_CLIENT_SECRET = env.IDP_MGMT_CLIENT_SECRET
IDP_CLAIMS_NAMESPACE = env.IDP_CLAIMS_NAMESPACE
IDP_CONNECTION = env.IDP_CONNECTION
PORTICO_API_AUDIENCE = env.API_AUDIENCE

MAILERS = {"default": env.mailer(env.EMAIL_URL)}
DEFAULT_FROM_EMAIL = env.EMAIL_FROM

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker (`manage.py run_worker`, portico/worker/): a task whose worker has not been heard
# from for this long (killed mid-task) goes back on the queue; one that loses its worker this
# many times is marked failed instead.
TASK_WORKER_LEASE_SECONDS = env.WORKER_LEASE_SECONDS
TASK_WORKER_MAX_CLAIMS = 5
# Where domain events go once their transaction commits (portico/core/events.py): this
# process's subscribers, or a bus between processes.
EVENT_BUS = "portico.core.events.InProcessBus"
# Live updates (portico/live/): committed events are kept this long for Last-Event-ID replay,
# and reach the open streams of every web process through this bus: PostgreSQL LISTEN/NOTIFY
# when the database is PostgreSQL, this process alone on SQLite.
LIVE_EVENTS_KEPT_HOURS = env.LIVE_EVENTS_KEPT_HOURS
LIVE_BUS = (
    "portico.live.bus.PostgresBus"
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    else "portico.live.bus.InProcessBus"
)
# Seconds between a stream's heartbeats; each one also looks the principal up again.
LIVE_HEARTBEAT_SECONDS = 15

# Payments through the official stripe SDK (portico/payments), and the Stripe-compatible
# sandbox served at /_sandbox/stripe/ in demo and test mode only (portico/stripe_sandbox).
STRIPE_API_BASE = env.STRIPE_API_BASE
STRIPE_OPERATING_KEY = env.STRIPE_OPERATING_KEY
STRIPE_TRUST_KEY = env.STRIPE_TRUST_KEY
STRIPE_WEBHOOK_SECRET = env.STRIPE_WEBHOOK_SECRET
STRIPE_SANDBOX = env.STRIPE_SANDBOX
STRIPE_SANDBOX_WEBHOOK_URL = env.STRIPE_SANDBOX_WEBHOOK_URL
STRIPE_SANDBOX_WEBHOOKS = "deliver"
STRIPE_SANDBOX_RETRY_SECONDS = (5, 30, 120)
# Paths served by stand-ins for services of their own (the payment sandbox stands in for
# Stripe): no one's firm, no request transaction (each keeps its own), so a Pay Now request
# waiting on the sandbox never waits on its own transaction's lock.
OUTSIDE_ANY_FIRM_PATHS = ("/_sandbox/stripe/",)
if STRIPE_SANDBOX and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # On SQLite the sandbox keeps its books in a file of its own (stripe_sandbox/routers.py).
    _app_db = Path(DATABASES["default"]["NAME"])
    DATABASES["stripe_sandbox"] = {
        **copy.deepcopy(DATABASES["default"]),
        "NAME": str(_app_db.with_name("stripe_sandbox.sqlite3")),
    }
    DATABASE_ROUTERS = ["portico.stripe_sandbox.routers.OwnDatabase"]

STATIC_URL = "/static/"
STATIC_ROOT = env.STATIC_ROOT
# Every form field is drawn by design/field.html (label, hint, error, control).
FORM_RENDERER = "design.forms.FormRenderer"
STORAGES = {
    "default": env.storage(env.STORAGE_URL),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Documents (portico/documents): the largest file accepted, where uploads arrive before they
# are stored, and the virus scanner (none: files say "not scanned").
DOCUMENTS_MAX_BYTES = env.DOCUMENTS_MAX_BYTES
UPLOAD_TEMP_DIR = env.UPLOAD_TEMP_DIR
CLAMD_URL = env.CLAMD_URL

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_SSL_REDIRECT = env.SSL_REDIRECT
# Load balancers may check health over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env.HSTS_PRELOAD
PORTICO_ALLOW_OWNER_CONNECTION = env.ALLOW_OWNER_CONNECTION
PORTICO_PAGES_INTERFACE = env.PAGES_INTERFACE
PORTICO_WEB_THREADS = env.WEB_THREADS
# Every page: scripts, styles, images and connections from this origin only (no inline
# script, no inline style, no CDN); never framed. No form-action: Chrome applies it to the
# redirect after signing out, which leaves for the identity service.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
    },
}
