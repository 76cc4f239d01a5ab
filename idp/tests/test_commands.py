"""`python -m idp register_*`: idempotent setup used by `make run` and the practice app's tests."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from oauth2_provider.models import Application

from idp.oidc.models import ApiResource, ClientGrant

pytestmark = pytest.mark.django_db
MGMT = "http://127.0.0.1:8001/api/v2/"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_register_client_twice_updates_uris_and_keeps_the_app():
    run(
        "register_client",
        "--client-id=portal",
        "--client-secret=first-secret",
        "--name=Portal",
        "--redirect-uri=http://127.0.0.1:8000/accounts/callback/",
        "--logout-uri=http://127.0.0.1:8000/accounts/signed-out/",
    )
    first = Application.objects.get(client_id="portal")

    output = run(
        "register_client",
        "--client-id=portal",
        "--client-secret=second-secret",
        "--name=Portal",
        "--redirect-uri=http://127.0.0.1:8000/accounts/callback/",
        "--redirect-uri=http://localhost:8000/accounts/callback/",
        "--logout-uri=http://127.0.0.1:8000/accounts/signed-out/",
    )

    assert output == "Registered web application portal\n"
    app = Application.objects.get(client_id="portal")
    assert app.pk == first.pk
    assert app.redirect_uris.split() == [
        "http://127.0.0.1:8000/accounts/callback/",
        "http://localhost:8000/accounts/callback/",
    ]
    assert app.post_logout_redirect_uris == "http://127.0.0.1:8000/accounts/signed-out/"
    assert app.client_type == Application.CLIENT_CONFIDENTIAL
    assert app.authorization_grant_type == Application.GRANT_AUTHORIZATION_CODE
    assert app.algorithm == Application.RS256_ALGORITHM
    assert app.skip_authorization is True
    assert app.hash_client_secret is True
    assert app.client_secret != "second-secret"
    assert app.client_secret.startswith("md5$")


def test_register_m2m_client_grants_scopes_on_the_management_api():
    run(
        "register_m2m_client",
        "--client-id=admin",
        "--client-secret=admin-secret",
        "--name=Admin",
        f"--audience={MGMT}",
        "--scopes=read:users create:users",
    )
    run(
        "register_m2m_client",
        "--client-id=admin",
        "--client-secret=admin-secret",
        "--name=Admin",
        f"--audience={MGMT}",
        "--scopes=read:users delete:users",
    )

    grant = ClientGrant.objects.get()
    assert grant.application.client_id == "admin"
    assert grant.audience_id == MGMT
    assert grant.scope_list == ["read:users", "delete:users"]
    assert grant.application.authorization_grant_type == Application.GRANT_CLIENT_CREDENTIALS


def test_register_m2m_client_for_an_unknown_api_fails_without_creating_the_app():
    with pytest.raises(CommandError, match="No API is registered as 'http://nope/'"):
        run(
            "register_m2m_client",
            "--client-id=stray",
            "--client-secret=stray-secret",
            "--name=Stray",
            "--audience=http://nope/",
            "--scopes=read:things",
        )

    assert Application.objects.filter(client_id="stray").exists() is False


def test_register_api_is_idempotent_and_the_management_api_exists_after_migrate():
    run("register_api", "--identifier=http://127.0.0.1:8000/api/v1", "--name=Staff API")
    run("register_api", "--identifier=http://127.0.0.1:8000/api/v1", "--name=Portico staff API")

    assert sorted(ApiResource.objects.values_list("identifier", "name")) == [
        ("http://127.0.0.1:8000/api/v1", "Portico staff API"),
        (MGMT, "Auth0-compatible Management API"),
    ]
