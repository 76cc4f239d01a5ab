import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_discovery_publishes_auth0_paths_under_an_issuer_with_a_trailing_slash(client):
    response = client.get("/.well-known/openid-configuration")

    assert response.status_code == 200
    data = response.json()
    issuer = settings.IDP_ISSUER
    assert issuer == "http://127.0.0.1:8001/"
    assert data["issuer"] == issuer
    assert data["authorization_endpoint"] == f"{issuer}authorize"
    assert data["token_endpoint"] == f"{issuer}oauth/token"
    assert data["userinfo_endpoint"] == f"{issuer}userinfo"
    assert data["jwks_uri"] == f"{issuer}.well-known/jwks.json"
    assert data["revocation_endpoint"] == f"{issuer}oauth/revoke"
    assert data["end_session_endpoint"] == f"{issuer}oidc/logout"
    assert data["code_challenge_methods_supported"] == ["S256"]
    assert data["response_types_supported"] == ["code"]
    assert data["grant_types_supported"] == [
        "authorization_code",
        "refresh_token",
        "client_credentials",
    ]
    assert data["id_token_signing_alg_values_supported"] == ["RS256"]
    assert set(data["token_endpoint_auth_methods_supported"]) == {
        "client_secret_post",
        "client_secret_basic",
        "none",
    }
    assert settings.IDP_CLAIMS_NAMESPACE in data["claims_supported"]
    assert {"sid", "nickname", "picture", "updated_at"} <= set(data["claims_supported"])


def test_discovery_lists_only_what_is_honoured(client):
    data = client.get("/.well-known/openid-configuration").json()

    assert data["scopes_supported"] == ["openid", "profile", "email", "offline_access"]
    assert data["response_modes_supported"] == ["query", "web_message"]
    assert data["prompt_values_supported"] == ["none", "login"]
    assert data["backchannel_logout_supported"] is True
    assert data["backchannel_logout_session_supported"] is True
    assert data["request_parameter_supported"] is False
    assert data["claims_parameter_supported"] is False
    assert "client_id_metadata_document_supported" not in data


def test_jwks_lists_the_rs256_signing_key_with_its_kid(client):
    response = client.get("/.well-known/jwks.json")

    assert response.status_code == 200
    [key] = response.json()["keys"]
    assert key["alg"] == "RS256"
    assert key["kty"] == "RSA"
    assert key["use"] == "sig"
    assert len(key["kid"]) == 43
    assert "d" not in key


def test_healthz_answers_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
