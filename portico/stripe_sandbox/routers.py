"""Where the sandbox keeps its books.

On PostgreSQL it shares the app's database: row locks keep a request that waits on the sandbox
from blocking the sandbox's own writes. On the embedded SQLite database, where one writer at a
time holds the whole file, the sandbox gets a file of its own (`stripe_sandbox.sqlite3` beside
the app's), as Stripe keeps its books on its own servers: a Pay Now request holds the app's
write lock while it waits for the sandbox to create the Checkout Session, and the sandbox
writes that session elsewhere instead of waiting for the same lock.
"""

from __future__ import annotations

from django.db import router

ALIAS = "stripe_sandbox"
APP_LABEL = "stripe_sandbox"


class OwnDatabase:
    """Sends the sandbox's models to the `stripe_sandbox` database and nothing else there."""

    def db_for_read(self, model, **hints) -> str | None:
        return ALIAS if model._meta.app_label == APP_LABEL else None

    db_for_write = db_for_read

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return (app_label == APP_LABEL) == (db == ALIAS)


def sandbox_db() -> str:
    """The database alias the sandbox writes to (`default` when it has none of its own)."""
    from portico.stripe_sandbox.models import SandboxObject

    return router.db_for_write(SandboxObject)
