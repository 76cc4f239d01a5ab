"""Silent authentication and popups as Auth0 does them: `prompt=none` and
`response_mode=web_message`, and the COOP relaxation a popup needs."""

import json
import re

import pytest
from oauth2_provider.models import Grant

from idp.tests.helpers import (
    PORTAL_CALLBACK,
    SPA_CALLBACK,
    SPA_CLIENT_ID,
    SPA_ORIGIN,
    authorize_params,
    exchange_code,
    new_pkce,
    query_of,
    sign_in,
    spa_authorize_params,
)

pytestmark = pytest.mark.django_db


def posted_message(response) -> dict:
    """What the web_message page hands to its opener or parent window."""
    match = re.search(
        rb'<script id="authorization-response" type="application/json">(.*?)</script>',
        response.content,
        re.S,
    )
    assert match, response.content
    return json.loads(match.group(1))


def test_prompt_none_signed_in_answers_with_a_code_not_a_500(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)

    response = client.get("/authorize", authorize_params(pkce, prompt="none"))

    assert response.status_code == 302
    params = query_of(response["Location"])
    assert response["Location"].startswith(PORTAL_CALLBACK)
    assert params["state"] == "state-123"
    assert exchange_code(client, params["code"], pkce.verifier).status_code == 200


def test_prompt_none_signed_out_answers_login_required_instead_of_the_login_page(client, portal):
    response = client.get("/authorize", authorize_params(new_pkce(), prompt="none"))

    assert response.status_code == 302
    assert response["Location"].startswith(PORTAL_CALLBACK + "?")
    assert query_of(response["Location"]) == {
        "error": "login_required",
        "error_description": "Login required",
        "state": "state-123",
    }
    assert Grant.objects.count() == 0


def test_prompt_none_for_a_blocked_person_is_refused(client, portal, carol):
    sign_in(client, carol.email)
    carol.blocked = True
    carol.save()

    response = client.get("/authorize", authorize_params(new_pkce(), prompt="none"))

    assert query_of(response["Location"])["error"] == "unauthorized"
    assert Grant.objects.count() == 0


def test_prompt_none_with_other_values_is_an_invalid_request(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get("/authorize", authorize_params(new_pkce(), prompt="none login"))

    assert query_of(response["Location"])["error"] == "invalid_request"


def test_prompt_login_shows_the_sign_in_page_even_when_signed_in(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get("/authorize", authorize_params(new_pkce(), prompt="login"))

    assert response.status_code == 302
    assert response["Location"].startswith("/u/login?next=")
    assert "prompt" not in query_of(query_of(response["Location"])["next"])


def test_web_message_posts_the_code_to_the_listed_origin_only(client, spa, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)

    response = client.get(
        "/authorize", spa_authorize_params(pkce, prompt="none", response_mode="web_message")
    )

    assert response.status_code == 200
    message = posted_message(response)
    assert message["origin"] == SPA_ORIGIN
    assert set(message["response"]) == {"code", "state"}
    assert message["response"]["state"] == "state-123"
    csp = response["Content-Security-Policy"]
    assert f"frame-ancestors {SPA_ORIGIN}" in csp
    assert "default-src 'none'" in csp
    assert "X-Frame-Options" not in response
    assert response["Cross-Origin-Opener-Policy"] == "unsafe-none"
    assert response["Cache-Control"] == "no-store"
    token = client.post(
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "client_id": SPA_CLIENT_ID,
            "code": message["response"]["code"],
            "redirect_uri": SPA_CALLBACK,
            "code_verifier": pkce.verifier,
        },
    )
    assert token.status_code == 200


def test_web_message_signed_out_posts_login_required(client, spa):
    response = client.get(
        "/authorize", spa_authorize_params(new_pkce(), prompt="none", response_mode="web_message")
    )

    assert response.status_code == 200
    assert posted_message(response)["response"] == {
        "error": "login_required",
        "error_description": "Login required",
        "state": "state-123",
    }


def test_web_message_for_an_app_without_web_origins_is_refused_and_unframeable(
    client, portal, carol
):
    sign_in(client, carol.email)

    response = client.get(
        "/authorize", authorize_params(new_pkce(), prompt="none", response_mode="web_message")
    )

    assert response.status_code == 400
    assert b"not registered with this service as a web origin" in response.content
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert Grant.objects.count() == 0


def test_an_unsupported_response_mode_is_an_error_sent_back_by_query(client, portal, carol):
    sign_in(client, carol.email)

    response = client.get("/authorize", authorize_params(new_pkce(), response_mode="form_post"))

    assert response.status_code == 302
    params = query_of(response["Location"])
    assert params["error"] == "invalid_request"
    assert "response_mode" in params["error_description"]


def test_a_popup_sign_in_keeps_its_opener_and_a_normal_one_does_not(client, spa, carol):
    popup = client.get("/authorize", spa_authorize_params(new_pkce(), response_mode="web_message"))
    normal = client.get("/authorize", spa_authorize_params(new_pkce()))
    assert popup["Cross-Origin-Opener-Policy"] == "unsafe-none"
    assert normal["Cross-Origin-Opener-Policy"] == "same-origin"

    login_page = client.get(popup["Location"])
    posted = sign_in(client, carol.email, next_url=query_of(popup["Location"])["next"])
    plain_page = client.get("/u/login")

    assert login_page["Cross-Origin-Opener-Policy"] == "unsafe-none"
    assert posted["Cross-Origin-Opener-Policy"] == "unsafe-none"
    assert plain_page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert client.get("/")["Cross-Origin-Opener-Policy"] == "same-origin"
