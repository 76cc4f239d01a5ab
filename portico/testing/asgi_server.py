"""The web process as production runs it: the ASGI application (the front's live streams, then
Django) under uvicorn, here in a thread of the test process so it shares the test database
and settings. `asgi_web_with_identity` signs in at the real identity service."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

import pytest

from portico.testing.identity import WEB_CLIENT_ID, WEB_CLIENT_SECRET, free_port


@contextlib.contextmanager
def sqlite_readers_never_block() -> Iterator[None]:
    """Let the server's threads share the in-memory test database as separate processes would
    share a file.

    On SQLite the test database is an in-memory one in shared-cache mode, where a connection
    reading a table inside a transaction makes another's write to it fail at once ("database
    table is locked") instead of waiting, as it would on a file. The live streams and the
    requests run on threads of their own, each with its own connection, so connections opened
    while this is in force read without taking table locks (`PRAGMA read_uncommitted`, which
    only shared-cache mode honours). PostgreSQL needs nothing of the kind."""
    from django.db.backends.signals import connection_created

    def no_read_locks(sender, connection, **kwargs) -> None:
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA read_uncommitted = 1")

    connection_created.connect(no_read_locks, weak=False, dispatch_uid="test-no-read-locks")
    try:
        yield
    finally:
        connection_created.disconnect(dispatch_uid="test-no-read-locks")


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
    with sqlite_readers_never_block():
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
