"""What every signed-in workspace request costs before its view runs, for pinned query counts."""

from django.db import connection


def request_overhead() -> int:
    # The request's savepoint and its release, the session, the person's sign-in cutoff and
    # the staff member; on PostgreSQL also setting the identity and the firm for row-level
    # security.
    return 5 + (2 if connection.vendor == "postgresql" else 0)
