"""After PostgreSQL restarts (or a failover drops every connection), the next page loads: the
web process's pooled connections are checked as they are taken, and dead ones replaced, so
nobody meets an error for a connection the database already closed."""

from __future__ import annotations

import httpx
import psycopg
import pytest
from django.conf import settings
from django.db import connection

from portico.testing.asgi_server import UvicornThread
from portico.testing.identity import free_port
from portico.testing.sessions import session_key_of

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="only PostgreSQL pools connections that a restart can drop; CI runs it on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


def drop_every_connection() -> int:
    """What a restart does to the web process: every connection it holds is closed."""
    s = connection.settings_dict
    conninfo = psycopg.conninfo.make_conninfo(
        host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, dbname=s["NAME"], user=s["USER"]
    )
    with psycopg.connect(conninfo, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    connection.close()  # the test's own, which tidies the database up afterwards
    return len(rows)


@pytest.fixture
def web(settings):
    """The web process as production serves it (each request takes a pooled connection and
    gives it back), in a thread of the test process."""
    from portico.config.asgi import application

    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    server = UvicornThread(application, free_port())
    server.start()
    yield server.url
    server.stop()


def test_pages_load_again_right_after_the_database_dropped_every_connection(web, as_alice):
    cookies = {settings.SESSION_COOKIE_NAME: session_key_of(as_alice)}
    with httpx.Client(base_url=web, cookies=cookies, timeout=30) as browser:
        for _ in range(3):
            assert browser.get("/workspace/clients/").status_code == 200
        assert drop_every_connection() >= 1

        for _ in range(5):
            page = browser.get("/workspace/clients/")
            assert page.status_code == 200
            assert "Carol" in page.text or "clients" in page.text.lower()
