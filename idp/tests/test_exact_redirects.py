"""redirect_uri, returnTo and post_logout_redirect_uri match the registered URL exactly,
the port on 127.0.0.1 included (DOT lets any port through there; Auth0 does not)."""

import pytest
from oauth2_provider.models import Grant

from idp.tests.helpers import PORTAL_CLIENT_ID, authorize_params, new_pkce, sign_in

pytestmark = pytest.mark.django_db
OTHER_PORT_CALLBACK = "http://127.0.0.1:9999/auth/callback"  # registered: port 8000
OTHER_PORT_HOME = "http://127.0.0.1:9999/"


def test_authorize_refuses_the_registered_callback_on_another_port(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get(
        "/authorize", authorize_params(new_pkce(), redirect_uri=OTHER_PORT_CALLBACK)
    )

    assert response.status_code == 400
    assert "Location" not in response
    assert Grant.objects.count() == 0


def test_authorize_refuses_an_extra_trailing_slash(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get(
        "/authorize",
        authorize_params(new_pkce(), redirect_uri="http://127.0.0.1:8000/auth/callback/"),
    )

    assert response.status_code == 400


def test_v2_logout_refuses_return_to_on_another_port(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get(
        "/v2/logout", {"returnTo": OTHER_PORT_HOME, "client_id": PORTAL_CLIENT_ID}
    )
    tenant_wide = client.get("/v2/logout", {"returnTo": OTHER_PORT_HOME})

    assert response.status_code == 400
    assert "Location" not in response
    assert tenant_wide.status_code == 400


def test_oidc_logout_refuses_a_post_logout_uri_on_another_port(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get(
        "/oidc/logout",
        {"post_logout_redirect_uri": OTHER_PORT_HOME, "client_id": PORTAL_CLIENT_ID},
    )

    assert response.status_code == 400
    assert "Location" not in response
