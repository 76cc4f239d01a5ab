"""Fixtures for proving row-level security as the app role (PostgreSQL only)."""

from __future__ import annotations

import contextlib

import psycopg
import pytest
from django.conf import settings
from django.db import connection


def ensure_app_role() -> None:
    """Create DATABASE_APP_ROLE (LOGIN NOSUPERUSER NOBYPASSRLS) if the cluster lacks it, as the
    production guide's SQL does; a no-op on SQLite."""
    s = settings.DATABASES["default"]
    if s["ENGINE"] != "django.db.backends.postgresql":
        return
    role = settings.DATABASE_APP_ROLE
    conninfo = psycopg.conninfo.make_conninfo(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        dbname="postgres",
        user=s["USER"] or "postgres",
        password=s["PASSWORD"] or None,
    )
    with psycopg.connect(conninfo, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
            conn.execute(f'ALTER ROLE "{role}" LOGIN')
        else:
            # (another test run may make it a moment before us)
            with contextlib.suppress(psycopg.errors.DuplicateObject):
                conn.execute(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS')


@pytest.fixture
def app_role_dsn() -> str:
    role = settings.DATABASE_APP_ROLE
    with connection.cursor() as cursor:
        # The migration made the role; a deployment gives it a password, the test lets it log in.
        cursor.execute(f'ALTER ROLE "{role}" LOGIN')
    s = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, dbname=s["NAME"], user=role
    )


@pytest.fixture
def django_as_app_role(app_role_dsn):
    """Point Django's own connection at the app role, as a production deployment does."""
    saved = connection.settings_dict["USER"]
    connection.close()
    if hasattr(connection, "close_pool"):
        connection.close_pool()
    connection.settings_dict["USER"] = settings.DATABASE_APP_ROLE
    yield
    connection.close()
    if hasattr(connection, "close_pool"):
        connection.close_pool()
    connection.settings_dict["USER"] = saved
