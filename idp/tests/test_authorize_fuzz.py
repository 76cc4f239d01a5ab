"""No /authorize input gives a server error: generated parameters, valid-shaped and garbage,
for a signed-out visitor and a signed-in person, against the public and confidential apps."""

import string

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from idp.tests.helpers import (
    PORTAL_CALLBACK,
    PORTAL_CLIENT_ID,
    SPA_CALLBACK,
    SPA_CLIENT_ID,
    new_pkce,
    sign_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
PARAMETERS = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "prompt",
    "response_mode",
    "audience",
    "login_hint",
    "screen_hint",
    "max_age",
    "id_token_hint",
    "claims",
    "resource",
    "request",
    "ui_locales",
    "auth0Client",
    "organization",
    "approval_prompt",
]
GARBAGE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
PLAUSIBLE = {
    "response_type": st.sampled_from(["code", "token", "id_token", "code id_token", "none", ""]),
    "client_id": st.sampled_from([PORTAL_CLIENT_ID, SPA_CLIENT_ID, "unknown", ""]),
    "redirect_uri": st.sampled_from(
        [PORTAL_CALLBACK, SPA_CALLBACK, "http://127.0.0.1:9/cb", "javascript:alert(1)", ""]
    ),
    "scope": st.lists(
        st.sampled_from(["openid", "profile", "email", "offline_access", "read:users", "x"]),
        max_size=5,
    ).map(" ".join),
    "code_challenge": st.just(new_pkce().challenge) | st.text(string.printable, max_size=200),
    "code_challenge_method": st.sampled_from(["S256", "plain", "s256", ""]),
    "prompt": st.lists(
        st.sampled_from(["none", "login", "consent", "create", "x"]), max_size=3
    ).map(" ".join),
    "response_mode": st.sampled_from(["query", "web_message", "fragment", "form_post", ""]),
    "audience": st.sampled_from(["http://127.0.0.1:8001/api/v2/", "http://nope/", ""]),
    "max_age": st.sampled_from(["0", "-1", "1e9", "abc"]),
    "claims": st.sampled_from(['{"id_token": {"email": null}}', "{", "[]", "null"]),
    "resource": st.sampled_from(["http://127.0.0.1:8000/api", "not a uri", "urn:x"]),
}
VALUES = {name: PLAUSIBLE.get(name, GARBAGE) | GARBAGE for name in PARAMETERS}
QUERIES = st.dictionaries(
    st.sampled_from(PARAMETERS) | st.text(string.ascii_letters, min_size=1, max_size=12),
    st.one_of(list(VALUES.values())),
    max_size=12,
).flatmap(
    lambda params: st.fixed_dictionaries({name: VALUES.get(name, GARBAGE) for name in params})
)
RAW_QUERIES = st.lists(
    st.sampled_from(["%ff", "%", "%%", "&&", "=", "client_id=%00", "scope=%C0%AF", "prompt=none"])
    | st.text(string.printable, max_size=40),
    max_size=8,
).map("&".join)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    # No example database: nothing is written into the repository between runs.
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def browsers(portal, spa, carol):
    signed_in = Client()
    sign_in(signed_in, carol.email)
    return [Client(), signed_in]


@FUZZ
@given(params=QUERIES, who=st.integers(0, 1))
def test_generated_parameters_never_give_a_server_error(browsers, params, who):
    response = browsers[who].get("/authorize", params)

    assert response.status_code < 500, (params, response.content[:500])


@FUZZ
@given(raw=RAW_QUERIES, who=st.integers(0, 1))
def test_malformed_query_strings_never_give_a_server_error(browsers, raw, who):
    response = browsers[who].get(f"/authorize?{raw}")

    assert response.status_code < 500, (raw, response.content[:500])


@FUZZ
@given(params=QUERIES)
def test_the_consent_form_post_never_gives_a_server_error(browsers, params):
    response = browsers[1].post("/authorize", params)

    assert response.status_code < 500, (params, response.content[:500])


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/authorize?client_id=%00", None),
        ("get", "/authorize?scope=openid&state=a%00b", None),
        ("post", "/oauth/token", {"grant_type": "authorization_code", "client_id": "\x00"}),
        ("get", "/api/v2/users-by-email?email=a%00@example.com", None),
    ],
)
def test_a_nul_character_anywhere_is_a_400_on_every_database(client, method, path, data):
    # SQLite stores NUL happily; PostgreSQL raises DataError (a 500) for one in a query.
    response = getattr(client, method)(path, data) if data else getattr(client, method)(path)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_a_json_body_with_an_escaped_nul_is_a_400(client):
    response = client.post(
        "/oauth/token",
        data='{"grant_type": "client_credentials", "client_id": "a\\u0000"}',
        content_type="application/json",
    )

    assert response.status_code == 400
