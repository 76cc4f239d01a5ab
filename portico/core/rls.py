"""Row-level security: the database half of the firm wall.

On PostgreSQL each firm-owned table gets a policy that shows a row only when its `firm_id`
equals `app.firm_id`, set with `set_config(..., true)` (transaction-local, so a pooled
connection never carries one request's firm into the next). With no firm set the setting is
NULL and every firm-owned table reads as empty: fail closed. On SQLite these are no-ops and the
ORM scoping alone holds the wall.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import connection
from django.db.migrations.operations.base import Operation


def _on_postgres(conn=connection) -> bool:
    return conn.vendor == "postgresql"


def activate_firm(firm_id: uuid.UUID | str | None) -> None:
    """Scope the current transaction to one firm (no-op outside PostgreSQL)."""
    if _on_postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('app.firm_id', %s, true)", [str(firm_id) if firm_id else ""]
            )


def activate_identity(
    sub: str | None = None,
    api_key_fingerprint: str | None = None,
    firm_id: uuid.UUID | str | None = None,
) -> None:
    """Let the transaction find the memberships of one identity (or one API key) before any
    firm is known: the policies on those tables also admit rows matching these values. With
    `firm_id` (the firm a session names, to be confirmed by what is read next), the same
    statement scopes the transaction to that firm too; the caller clears it with
    `activate_firm(None)` when the firm is not confirmed."""
    if _on_postgres():
        sql = "SELECT set_config('app.sub', %s, true), set_config('app.api_key_fingerprint', %s, true)"
        params = [sub or "", api_key_fingerprint or ""]
        if firm_id:
            sql += ", set_config('app.firm_id', %s, true)"
            params.append(str(firm_id))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


FIRM_MATCH = "firm_id = NULLIF(current_setting('app.firm_id', true), '')::uuid"


class EnableFirmRowSecurity(Operation):
    """Enable and force row-level security on a firm-owned table.

    `extra_using` widens who may read (never who may write): e.g. a staff member looking up
    their own memberships by `sub` before their firm is known.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(self, table: str, extra_using: str = "", match: str = FIRM_MATCH) -> None:
        self.table = table
        self.extra_using = extra_using
        self.match = match

    def deconstruct(self):
        kwargs = {"table": self.table}
        if self.extra_using:
            kwargs["extra_using"] = self.extra_using
        if self.match != FIRM_MATCH:
            kwargs["match"] = self.match
        return (self.__class__.__name__, [], kwargs)

    def state_forwards(self, app_label, state) -> None:
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if not _on_postgres(schema_editor.connection):
            return
        using = f"({self.match})" + (f" OR ({self.extra_using})" if self.extra_using else "")
        t = schema_editor.quote_name(self.table)
        for sql in (
            f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS firm_wall_read ON {t}",
            f"DROP POLICY IF EXISTS firm_wall_write ON {t}",
            f"DROP POLICY IF EXISTS firm_wall_update ON {t}",
            f"DROP POLICY IF EXISTS firm_wall_delete ON {t}",
            f"CREATE POLICY firm_wall_read ON {t} FOR SELECT USING ({using})",
            f"CREATE POLICY firm_wall_write ON {t} FOR INSERT WITH CHECK ({self.match})",
            f"CREATE POLICY firm_wall_update ON {t} FOR UPDATE "
            f"USING ({self.match}) WITH CHECK ({self.match})",
            f"CREATE POLICY firm_wall_delete ON {t} FOR DELETE USING ({self.match})",
        ):
            schema_editor.execute(sql)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if not _on_postgres(schema_editor.connection):
            return
        t = schema_editor.quote_name(self.table)
        for name in ("read", "write", "update", "delete"):
            schema_editor.execute(f"DROP POLICY IF EXISTS firm_wall_{name} ON {t}")
        schema_editor.execute(f"ALTER TABLE {t} NO FORCE ROW LEVEL SECURITY")
        schema_editor.execute(f"ALTER TABLE {t} DISABLE ROW LEVEL SECURITY")

    def describe(self) -> str:
        return f"Enable forced row-level security on {self.table}"


def grant_app_role(sender=None, using: str = "default", **kwargs) -> None:
    """Grant the app role data (not schema) privileges. `migrate` has checked the role first
    (core/startup.py): it exists, may log in, owns nothing and bypasses nothing."""
    from django.db import connections

    conn = connections[using]
    if not _on_postgres(conn):
        return
    role = settings.DATABASE_APP_ROLE
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            return
        cursor.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        cursor.execute(
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"'
        )
        cursor.execute(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
