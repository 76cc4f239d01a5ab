"""What every signed-in request costs before its view runs, for pinned query counts."""

from django.db import connection


def request_overhead() -> int:
    # The request's savepoint and its release, the session, and the staff member (or portal
    # account, with its firm and contact) read together with the person's sign-in cutoff; on
    # PostgreSQL also the one statement that scopes the transaction for row-level security.
    return 4 + (1 if connection.vendor == "postgresql" else 0)
