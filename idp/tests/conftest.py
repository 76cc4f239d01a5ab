"""Shared fixtures for the identity service's tests.

Run from the repository root:
    .venv/bin/python -m pytest --ds=idp.config.settings --rootdir . idp/tests
"""

import pytest
from django.core.cache import cache
from django.test import Client

from idp.oidc import actions as oidc_actions
from idp.oidc.tokens import management_audience
from idp.tests.factories import UserFactory
from idp.tests.helpers import (
    ADMIN_CLIENT_ID,
    ADMIN_SECRET,
    PORTAL_CALLBACK,
    PORTAL_CLIENT_ID,
    PORTAL_HOME,
    PORTAL_SECRET,
    SPA_CALLBACK,
    SPA_CLIENT_ID,
    SPA_ORIGIN,
    token_for,
)
from idp.tests.receiver import receiver  # noqa: F401 (a fixture)
from portico.testing.identity import identity_service  # noqa: F401 (a fixture)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # Argon2 at production cost makes every password and client secret ~100 ms; one test
    # checks that production settings still put it first.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.IDP_SEND_EMAIL_IN_BACKGROUND = False
    # Back-channel logouts go out on commit, in the test's thread, retrying without waiting.
    settings.IDP_BACKCHANNEL_IN_BACKGROUND = False
    settings.IDP_BACKCHANNEL_RETRY_DELAYS = (0, 0)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def portal(db):
    return oidc_actions.register_client(
        client_id=PORTAL_CLIENT_ID,
        client_secret=PORTAL_SECRET,
        name="Portico portal",
        redirect_uris=[PORTAL_CALLBACK],
        logout_uris=[PORTAL_HOME],
    )


@pytest.fixture
def spa(db):
    """A single-page application: public, PKCE, its page at SPA_ORIGIN."""
    return oidc_actions.register_client(
        client_id=SPA_CLIENT_ID,
        name="Client portal (SPA)",
        public=True,
        redirect_uris=[SPA_CALLBACK],
        logout_uris=[SPA_ORIGIN + "/"],
        web_origins=[SPA_ORIGIN],
    )


@pytest.fixture
def admin_app(db):
    return oidc_actions.register_m2m_client(
        client_id=ADMIN_CLIENT_ID,
        client_secret=ADMIN_SECRET,
        name="Portico admin adapter",
        audience=management_audience(),
        scopes=oidc_actions.MANAGEMENT_SCOPES,
    )


@pytest.fixture
def carol(db):
    return UserFactory(
        email="carol@example.com",
        name="Carol Client",
        email_verified=True,
        app_metadata={"firm_id": "harbor-vale", "contact_id": "c-101"},
    )


@pytest.fixture
def dan(db):
    return UserFactory(email="dan@example.com", name="Dan Client")


@pytest.fixture
def mgmt(client, admin_app):
    """A test client that sends the admin app's Management API token."""
    token = token_for(
        client, client_id=ADMIN_CLIENT_ID, secret=ADMIN_SECRET, audience=management_audience()
    )["access_token"]
    return Client(headers={"Authorization": f"Bearer {token}"})
