"""Checks at start on PostgreSQL: the database roles are what the firm wall needs.

Row-level security holds only for a role that neither owns the tables nor bypasses it. So
`migrate` (run as the owner) refuses when the app role it grants to is missing, cannot log in,
owns the tables or bypasses row-level security; and the web process refuses to start when it
connects as the owner or as such a role, unless PORTICO_ALLOW_OWNER_CONNECTION says that is on
purpose (development). Every message names the fix.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

GUIDE = "See docs/production.md, \u201cDatabases and roles\u201d."


def _role(cursor, name: str) -> tuple[bool, bool, bool] | None:
    cursor.execute(
        "SELECT rolcanlogin, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [name]
    )
    return cursor.fetchone()


def _owns_tables(cursor, name: str) -> bool:
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = %s)",
        [name],
    )
    return bool(cursor.fetchone()[0])


def app_role_problem(using: str = "default") -> str | None:
    """Why the app role cannot hold the firm wall, in plain words with the fix; or None."""
    conn = connections[using]
    if conn.vendor != "postgresql":
        return None
    role = settings.DATABASE_APP_ROLE
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        found = _role(cursor, role)
        if found is None:
            return (
                f"DATABASE_APP_ROLE is {role!r}, but PostgreSQL has no such role. Create it "
                f"(as a superuser: CREATE ROLE \"{role}\" LOGIN PASSWORD '...' NOSUPERUSER "
                "NOBYPASSRLS;) or set DATABASE_APP_ROLE to the role the app connects as, then "
                f"run migrate again. {GUIDE}"
            )
        can_login, is_super, bypasses = found
        if role == owner or _owns_tables(cursor, role):
            return (
                f"DATABASE_APP_ROLE is {role!r}, which owns the tables (migrate runs as "
                f"{owner!r}). Row-level security does not bind a table's owner: run migrate as "
                "the owner and the app as a separate role, and set DATABASE_APP_ROLE to that "
                f"role. {GUIDE}"
            )
        if is_super or bypasses:
            return (
                f"DATABASE_APP_ROLE is {role!r}, which bypasses row-level security "
                f"({'SUPERUSER' if is_super else 'BYPASSRLS'}). Fix it with: ALTER ROLE "
                f'"{role}" NOSUPERUSER NOBYPASSRLS; then run migrate again. {GUIDE}'
            )
        if not can_login:
            return (
                f"DATABASE_APP_ROLE is {role!r}, which cannot log in, so the app could not "
                f"connect. Fix it with: ALTER ROLE \"{role}\" LOGIN PASSWORD '...'; then run "
                f"migrate again. {GUIDE}"
            )
    return None


def connection_role_problem(using: str = "default") -> str | None:
    """Why the web process must not serve on this connection, or None."""
    conn = connections[using]
    if conn.vendor != "postgresql":
        return None
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_user")
        user = cursor.fetchone()[0]
        _login, is_super, bypasses = _role(cursor, user)
        if is_super or bypasses:
            why = "a superuser" if is_super else "a role with BYPASSRLS"
        elif _owns_tables(cursor, user):
            why = "the owner of the tables"
        else:
            return None
    return (
        f"The web process connects to PostgreSQL as {user!r}, {why}: row-level security would "
        "not keep firms apart. Point DATABASE_URL at the app role (DATABASE_APP_ROLE, which "
        "migrate granted its privileges), or set PORTICO_ALLOW_OWNER_CONNECTION=1 for "
        f"development only. {GUIDE}"
    )


def _checked_in_this_thread() -> str | None:
    try:
        return connection_role_problem()
    finally:
        connections["default"].close()


def refuse_unsafe_connection() -> None:
    """Called when the web process starts (config/asgi.py). Asked from a thread of its own:
    uvicorn's workers import the application inside their event loop."""
    if settings.PORTICO_ALLOW_OWNER_CONNECTION:
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        problem = pool.submit(_checked_in_this_thread).result()
    if problem:
        raise ImproperlyConfigured(problem)
