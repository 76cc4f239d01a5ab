"""The web process as production runs it: the ASGI application (the front's live streams, then
Django) under uvicorn, here in a thread of the test process so it shares the test database
and settings. `asgi_web_with_identity` signs in at the real identity service."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from portico.testing.identity import WEB_CLIENT_ID, WEB_CLIENT_SECRET, free_port


class UvicornThread:
    def __init__(self, app, port: int) -> None:
        import uvicorn

        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{port}"

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def asgi_web_with_identity(identity_service, identity_settings, transactional_db) -> Iterator[str]:
    """The practice app's ASGI application served over HTTP, signing in at the running
    identity service; yields its base URL."""
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from portico.config.asgi import application

    # Static files from the apps' folders, as pytest-django's live server serves them.
    server = UvicornThread(ASGIStaticFilesHandler(application), free_port())
    server.start()
    base = server.url
    identity_service.register_client(WEB_CLIENT_ID, WEB_CLIENT_SECRET, base)
    identity_service._registered_for = base
    identity_settings.PORTICO_BASE_URL = base
    identity_settings.PORTICO_API_AUDIENCE = f"{base}/api/v1"
    identity_settings.CSRF_TRUSTED_ORIGINS = [base]
    identity_settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    try:
        yield base
    finally:
        server.stop()
