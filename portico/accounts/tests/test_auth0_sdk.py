"""Auth0's own Python SDK, pointed at the bundled identity service, gets Auth0's answers: a sign
that the adapter (and anything written for Auth0) works against either."""

from __future__ import annotations

import pytest
from auth0.authentication import GetToken
from auth0.management import Auth0
from auth0.management.errors import ConflictError, NotFoundError

from portico.testing.identity import unique_email

pytestmark = pytest.mark.identity


@pytest.fixture
def sdk(identity_service) -> Auth0:
    token = GetToken(
        identity_service.domain,
        identity_service.mgmt_client_id,
        client_secret=identity_service.mgmt_client_secret,
        protocol="http",
    ).client_credentials(f"{identity_service.issuer}api/v2/")
    # Creates are never retried: a retried create after a lost reply makes a second user.
    return Auth0(
        base_url=f"{identity_service.issuer}api/v2", token=token["access_token"], max_retries=0
    )


def test_the_auth0_sdk_creates_finds_refuses_a_duplicate_and_deletes(sdk):
    email = unique_email("sdk")
    user = sdk.users.create(
        connection="Username-Password-Authentication", email=email, email_verified=False
    )
    assert user.user_id.startswith("auth0|") and user.email == email
    assert sdk.users.get(user.user_id).email == email
    with pytest.raises(ConflictError) as duplicate:
        sdk.users.create(connection="Username-Password-Authentication", email=email)
    assert duplicate.value.status_code == 409
    sdk.users.delete(user.user_id)
    sdk.users.delete(user.user_id)
    with pytest.raises(NotFoundError):
        sdk.users.get(user.user_id)
