"""Writes for applications and APIs; every one is idempotent so `make run` can repeat them."""

from collections.abc import Sequence

from django.db import transaction
from oauth2_provider.models import AbstractApplication, get_application_model

from idp.oidc.models import ApiResource, ClientGrant
from idp.oidc.tokens import management_audience

MANAGEMENT_SCOPES = (
    "read:users",
    "create:users",
    "update:users",
    "delete:users",
    "update:users_app_metadata",
    "create:user_tickets",
    "delete:sessions",
    "delete:refresh_tokens",
)


def register_api(*, identifier: str, name: str) -> ApiResource:
    api, _created = ApiResource.objects.update_or_create(
        identifier=identifier, defaults={"name": name}
    )
    return api


def ensure_management_api() -> ApiResource:
    api, _created = ApiResource.objects.get_or_create(
        identifier=management_audience(), defaults={"name": "Auth0-compatible Management API"}
    )
    return api


def _upsert_application(
    *, client_id: str, client_secret: str, fields: dict[str, object]
) -> AbstractApplication:
    Application = get_application_model()
    application = Application.objects.filter(client_id=client_id).first() or Application(
        client_id=client_id
    )
    for field, value in fields.items():
        setattr(application, field, value)
    # Stored hashed (hash_client_secret stays on): DOT hashes on save whatever is not already
    # a hash, so the operator's secret is what clients present.
    application.hash_client_secret = True
    application.client_secret = client_secret
    application.full_clean(exclude=["client_secret", "user"])
    application.save()
    return application


@transaction.atomic
def register_client(
    *,
    client_id: str,
    client_secret: str,
    name: str,
    redirect_uris: Sequence[str],
    logout_uris: Sequence[str] = (),
) -> AbstractApplication:
    """A confidential web app that signs people in (authorization code + PKCE, RS256)."""
    Application = get_application_model()
    return _upsert_application(
        client_id=client_id,
        client_secret=client_secret,
        fields={
            "name": name,
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "algorithm": Application.RS256_ALGORITHM,
            "redirect_uris": " ".join(redirect_uris),
            "post_logout_redirect_uris": " ".join(logout_uris),
            # First-party apps: Auth0 skips consent for them too.
            "skip_authorization": True,
        },
    )


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
