"""Public applications (single-page and native): no secret, so PKCE is what binds the code."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from oauth2_provider.models import AccessToken, Application, Grant

from idp.oidc.models import ClientSettings
from idp.tests.helpers import (
    SPA_CALLBACK,
    SPA_CLIENT_ID,
    new_pkce,
    query_of,
    sign_in,
    spa_authorize_params,
)

pytestmark = pytest.mark.django_db


def spa_code(client, pkce) -> str:
    response = client.get("/authorize", spa_authorize_params(pkce))
    assert response.status_code == 302, response.content
    return query_of(response["Location"])["code"]


def spa_token(client, code: str, verifier: str | None):
    data = {
        "grant_type": "authorization_code",
        "client_id": SPA_CLIENT_ID,
        "code": code,
        "redirect_uri": SPA_CALLBACK,
    }
    if verifier is not None:
        data["code_verifier"] = verifier
    return client.post("/oauth/token", data)


def test_register_client_public_makes_a_public_app_with_web_origins():
    out = StringIO()
    call_command(
        "register_client",
        "--public",
        "--client-id=spa",
        "--name=Client portal",
        "--redirect-uri=http://127.0.0.1:3000/callback",
        "--web-origin=http://127.0.0.1:3000/",
        "--web-origin=https://portal.example.com",
        stdout=out,
    )

    assert out.getvalue() == "Registered public application spa\n"
    app = Application.objects.get(client_id="spa")
    assert app.client_type == Application.CLIENT_PUBLIC
    settings = ClientSettings.objects.get(application=app)
    assert settings.app_type == "spa"
    assert settings.token_endpoint_auth_method == "none"
    assert settings.web_origin_list == ["http://127.0.0.1:3000", "https://portal.example.com"]
    assert settings.grant_type_list == ["authorization_code", "refresh_token"]


def test_register_client_refuses_a_secret_for_a_public_app_and_an_origin_with_a_path():
    with pytest.raises(CommandError, match="public application has no secret"):
        call_command(
            "register_client",
            "--public",
            "--client-id=spa",
            "--client-secret=nope",
            "--name=x",
            "--redirect-uri=http://127.0.0.1:3000/callback",
        )
    with pytest.raises(CommandError, match="is not an origin"):
        call_command(
            "register_client",
            "--public",
            "--client-id=spa",
            "--name=x",
            "--redirect-uri=http://127.0.0.1:3000/callback",
            "--web-origin=http://127.0.0.1:3000/app",
        )
    assert not Application.objects.filter(client_id="spa").exists()


def test_a_confidential_app_without_a_secret_is_refused():
    with pytest.raises(CommandError, match="needs a secret"):
        call_command(
            "register_client",
            "--client-id=web",
            "--name=x",
            "--redirect-uri=http://127.0.0.1:3000/callback",
        )


def test_a_public_app_signs_in_with_pkce_and_no_secret(client, spa, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)

    response = spa_token(client, spa_code(client, pkce), pkce.verifier)

    assert response.status_code == 200, response.content
    assert set(response.json()) >= {"access_token", "id_token", "expires_in", "token_type"}


def test_a_public_app_must_send_a_code_challenge(client, spa, carol):
    sign_in(client, carol.email)

    response = client.get("/authorize", spa_authorize_params(None))

    assert response.status_code == 302
    params = query_of(response["Location"])
    assert params["error"] == "invalid_request"
    assert params["error_description"] == "Code challenge required."
    assert Grant.objects.count() == 0


def test_a_public_app_must_send_the_verifier(client, spa, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)

    response = spa_token(client, spa_code(client, pkce), None)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert response.json()["error_description"]
    assert AccessToken.objects.count() == 0


def test_a_wrong_verifier_is_refused_with_a_description(client, spa, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)

    response = spa_token(client, spa_code(client, pkce), new_pkce().verifier)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert response.json()["error_description"]
