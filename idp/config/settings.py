"""Settings for the identity service. Values from the environment come only from `env`."""

from datetime import timedelta

import dj_database_url
from django.utils.csp import CSP

from idp.config import env

BASE_DIR = env.REPO_ROOT
SECRET_KEY = env.SECRET_KEY
DEBUG = env.DEBUG
ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = [env.ISSUER.rstrip("/")]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "django.forms",
    # Portico's design system (design/), shared with the practice app.
    "design",
    "oauth2_provider",
    "axes",
    "idp.accounts",
    "idp.oidc",
    "idp.organizations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "idp.config.middleware.RejectNulMiddleware",
    # The design system's stylesheet and script, served by this process.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it can turn a lockout flagged during authenticate() into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "idp.config.urls"
ASGI_APPLICATION = "idp.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "idp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
            ],
        },
    },
]

# No persistent connections: under ASGI they are opened per thread and never closed.
DATABASES = {"default": dj_database_url.parse(env.DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # uvicorn serves requests from several threads; wait for the write lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "idp_accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "name", "given_name", "family_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Every form field is drawn by the design system's design/field.html.
FORM_RENDERER = "design.forms.FormRenderer"

STATIC_URL = "/static/"
# Served straight from the design system's app: the idp has a handful of static files and
# no collectstatic step of its own.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "idp_accounts:login"
LOGIN_REDIRECT_URL = "idp_accounts:home"

SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"
# The practice app shares the host (cookies ignore ports), so neither cookie may be visible
# to scripts, and the idp session follows Auth0's three-day inactivity default.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(timedelta(days=3).total_seconds())
SESSION_COOKIE_SECURE = env.SCHEME == "https"
CSRF_COOKIE_SECURE = env.SCHEME == "https"
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No form-action: Chrome applies it to the redirect after sign-in, which leaves for the app.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

EMAIL_SUBJECT_PREFIX = ""
DEFAULT_FROM_EMAIL = env.EMAIL_FROM
MAILERS = {"default": env.MAILER}
IDP_SEND_EMAIL_IN_BACKGROUND = True

IDP_ISSUER = env.ISSUER
IDP_CLAIMS_NAMESPACE = env.CLAIMS_NAMESPACE
IDP_MGMT_RATE_LIMIT = env.MGMT_RATE_LIMIT
IDP_DEFAULT_TICKET_TTL = int(timedelta(days=5).total_seconds())
IDP_RESET_LINK_TTL = int(timedelta(days=1).total_seconds())
# Forgot-password requests: per address and per IP, per hour.
IDP_RESET_REQUESTS_PER_EMAIL = 5
IDP_RESET_REQUESTS_PER_IP = 100
IDP_LOGIN_FAILURES_PER_ADDRESS = env.LOGIN_FAILURES_PER_ADDRESS
# Only informative here: uvicorn applies it (--forwarded-allow-ips) before Django sees the
# request, and REMOTE_ADDR is then the only address the idp reads.
TRUSTED_PROXIES = env.TRUSTED_PROXIES

# Access tokens people get for an API (an audience): short, because a JWT cannot be recalled
# (Auth0's per-API "token expiration"; register_api --token-lifetime overrides it per API).
IDP_ACCESS_TOKEN_LIFETIME = env.ACCESS_TOKEN_LIFETIME
# Tokens only good for /userinfo, and applications' client-credentials tokens: Auth0's day.
IDP_DEFAULT_TOKEN_LIFETIME = int(timedelta(hours=24).total_seconds())
# Rotating refresh tokens: Auth0's defaults of 30 days absolute and 15 days idle.
IDP_REFRESH_TOKEN_LIFETIME = int(timedelta(days=30).total_seconds())

# Back-channel logout: token lifetime, per-request timeout, waits between retries (seconds).
IDP_LOGOUT_TOKEN_LIFETIME = 120
IDP_BACKCHANNEL_TIMEOUT = 5
IDP_BACKCHANNEL_RETRY_DELAYS = (1, 5, 30)
IDP_BACKCHANNEL_IN_BACKGROUND = True

# Wrong passwords lock the account, whatever address they come from (so a new address per
# guess gains nothing); the address is limited separately and more loosely in the sign-in view
# (IDP_LOGIN_FAILURES_PER_ADDRESS per hour), because a firm's office shares one.
AXES_FAILURE_LIMIT = env.LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=env.LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "idp.accounts.throttle.client_address"
AXES_USERNAME_CALLABLE = "idp.accounts.views.login.axes_username"
AXES_LOCKOUT_CALLABLE = "idp.accounts.views.login.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Named explicitly because idp_oidc has foreign keys to these swappable models.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": env.ISSUER,
    "OIDC_RSA_PRIVATE_KEY": env.RSA_PRIVATE_KEY,
    "OIDC_RSA_PRIVATE_KEYS_INACTIVE": [],
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OIDC_RP_INITIATED_LOGOUT_STRICT_REDIRECT_URIS": True,
    "OAUTH2_VALIDATOR_CLASS": "idp.oidc.validators.Auth0LikeValidator",
    "OIDC_SERVER_CLASS": "idp.oidc.server.IdpServer",
    "ACCESS_TOKEN_GENERATOR": "idp.oidc.tokens.generate_access_token",
    "REFRESH_TOKEN_GENERATOR": "oauthlib.oauth2.rfc6749.tokens.random_token_generator",
    # The real lifetime depends on the audience: see idp.oidc.tokens.access_token_lifetime.
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(timedelta(hours=24).total_seconds()),
    "ID_TOKEN_EXPIRE_SECONDS": int(timedelta(hours=10).total_seconds()),
    # Idle limit: DOT counts it from the expiry of the refresh token's latest access token.
    "REFRESH_TOKEN_EXPIRE_SECONDS": int(timedelta(days=15).total_seconds()),
    # Public clients only; the validator's is_pkce_required decides per client.
    "PKCE_REQUIRED": True,
    "SCOPES": {
        "openid": "Sign you in",
        "profile": "See your name",
        "email": "See your email address",
        "offline_access": "Stay signed in",
    },
    "DEFAULT_SCOPES": ["openid"],
    # Plain http only for a development idp; an https idp sends people back over https only.
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"] if env.SCHEME == "https" else ["http", "https"],
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
}

# RFC 9207's `iss` response parameter stays off: Auth0 does not send it, and RPs written
# against Auth0 must see the same authorization response here.
# axes.W006 wants ip_address among AXES_LOCKOUT_PARAMETERS; the address has its own, looser
# limit in the sign-in view instead (an office shares one address).
SILENCED_SYSTEM_CHECKS = ["oauth2_provider.W005", "axes.W006"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"oauth2_provider": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
