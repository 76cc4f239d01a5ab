"""What the payment browser journeys share: the practice app served as production serves it,
with the payment sandbox and its signed webhooks reached over real HTTP."""

from __future__ import annotations

import pytest

from portico.payments import gateway
from portico.testing.asgi_server import UvicornThread, sqlite_readers_never_block
from portico.testing.identity import free_port


@pytest.fixture
def web(settings, transactional_db):
    """The practice app served over HTTP as production serves it; the adapter and the
    sandbox's webhooks talk to it over HTTP too."""
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from portico.config.asgi import application

    server = UvicornThread(ASGIStaticFilesHandler(application), free_port())
    with sqlite_readers_never_block():
        server.start()
        settings.STRIPE_API_BASE = f"{server.url}/_sandbox/stripe"
        settings.STRIPE_SANDBOX_WEBHOOK_URL = f"{server.url}/payments/webhook"
        settings.ALLOWED_HOSTS = ["*"]
        gateway._trust_account.cache_clear()
        try:
            yield server.url
        finally:
            server.stop()
            gateway._trust_account.cache_clear()
