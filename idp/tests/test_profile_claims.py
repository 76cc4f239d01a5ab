"""Auth0's standard profile claims: nickname, picture, updated_at."""

import json

import pytest

from idp.tests.helpers import sign_in, sign_in_tokens
from idp.tests.test_code_flow import verified_claims

pytestmark = pytest.mark.django_db
ISSUER = "http://127.0.0.1:8001/"


def test_the_id_token_carries_nickname_picture_and_updated_at(client, portal, carol):
    sign_in(client, carol.email)

    claims = verified_claims(client, sign_in_tokens(client)["id_token"])[1]

    carol.refresh_from_db()
    assert claims["nickname"] == "carol"
    assert claims["picture"] == f"{ISSUER}avatars/CC.svg"
    assert claims["updated_at"].startswith(carol.updated_at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert claims["updated_at"].endswith("Z")


def test_profile_claims_need_the_profile_scope(client, portal, carol):
    sign_in(client, carol.email)

    claims = verified_claims(client, sign_in_tokens(client, scope="openid email")["id_token"])[1]

    assert not {"name", "nickname", "picture", "updated_at"} & set(claims)
    assert claims["email"] == "carol@example.com"


def test_nickname_and_picture_set_through_the_management_api_are_used(client, mgmt, portal, carol):
    response = mgmt.patch(
        f"/api/v2/users/auth0|{carol.pk}",
        data=json.dumps({"nickname": "cc", "picture": "https://img.example/carol.png"}),
        content_type="application/json",
    )
    sign_in(client, carol.email)

    claims = verified_claims(client, sign_in_tokens(client)["id_token"])[1]

    assert response.json()["nickname"] == "cc"
    assert (claims["nickname"], claims["picture"]) == ("cc", "https://img.example/carol.png")


def test_a_picture_that_is_not_a_url_is_refused(mgmt, carol):
    response = mgmt.patch(
        f"/api/v2/users/auth0|{carol.pk}",
        data=json.dumps({"picture": "javascript:alert(1)"}),
        content_type="application/json",
    )

    assert response.status_code == 400


def test_the_default_picture_is_an_svg_served_here(client):
    response = client.get("/avatars/CC.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b">CC</text>" in response.content
    assert client.get("/avatars/%3Cscript%3E.svg").content.count(b"<script") == 0
