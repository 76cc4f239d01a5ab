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


# The goal is 8 on every portal page. The home and a case page are above it today:
# the session, the sign-in cutoff, the portal account and the contact's name are read by the
# middleware on every request (4), then the home reads the contact and its emails, phones and
# addresses (4) and the cases and leads (2), and the matters whose intake needs answers (1).
# A case page also reads the client's money: their invoices with their lines, and their
# trust balance (3). Each pin below is today's count: a page may get
# cheaper, never dearer.
PORTAL_MOST = 13

BUDGETS = [
    Budget("portal home", "client", lambda ids: "/portal/", 11),
    Budget("portal case page", "client", lambda ids: f"/portal/cases/{ids['case']}/", 13),
    Budget("portal profile", "client", lambda ids: "/portal/profile/", 8),
    Budget("portal API me", "client", lambda ids: "/portal/api/v1/me", 8),
    Budget("portal API matters", "client", lambda ids: "/portal/api/v1/matters", 6),
    Budget("workspace home", "staff", lambda ids: "/workspace/", 8),
    Budget("workspace directory", "staff", lambda ids: "/workspace/clients/", 5),
    Budget("workspace search", "staff", lambda ids: "/workspace/clients/?q=marsh", 5),
    Budget("workspace contact", "staff", lambda ids: f"/workspace/clients/{ids['contact']}/", 13),
    Budget("workspace case list", "staff", lambda ids: "/workspace/cases/", 5),
    Budget("workspace case", "staff", lambda ids: f"/workspace/cases/{ids['case']}/", 18),
]


def count_queries(client: Client, path: str) -> tuple[int, int]:
    """(status, queries) of one GET, after a first one warmed the caches a process keeps.

    Transaction control (BEGIN, COMMIT, savepoints: how a test's transaction nests the
    request's) is left out, and so are the `set_config` calls that scope a PostgreSQL
    transaction for row-level security (two per request), so the pins hold on both
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
