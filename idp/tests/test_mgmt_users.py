"""Management API v2 users endpoints, answered the way Auth0 answers them."""

import json
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from oauth2_provider.models import AccessToken, Grant, IDToken

from idp.accounts.models import SignInSession, User
from idp.mgmt import ratelimit
from idp.oidc.actions import register_m2m_client
from idp.tests.factories import UserFactory
from idp.tests.helpers import exchange_code, get_code, new_pkce, sign_in, token_for

pytestmark = pytest.mark.django_db
MGMT = "http://127.0.0.1:8001/api/v2/"


def post_json(client: Client, path: str, body) -> object:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def patch_json(client: Client, path: str, body) -> object:
    return client.patch(path, data=json.dumps(body), content_type="application/json")


def create_body(**overrides) -> dict:
    body = {
        "connection": "Username-Password-Authentication",
        "email": "erin@example.com",
        "password": "a-long-and-unusual-passphrase",
        "email_verified": False,
        "app_metadata": {"firm_id": "other-firm", "contact_id": "c-9"},
    }
    body.update(overrides)
    return body


# --- POST /users ---------------------------------------------------------------------------


def test_create_user_returns_201_with_the_auth0_user_shape(mgmt):
    response = post_json(mgmt, "/api/v2/users", create_body(email="Erin@Example.com"))

    assert response.status_code == 201, response.content
    body = response.json()
    user = User.objects.get()
    assert body == {
        "user_id": f"auth0|{user.pk}",
        "email": "erin@example.com",
        "email_verified": False,
        "name": "erin@example.com",
        "nickname": "erin",
        "picture": "http://127.0.0.1:8001/avatars/E.svg",
        "identities": [
            {
                "connection": "Username-Password-Authentication",
                "user_id": user.pk,
                "provider": "auth0",
                "isSocial": False,
            }
        ],
        "app_metadata": {"firm_id": "other-firm", "contact_id": "c-9"},
        "user_metadata": {},
        "blocked": False,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
        "last_login": None,
    }
    assert len(user.pk) == 24
    assert int(user.pk, 16) >= 0
    assert body["created_at"].endswith("Z")
    assert user.check_password("a-long-and-unusual-passphrase")


def test_create_user_without_password_makes_an_account_that_cannot_sign_in(mgmt):
    body = create_body(given_name="Erin", family_name="Other", name="Erin Other")
    del body["password"]

    response = post_json(mgmt, "/api/v2/users", body)

    assert response.status_code == 201
    assert response.json()["given_name"] == "Erin"
    assert response.json()["family_name"] == "Other"
    assert User.objects.get().has_usable_password() is False


def test_duplicate_email_is_409_with_auth0s_body(mgmt, carol):
    response = post_json(mgmt, "/api/v2/users", create_body(email="CAROL@example.com"))

    assert response.status_code == 409
    assert response.json() == {
        "statusCode": 409,
        "error": "Conflict",
        "message": "The user already exists.",
        "errorCode": "auth0_idp_error",
    }
    assert User.objects.count() == 1


def test_weak_password_is_400_password_strength_error(mgmt):
    response = post_json(mgmt, "/api/v2/users", create_body(password="password123"))

    assert response.status_code == 400
    assert response.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "PasswordStrengthError: Password is too weak",
        "errorCode": "invalid_password",
    }
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "message", "error_code"),
    [
        (
            {"connection": None},
            "Payload validation error: 'Missing required property: connection'.",
            "invalid_body",
        ),
        (
            {"connection": "google-oauth2"},
            "The connection does not exist.",
            "inexistent_connection",
        ),
        (
            {"email": "not-an-email"},
            "Payload validation error: 'Object didn't pass validation for format email: "
            "not-an-email' on property email.",
            "invalid_body",
        ),
        (
            {"favourite_colour": "blue"},
            "Payload validation error: 'Additional properties not allowed: favourite_colour'.",
            "invalid_body",
        ),
        (
            {"blocked": "yes"},
            "Payload validation error: 'Expected type boolean but found type str' on property "
            "blocked.",
            "invalid_body",
        ),
    ],
)
def test_invalid_create_bodies_are_400(mgmt, change, message, error_code):
    body = {key: value for key, value in create_body(**change).items() if value is not None}

    response = post_json(mgmt, "/api/v2/users", body)

    assert response.status_code == 400
    assert response.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": message,
        "errorCode": error_code,
    }
    assert User.objects.count() == 0


def test_create_with_verify_email_sends_a_confirmation_link(
    mgmt, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(mgmt, "/api/v2/users", create_body(verify_email=True))

    assert response.status_code == 201
    [message] = mailoutbox
    assert message.to == ["erin@example.com"]
    assert message.subject == "Confirm your email address for Portico"
    assert "http://127.0.0.1:8001/u/email-verification?ticket=" in message.body


# --- GET /users, /users/{id}, /users-by-email ----------------------------------------------


def test_get_user_by_url_encoded_id(mgmt, carol):
    response = mgmt.get(f"/api/v2/users/auth0%7C{carol.pk}")

    assert response.status_code == 200
    assert response.json()["user_id"] == f"auth0|{carol.pk}"
    assert response.json()["app_metadata"] == {"firm_id": "harbor-vale", "contact_id": "c-101"}


def test_get_user_with_fields_returns_only_those(mgmt, carol):
    response = mgmt.get(f"/api/v2/users/auth0|{carol.pk}", {"fields": "user_id,email"})

    assert response.json() == {"user_id": f"auth0|{carol.pk}", "email": "carol@example.com"}


def test_get_missing_user_is_404_inexistent_user(mgmt):
    response = mgmt.get("/api/v2/users/auth0|0123456789abcdef01234567")

    assert response.status_code == 404
    assert response.json() == {
        "statusCode": 404,
        "error": "Not Found",
        "message": "The user does not exist.",
        "errorCode": "inexistent_user",
    }


def test_users_by_email_is_exact_and_returns_a_list(mgmt, carol):
    found = mgmt.get("/api/v2/users-by-email", {"email": "carol@example.com"})
    other_case = mgmt.get("/api/v2/users-by-email", {"email": "Carol@example.com"})
    missing = mgmt.get("/api/v2/users-by-email")

    assert found.status_code == 200
    assert [user["user_id"] for user in found.json()] == [f"auth0|{carol.pk}"]
    assert other_case.json() == []
    assert missing.status_code == 400


def test_list_users_pages_and_searches_by_email(mgmt, carol, dan):
    first_page = mgmt.get("/api/v2/users", {"per_page": 1, "page": 0, "include_totals": "true"})
    second_page = mgmt.get("/api/v2/users", {"per_page": 1, "page": 1})
    search = mgmt.get("/api/v2/users", {"q": 'email:"dan@example.com"'})

    assert first_page.json()["total"] == 2
    assert [u["email"] for u in first_page.json()["users"]] == ["carol@example.com"]
    assert [u["email"] for u in second_page.json()] == ["dan@example.com"]
    assert [u["email"] for u in search.json()] == ["dan@example.com"]


# --- PATCH /users/{id} ---------------------------------------------------------------------


def test_patch_merges_metadata_at_the_first_level_and_null_deletes(mgmt, carol):
    carol.app_metadata = {"firm_id": "harbor-vale", "contact_id": "c-101", "roles": ["a"]}
    carol.user_metadata = {"theme": "dark"}
    carol.save()

    response = patch_json(
        mgmt,
        f"/api/v2/users/auth0|{carol.pk}",
        {
            "app_metadata": {"contact_id": "c-202", "roles": ["b"], "firm_id": None},
            "user_metadata": {"lang": "en"},
            "name": "Carol C.",
        },
    )

    assert response.status_code == 200, response.content
    assert response.json()["app_metadata"] == {"contact_id": "c-202", "roles": ["b"]}
    assert response.json()["user_metadata"] == {"theme": "dark", "lang": "en"}
    assert response.json()["name"] == "Carol C."
    carol.refresh_from_db()
    assert carol.app_metadata == {"contact_id": "c-202", "roles": ["b"]}


def test_patch_with_an_empty_metadata_object_clears_it(mgmt, carol):
    response = patch_json(mgmt, f"/api/v2/users/auth0|{carol.pk}", {"app_metadata": {}})

    assert response.status_code == 200
    assert response.json()["app_metadata"] == {}


def test_patch_blocked_true_blocks_sign_in(mgmt, client, carol):
    response = patch_json(mgmt, f"/api/v2/users/auth0|{carol.pk}", {"blocked": True})

    assert response.status_code == 200
    assert response.json()["blocked"] is True
    assert sign_in(client, carol.email).status_code == 403


def test_patch_email_lowercases_and_unverifies_and_refuses_a_taken_one(mgmt, carol, dan):
    changed = patch_json(mgmt, f"/api/v2/users/auth0|{dan.pk}", {"email": "Dan.New@Example.com"})
    taken = patch_json(mgmt, f"/api/v2/users/auth0|{dan.pk}", {"email": "carol@example.com"})

    assert changed.json()["email"] == "dan.new@example.com"
    assert changed.json()["email_verified"] is False
    assert taken.status_code == 409
    dan.refresh_from_db()
    assert dan.email == "dan.new@example.com"


def test_patch_weak_password_is_refused_and_changes_nothing(mgmt, carol):
    response = patch_json(
        mgmt, f"/api/v2/users/auth0|{carol.pk}", {"password": "short", "blocked": True}
    )

    assert response.status_code == 400
    assert response.json()["message"] == "PasswordStrengthError: Password is too weak"
    carol.refresh_from_db()
    assert carol.blocked is False


def test_patch_missing_user_is_404(mgmt):
    response = patch_json(mgmt, "/api/v2/users/auth0|0123456789abcdef01234567", {"blocked": True})

    assert response.status_code == 404
    assert response.json()["errorCode"] == "inexistent_user"


def test_patch_app_metadata_needs_only_the_app_metadata_scope(client, carol):
    register_m2m_client(
        client_id="linker",
        client_secret="linker-secret",
        name="Linker",
        audience=MGMT,
        scopes=["update:users_app_metadata"],
    )
    token = token_for(client, client_id="linker", secret="linker-secret", audience=MGMT)
    linker = Client(headers={"Authorization": f"Bearer {token['access_token']}"})

    allowed = patch_json(linker, f"/api/v2/users/auth0|{carol.pk}", {"app_metadata": {"x": 1}})
    refused = patch_json(linker, f"/api/v2/users/auth0|{carol.pk}", {"blocked": True})

    assert allowed.status_code == 200
    assert refused.status_code == 403
    assert refused.json() == {
        "statusCode": 403,
        "error": "Forbidden",
        "message": "Insufficient scope, expected any of: update:users",
        "errorCode": "insufficient_scope",
    }
    carol.refresh_from_db()
    assert carol.blocked is False


# --- DELETE /users/{id} --------------------------------------------------------------------


def test_delete_removes_the_user_their_tokens_and_their_idp_sessions(mgmt, portal, carol):
    browser = Client()
    pkce = new_pkce()
    sign_in(browser, carol.email)
    exchange_code(browser, get_code(browser, pkce), pkce.verifier)
    get_code(browser, new_pkce())
    session_key = browser.cookies["idp_sessionid"].value
    assert AccessToken.objects.filter(user=carol).count() == 1
    assert Grant.objects.filter(user=carol).count() == 1

    response = mgmt.delete(f"/api/v2/users/auth0%7C{carol.pk}")

    assert response.status_code == 204
    assert response.content == b""
    assert User.objects.filter(pk=carol.pk).exists() is False
    assert AccessToken.objects.filter(user_id=carol.pk).count() == 0
    assert IDToken.objects.filter(user_id=carol.pk).count() == 0
    assert Grant.objects.filter(user_id=carol.pk).count() == 0
    assert SignInSession.objects.count() == 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert store().exists(session_key) is False


def test_delete_twice_is_204_both_times(mgmt, carol):
    first = mgmt.delete(f"/api/v2/users/auth0|{carol.pk}")
    second = mgmt.delete(f"/api/v2/users/auth0|{carol.pk}")

    assert first.status_code == 204
    assert second.status_code == 204


@pytest.mark.parametrize("user_id", ["carol", "auth0|xyz", "google-oauth2|123", "auth0|ABCDEF"])
def test_delete_with_a_malformed_id_is_400(mgmt, carol, user_id):
    response = mgmt.delete(f"/api/v2/users/{user_id}")

    assert response.status_code == 400
    assert response.json()["errorCode"] == "invalid_uri"
    assert User.objects.count() == 1


# --- auth, scopes, rate limit --------------------------------------------------------------


def test_missing_or_bad_token_is_401(client, carol):
    missing = client.get(f"/api/v2/users/auth0|{carol.pk}")
    garbage = client.get(
        f"/api/v2/users/auth0|{carol.pk}", headers={"Authorization": "Bearer not.a.jwt"}
    )

    assert missing.status_code == 401
    assert missing.json() == {
        "statusCode": 401,
        "error": "Unauthorized",
        "message": "Missing authentication",
        "errorCode": "invalid_token",
    }
    assert garbage.status_code == 401
    assert garbage.json()["message"] == "Invalid token"


def test_a_persons_userinfo_token_cannot_call_the_management_api(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)
    token = exchange_code(client, get_code(client, pkce), pkce.verifier).json()["access_token"]

    response = client.get("/api/v2/users", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401


def test_a_persons_token_for_the_management_audience_is_still_refused(client, portal, carol):
    pkce = new_pkce()
    sign_in(client, carol.email)
    code = get_code(client, pkce, audience=MGMT)
    token = exchange_code(client, code, pkce.verifier).json()["access_token"]

    response = client.get("/api/v2/users", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401
    assert response.json()["message"] == "Invalid token"


def test_a_revoked_management_token_stops_working(mgmt, carol):
    AccessToken.objects.all().delete()

    response = mgmt.get(f"/api/v2/users/auth0|{carol.pk}")

    assert response.status_code == 401


def test_an_expired_management_token_stops_working(mgmt, carol):
    AccessToken.objects.update(expires="2000-01-01T00:00:00Z")

    response = mgmt.get(f"/api/v2/users/auth0|{carol.pk}")

    assert response.status_code == 401


def test_read_only_client_cannot_create(client):
    register_m2m_client(
        client_id="reader",
        client_secret="reader-secret",
        name="Reader",
        audience=MGMT,
        scopes=["read:users"],
    )
    token = token_for(client, client_id="reader", secret="reader-secret", audience=MGMT)
    reader = Client(headers={"Authorization": f"Bearer {token['access_token']}"})

    response = post_json(reader, "/api/v2/users", create_body())

    assert response.status_code == 403
    assert response.json()["errorCode"] == "insufficient_scope"
    assert User.objects.count() == 0


def test_every_reply_carries_rate_limit_headers(mgmt, client, carol, monkeypatch):
    monkeypatch.setattr(ratelimit, "now", lambda: 1_900_000_000.25)

    ok = mgmt.get(f"/api/v2/users/auth0|{carol.pk}")
    not_found = mgmt.get("/api/v2/users/auth0|0123456789abcdef01234567")
    unauthorized = client.get("/api/v2/users")

    assert ok["X-RateLimit-Limit"] == "50"
    assert ok["X-RateLimit-Remaining"] == "49"
    assert ok["X-RateLimit-Reset"] == "1900000001"
    assert not_found["X-RateLimit-Remaining"] == "48"
    assert unauthorized["X-RateLimit-Limit"] == "50"


def test_past_the_limit_the_client_gets_429_too_many_requests(mgmt, carol, settings, monkeypatch):
    settings.IDP_MGMT_RATE_LIMIT = 2
    monkeypatch.setattr(ratelimit, "now", lambda: 1_900_000_000.5)

    statuses = [mgmt.get(f"/api/v2/users/auth0|{carol.pk}").status_code for _ in range(2)]
    limited = mgmt.delete(f"/api/v2/users/auth0|{carol.pk}")

    assert statuses == [200, 200]
    assert limited.status_code == 429
    assert limited.json() == {
        "statusCode": 429,
        "error": "Too Many Requests",
        "message": "Global limit has been reached",
        "errorCode": "too_many_requests",
    }
    assert limited["X-RateLimit-Remaining"] == "0"
    assert limited["X-RateLimit-Reset"] == "1900000001"
    assert User.objects.filter(pk=carol.pk).exists()
    monkeypatch.setattr(ratelimit, "now", lambda: 1_900_000_001.5)
    assert mgmt.get(f"/api/v2/users/auth0|{carol.pk}").status_code == 200


def test_malformed_json_is_400(mgmt):
    response = mgmt.post("/api/v2/users", data="{oops", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errorCode"] == "invalid_body"


def test_many_users_list_is_capped_at_100_per_page(mgmt):
    UserFactory.create_batch(3)

    response = mgmt.get("/api/v2/users", {"per_page": 1000, "include_totals": "true"})

    assert response.json()["limit"] == 100
    assert response.json()["length"] == 3


def test_unknown_management_path_is_an_auth0_shaped_404(mgmt):
    response = mgmt.get("/api/v2/connections")

    assert response.status_code == 404
    assert response.json() == {
        "statusCode": 404,
        "error": "Not Found",
        "message": "Not Found",
        "errorCode": "not_found",
    }
    assert response["X-RateLimit-Limit"] == "50"


def test_unsupported_method_is_405_in_auth0_shape(mgmt, carol):
    response = mgmt.put(f"/api/v2/users/auth0|{carol.pk}")

    assert response.status_code == 405
    assert response.json()["statusCode"] == 405


def test_an_unexpected_failure_is_a_json_500(mgmt, carol, monkeypatch):
    def explode(user):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("idp.mgmt.views.user_json", explode)

    response = mgmt.get(f"/api/v2/users/auth0|{carol.pk}")

    assert response.status_code == 500
    assert response.json() == {
        "statusCode": 500,
        "error": "Internal Server Error",
        "message": "Internal error",
        "errorCode": "internal_error",
    }
