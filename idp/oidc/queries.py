"""Reads about applications and the APIs they may call."""

from oauth2_provider.models import AbstractApplication, get_application_model

from idp.oidc.models import ApiResource, ClientGrant
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
