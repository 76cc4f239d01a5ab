"""Reads about applications and the APIs they may call."""

from urllib.parse import urlsplit

from oauth2_provider.models import AbstractApplication, get_application_model

from idp.oidc.models import ApiResource, ClientGrant, ClientSettings
from idp.oidc.tokens import management_audience


def api_for_audience(audience: str) -> ApiResource | None:
    api = ApiResource.objects.filter(identifier=audience).first()
    if api is None and audience == management_audience():
        # The Management API always exists, even if IDP_DOMAIN changed since the last migrate.
        from idp.oidc.actions import ensure_management_api

        api = ensure_management_api()
    return api


def client_grant_for(application: AbstractApplication, audience: str) -> ClientGrant | None:
    return ClientGrant.objects.filter(application=application, audience_id=audience).first()


def application_for_client_id(client_id: str) -> AbstractApplication | None:
    if not client_id:
        return None
    return get_application_model().objects.filter(client_id=client_id).first()


def client_settings(application: AbstractApplication | None) -> ClientSettings | None:
    if application is None:
        return None
    return ClientSettings.objects.filter(application=application).first()


def redirect_uri_registered(application: AbstractApplication | None, uri: str) -> bool:
    """Exact string match, as Auth0 does for web applications (no loopback port leeway)."""
    return application is not None and uri in application.redirect_uris.split()


def logout_uri_registered(application: AbstractApplication | None, uri: str) -> bool:
    return application is not None and uri in application.post_logout_redirect_uris.split()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def web_origins(application: AbstractApplication | None) -> list[str]:
    """Origins that may frame the silent sign-in page or receive a popup's answer."""
    found = client_settings(application)
    return found.web_origin_list if found else []


def cors_origin_allowed(origin: str, client_id: str | None = None) -> bool:
    """May a page on `origin` call the token, revocation and userinfo endpoints? With a
    client id, only that application's origins count; without (a preflight names no client),
    any application's."""
    if not origin or origin == "null":
        return False
    rows = ClientSettings.objects.all()
    if client_id is not None:
        rows = rows.filter(application__client_id=client_id)
    candidates = rows.filter(web_origins__contains=origin) | rows.filter(
        allowed_origins__contains=origin
    )
    return any(origin in row.cors_origin_list for row in candidates)


def issues_refresh_tokens(application: AbstractApplication | None) -> bool:
    found = client_settings(application)
    # Applications registered before client settings existed keep Auth0's default.
    return found is None or "refresh_token" in found.grant_type_list
