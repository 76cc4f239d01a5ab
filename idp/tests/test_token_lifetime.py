"""People's access tokens for an API are short-lived: a JWT cannot be recalled once issued."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from idp.oidc.actions import register_api
from idp.oidc.models import ApiResource
from idp.oidc.tokens import management_audience
from idp.tests.helpers import ADMIN_CLIENT_ID, ADMIN_SECRET, sign_in, sign_in_tokens, token_for
from idp.tests.test_code_flow import verified_claims

pytestmark = pytest.mark.django_db
API = "http://127.0.0.1:8000/api/v1"


def test_a_persons_token_for_an_api_lasts_ten_minutes_by_default(client, portal, carol):
    register_api(identifier=API, name="Staff API")
    sign_in(client, carol.email)

    body = sign_in_tokens(client, audience=API)

    assert body["expires_in"] == 600
    claims = verified_claims(client, body["access_token"])[1]
    assert claims["exp"] - claims["iat"] == 600


def test_the_default_follows_the_setting(client, portal, carol, settings):
    settings.IDP_ACCESS_TOKEN_LIFETIME = 120
    register_api(identifier=API, name="Staff API")
    sign_in(client, carol.email)

    assert sign_in_tokens(client, audience=API)["expires_in"] == 120


def test_register_api_token_lifetime_sets_it_per_api(client, portal, carol):
    call_command(
        "register_api",
        f"--identifier={API}",
        "--name=Staff API",
        "--token-lifetime=300",
        stdout=StringIO(),
    )
    sign_in(client, carol.email)

    assert ApiResource.objects.get(identifier=API).token_lifetime == 300
    assert sign_in_tokens(client, audience=API)["expires_in"] == 300


def test_register_api_refuses_a_lifetime_out_of_range():
    with pytest.raises(CommandError, match="between 60 seconds and 30 days"):
        call_command("register_api", f"--identifier={API}", "--name=x", "--token-lifetime=5")


def test_userinfo_only_and_client_credentials_tokens_keep_a_day(client, portal, admin_app, carol):
    sign_in(client, carol.email)

    assert sign_in_tokens(client)["expires_in"] == 86400
    machine = token_for(
        client, client_id=ADMIN_CLIENT_ID, secret=ADMIN_SECRET, audience=management_audience()
    )
    assert machine["expires_in"] == 86400
