"""Management API /clients: registering an SPA the way Auth0 documents it."""

import json

import pytest
from django.test import Client
from oauth2_provider.models import Application

from idp.oidc.actions import register_m2m_client
from idp.oidc.tokens import management_audience
from idp.tests.helpers import token_for

pytestmark = pytest.mark.django_db
SPA = {
    "name": "Client portal",
    "app_type": "spa",
    "callbacks": ["http://127.0.0.1:3000/"],
    "allowed_logout_urls": ["http://127.0.0.1:3000/"],
    "web_origins": ["http://127.0.0.1:3000"],
    "grant_types": ["authorization_code", "refresh_token"],
    "token_endpoint_auth_method": "none",
    "oidc_conformant": True,
    "jwt_configuration": {"alg": "RS256"},
    "refresh_token": {"rotation_type": "rotating", "expiration_type": "expiring"},
}


def post(mgmt, body):
    return mgmt.post("/api/v2/clients", data=json.dumps(body), content_type="application/json")


def test_creating_an_spa_answers_auth0s_client_shape_without_a_secret(mgmt):
    response = post(mgmt, SPA)

    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["client_id"]) == 40
    assert "client_secret" not in body
    assert body["app_type"] == "spa"
    assert body["token_endpoint_auth_method"] == "none"
    assert body["callbacks"] == ["http://127.0.0.1:3000/"]
    assert body["web_origins"] == ["http://127.0.0.1:3000"]
    assert body["grant_types"] == ["authorization_code", "refresh_token"]
    assert body["jwt_configuration"]["alg"] == "RS256"
    assert body["refresh_token"]["rotation_type"] == "rotating"
    assert body["oidc_logout"] == {"backchannel_logout_urls": []}
    app = Application.objects.get(client_id=body["client_id"])
    assert app.client_type == Application.CLIENT_PUBLIC


def test_a_regular_web_app_gets_a_secret_once_and_it_works(client, mgmt):
    body = post(
        mgmt, {"name": "Web", "app_type": "regular_web", "callbacks": ["https://w.example/cb"]}
    ).json()
    register_m2m_client(
        client_id=body["client_id"],
        client_secret=body["client_secret"],
        name="Web",
        audience=management_audience(),
        scopes=["read:users"],
    )

    token = token_for(
        client,
        client_id=body["client_id"],
        secret=body["client_secret"],
        audience=management_audience(),
    )
    shown_again = mgmt.get(f"/api/v2/clients/{body['client_id']}").json()

    assert body["token_endpoint_auth_method"] == "client_secret_post"
    assert token["access_token"]
    assert "client_secret" not in shown_again


def test_get_list_patch_and_delete(mgmt):
    client_id = post(mgmt, SPA).json()["client_id"]

    listed = mgmt.get("/api/v2/clients", {"app_type": "spa", "include_totals": "true"}).json()
    patched = mgmt.patch(
        f"/api/v2/clients/{client_id}",
        data=json.dumps({"web_origins": ["https://portal.example.com"], "name": "Renamed"}),
        content_type="application/json",
    )
    fields = mgmt.get(f"/api/v2/clients/{client_id}", {"fields": "name,web_origins"}).json()
    deleted = [mgmt.delete(f"/api/v2/clients/{client_id}").status_code for _ in range(2)]

    assert listed["total"] == 1
    assert listed["clients"][0]["client_id"] == client_id
    assert patched.status_code == 200
    assert fields == {"name": "Renamed", "web_origins": ["https://portal.example.com"]}
    assert deleted == [204, 204]
    assert mgmt.get(f"/api/v2/clients/{client_id}").status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"app_type": "non_interactive"}, "register_m2m_client"),
        ({"grant_types": ["implicit", "authorization_code"]}, "implicit cannot be used"),
        ({"web_origins": ["http://127.0.0.1:3000/path"]}, "is not an origin"),
        ({"callbacks": ["not a url"]}, "callbacks"),
        ({"jwt_configuration": {"alg": "HS256"}}, "Only alg 'RS256'"),
        ({"oidc_logout": {"backchannel_logout_urls": ["https://a/1", "https://a/2"]}}, "Only one"),
        ({"logo_uri": "https://x/logo.png"}, "Additional properties not allowed: logo_uri"),
    ],
)
def test_what_cannot_be_honoured_is_refused_in_plain_words(mgmt, change, message):
    response = post(mgmt, {**SPA, **change})

    assert response.status_code == 400
    assert message in response.json()["message"]
    assert not Application.objects.filter(name="Client portal").exists()


def test_switching_between_public_and_confidential_is_refused(mgmt):
    client_id = post(mgmt, SPA).json()["client_id"]

    response = mgmt.patch(
        f"/api/v2/clients/{client_id}",
        data=json.dumps({"token_endpoint_auth_method": "client_secret_post"}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "create a new one" in response.json()["message"]


def test_client_routes_need_their_scopes(client, db):
    register_m2m_client(
        client_id="reader",
        client_secret="reader-secret",
        name="Reader",
        audience=management_audience(),
        scopes=["read:users"],
    )
    token = token_for(
        client, client_id="reader", secret="reader-secret", audience=management_audience()
    )["access_token"]
    reader = Client(headers={"Authorization": f"Bearer {token}"})

    assert post(reader, SPA).status_code == 403
    assert reader.get("/api/v2/clients").status_code == 403
