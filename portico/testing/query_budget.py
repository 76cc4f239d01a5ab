"""How many SQL queries each portal page and main workspace page may make, whatever the firm's
size. Pinned by portico/core/tests/test_query_budget.py and shown by `make bench`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Budget:
    name: str
    who: str  # "client" (portal) or "staff" (workspace)
    path: Callable[[dict], str]  # from {"case": id, "contact": id}
    most: int


# The goal is 8 on every portal page, counted on PostgreSQL with the one `set_config`
# that scopes the transaction (these pins leave it out, so they hold on both databases: 7 here
# is 8 there). The middleware reads the session, then in one query the portal account with its
# firm, its contact and the latest sign-in cutoff (2); the home then reads the contact's emails,
# phones and addresses (3) and the cases and leads (2), and the intake answers only of matters
# that have an intake form. A case page reads the case with the client's trust balance summed
# in (1), its timeline as one UNION of status updates and stage changes (1), the client's
# invoices (1), documents (1) and messages (1). Each pin below is today's count: a page may get
# cheaper, never dearer.
PORTAL_MOST = 7

BUDGETS = [
    Budget("portal home", "client", lambda ids: "/portal/", 7),
    Budget("portal case page", "client", lambda ids: f"/portal/cases/{ids['case']}/", 7),
    Budget("portal profile", "client", lambda ids: "/portal/profile/", 5),
    Budget("portal API me", "client", lambda ids: "/portal/api/v1/me", 5),
    Budget("portal API matters", "client", lambda ids: "/portal/api/v1/matters", 4),
    Budget("workspace home", "staff", lambda ids: "/workspace/", 7),
    Budget("workspace directory", "staff", lambda ids: "/workspace/clients/", 4),
    Budget("workspace search", "staff", lambda ids: "/workspace/clients/?q=marsh", 4),
    Budget("workspace contact", "staff", lambda ids: f"/workspace/clients/{ids['contact']}/", 12),
    # (one more since it is paged: the count, capped a few pages ahead, portico/core/paging.py)
    Budget("workspace case list", "staff", lambda ids: "/workspace/cases/", 5),
    Budget("workspace case", "staff", lambda ids: f"/workspace/cases/{ids['case']}/", 16),
]


def count_queries(client: Client, path: str) -> tuple[int, int]:
    """(status, queries) of one GET, after a first one warmed the caches a process keeps.

    Transaction control (BEGIN, COMMIT, savepoints: how a test's transaction nests the
    request's) is left out, and so are the `set_config` calls that scope a PostgreSQL
    transaction for row-level security (one per request), so the pins hold on both
    databases; `make bench` counts the same way."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path).status_code
    statements = [q["sql"] for q in captured.captured_queries]
    return status, sum(
        1 for sql in statements if not sql.startswith(TRANSACTION_CONTROL) and RLS_SCOPE not in sql
    )


RLS_SCOPE = "set_config("
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "COMMIT")
