"""Writes for applications and APIs; every one is idempotent so `make run` can repeat them."""

import secrets
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from oauth2_provider.models import AbstractApplication, get_application_model
from oauth2_provider.settings import oauth2_settings

from idp.oidc.models import ApiResource, ClientGrant, ClientSettings
from idp.oidc.tokens import management_audience

GRANT_AUTHORIZATION_CODE = "authorization_code"
GRANT_REFRESH_TOKEN = "refresh_token"
INTERACTIVE_GRANT_TYPES = (GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN)


class ClientInvalid(Exception):
    """An application's settings cannot be used; `errors` maps a field to plain messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{field}: {' '.join(m)}" for field, m in errors.items()))
        self.errors = errors


def clean_origins(origins: Sequence[str], field: str) -> list[str]:
    """Origins exactly as browsers send them: scheme://host[:port], no path (a trailing slash
    is dropped, as Auth0's dashboard does)."""
    cleaned = []
    for raw in origins:
        origin = raw.strip().removesuffix("/")
        parts = urlsplit(origin)
        if (
            parts.scheme not in oauth2_settings.ALLOWED_REDIRECT_URI_SCHEMES
            or not parts.hostname
            or parts.path
            or parts.query
            or parts.fragment
            or "@" in parts.netloc
        ):
            raise ClientInvalid(
                {field: [f"{raw!r} is not an origin. Use the form https://app.example.com."]}
            )
        cleaned.append(origin)
    return list(dict.fromkeys(cleaned))


def clean_grant_types(grant_types: Sequence[str]) -> list[str]:
    unknown = sorted(set(grant_types) - set(INTERACTIVE_GRANT_TYPES))
    if unknown:
        raise ClientInvalid(
            {
                "grant_types": [
                    f"{', '.join(unknown)} cannot be used here: applications that sign people "
                    "in use authorization_code (with PKCE) and, for offline_access, "
                    "refresh_token."
                ]
            }
        )
    if GRANT_AUTHORIZATION_CODE not in grant_types:
        raise ClientInvalid(
            {
                "grant_types": [
                    "An application that signs people in needs the authorization_code grant."
                ]
            }
        )
    return list(dict.fromkeys(grant_types))


def clean_backchannel_uri(uri: str) -> str:
    uri = uri.strip()
    if not uri:
        return ""
    try:
        URLValidator(schemes=oauth2_settings.ALLOWED_REDIRECT_URI_SCHEMES)(uri)
    except ValidationError as error:
        raise ClientInvalid(
            {"backchannel_logout_uri": [f"{uri!r} is not a URL this service can post to."]}
        ) from error
    if urlsplit(uri).fragment:
        raise ClientInvalid({"backchannel_logout_uri": ["The URL may not have a #fragment."]})
    return uri


MANAGEMENT_SCOPES = (
    "read:users",
    "create:users",
    "update:users",
    "delete:users",
    "update:users_app_metadata",
    "create:user_tickets",
    "delete:sessions",
    "delete:refresh_tokens",
    "create:clients",
    "read:clients",
    "update:clients",
    "delete:clients",
    "create:organizations",
    "read:organizations",
    "update:organizations",
    "delete:organizations",
)


def register_api(*, identifier: str, name: str, token_lifetime: int | None = None) -> ApiResource:
    """`token_lifetime` (seconds) is Auth0's per-API token expiration; None keeps the idp-wide
    default (IDP_ACCESS_TOKEN_LIFETIME for people, a day for applications)."""
    if token_lifetime is not None and not 60 <= token_lifetime <= 86400 * 30:
        raise ValueError("The token lifetime must be between 60 seconds and 30 days.")
    api, _created = ApiResource.objects.update_or_create(
        identifier=identifier, defaults={"name": name, "token_lifetime": token_lifetime}
    )
    return api


def ensure_management_api() -> ApiResource:
    api, _created = ApiResource.objects.get_or_create(
        identifier=management_audience(), defaults={"name": "Auth0-compatible Management API"}
    )
    return api


def _upsert_application(
    *, client_id: str, client_secret: str | None, fields: dict[str, object]
) -> AbstractApplication:
    """`client_secret` None keeps the stored one (only its hash is kept, so it cannot be
    re-saved from here)."""
    Application = get_application_model()
    application = Application.objects.filter(client_id=client_id).first() or Application(
        client_id=client_id
    )
    for field, value in fields.items():
        setattr(application, field, value)
    # Stored hashed (hash_client_secret stays on): DOT hashes on save whatever is not already
    # a hash, so the operator's secret is what clients present.
    application.hash_client_secret = True
    if client_secret is not None:
        application.client_secret = client_secret
    try:
        application.full_clean(exclude=["client_secret", "user"])
    except ValidationError as error:
        raise ClientInvalid(error.message_dict) from error
    application.save()
    return application


@transaction.atomic
def register_client(
    *,
    client_id: str,
    client_secret: str | None = None,
    name: str,
    redirect_uris: Sequence[str],
    logout_uris: Sequence[str] = (),
    public: bool = False,
    web_origins: Sequence[str] = (),
    allowed_origins: Sequence[str] = (),
    backchannel_logout_uri: str = "",
    app_type: str = "",
    grant_types: Sequence[str] = (GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN),
    token_endpoint_auth_method: str = "",
    description: str = "",
) -> AbstractApplication:
    """An application that signs people in: authorization code, RS256 ID tokens, no consent.

    Confidential (a regular web app holding a secret; PKCE optional, as at Auth0) or public
    (a single-page or native app: no secret, PKCE required). Raises ClientInvalid with plain
    words when a URL or origin cannot be used.
    """
    Application = get_application_model()
    existing = Application.objects.filter(client_id=client_id).first()
    keeps_secret = existing is not None and existing.client_type == Application.CLIENT_CONFIDENTIAL
    if not public and not client_secret and not keeps_secret:
        raise ClientInvalid({"client_secret": ["A confidential application needs a secret."]})
    fields: dict[str, object] = {
        "name": name,
        "client_type": Application.CLIENT_PUBLIC if public else Application.CLIENT_CONFIDENTIAL,
        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
        "algorithm": Application.RS256_ALGORITHM,
        "redirect_uris": " ".join(redirect_uris),
        "post_logout_redirect_uris": " ".join(logout_uris),
        # First-party apps: Auth0 skips consent for them too.
        "skip_authorization": True,
    }
    settings_fields = {
        "app_type": app_type or (ClientSettings.AppType.SPA if public else "regular_web"),
        "description": description,
        "web_origins": " ".join(clean_origins(web_origins, "web_origins")),
        "allowed_origins": " ".join(clean_origins(allowed_origins, "allowed_origins")),
        "grant_types": " ".join(clean_grant_types(grant_types)),
        "token_endpoint_auth_method": token_endpoint_auth_method
        or ("none" if public else "client_secret_post"),
        "backchannel_logout_uri": clean_backchannel_uri(backchannel_logout_uri),
    }
    application = _upsert_application(
        client_id=client_id,
        # Nobody is given a public app's secret; DOT still wants a value in the column.
        client_secret=client_secret
        or (secrets.token_urlsafe(32) if public or not keeps_secret else None),
        fields=fields,
    )
    ClientSettings.objects.update_or_create(application=application, defaults=settings_fields)
    return application


@transaction.atomic
def register_m2m_client(
    *, client_id: str, client_secret: str, name: str, audience: str, scopes: Sequence[str]
) -> AbstractApplication:
    """A machine-to-machine app allowed `scopes` on the API identified by `audience`."""
    Application = get_application_model()
    application = _upsert_application(
        client_id=client_id,
        client_secret=client_secret,
        fields={
            "name": name,
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_CLIENT_CREDENTIALS,
            "algorithm": Application.RS256_ALGORITHM,
            "redirect_uris": "",
            "post_logout_redirect_uris": "",
            "skip_authorization": True,
        },
    )
    ClientSettings.objects.update_or_create(
        application=application,
        defaults={
            "app_type": ClientSettings.AppType.NON_INTERACTIVE,
            "grant_types": "client_credentials",
            "token_endpoint_auth_method": "client_secret_post",
        },
    )
    if audience == management_audience():
        ensure_management_api()
    elif not ApiResource.objects.filter(identifier=audience).exists():
        raise ValueError(f"No API is registered as {audience!r}; run register_api first.")
    ClientGrant.objects.update_or_create(
        application=application,
        audience_id=audience,
        defaults={"scopes": " ".join(dict.fromkeys(scopes))},
    )
    return application


@transaction.atomic
def delete_client(application: AbstractApplication) -> None:
    """Its tokens, grants and settings go with it (CASCADE)."""
    application.delete()
