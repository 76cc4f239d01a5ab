"""Every portal page and the main workspace pages make a bounded number of SQL queries, the
same for a client with one case as for one with several (no query per row). The bounds live in
portico/testing/query_budget.py; `make bench` shows the counts."""

import pytest

from portico.testing.factories import carol_of, dan_of, make_case, make_contact
from portico.testing.money import put_money
from portico.testing.query_budget import BUDGETS, PORTAL_MOST, count_queries
from portico.testing.sessions import open_account, portal_client_for, signed_in_client


def _counts(alice, ids) -> dict[str, int]:
    browsers = {"staff": signed_in_client(alice), "client": portal_client_for(ids["account"])}
    counts = {}
    for budget in BUDGETS:
        status, queries = count_queries(browsers[budget.who], budget.path(ids))
        assert status == 200, (budget.name, status)
        counts[budget.name] = queries
    return counts


@pytest.mark.django_db
def test_each_page_stays_within_its_query_budget_whatever_the_data(harbor, alice):
    carol = carol_of(harbor, actor=alice)
    case = make_case(harbor, [carol], actor=alice)
    put_money(case, carol, alice)
    ids = {"case": case.id, "contact": carol.id, "account": open_account(carol)}
    small = _counts(alice, ids)

    # More of everything the pages list: cases, fellow clients, contacts.
    dan = dan_of(harbor, actor=alice)
    for n in range(4):
        make_case(harbor, [carol, dan], name=f"Marsh matter {n}", actor=alice)
    for n in range(6):
        make_contact(harbor, "Client", f"Number{n}", emails=(f"c{n}@example.com",), actor=alice)
    for _ in range(3):  # more invoices, payments and trust entries on the case
        put_money(case, carol, alice)
    larger = _counts(alice, ids)

    for budget in BUDGETS:
        assert small[budget.name] <= budget.most, (budget.name, small[budget.name])
        assert larger[budget.name] == small[budget.name], (budget.name, small, larger)
    assert all(b.most <= PORTAL_MOST for b in BUDGETS if b.who == "client")
