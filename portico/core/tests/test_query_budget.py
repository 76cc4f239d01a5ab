"""Every portal page and the main workspace pages make a bounded number of SQL queries, the
same for a client with one case as for one with several (no query per row). The bounds live in
portico/testing/query_budget.py; `make bench` shows the counts."""

import pytest

from portico.intake.actions import save_answer
from portico.testing.documents import PDF, put_document
from portico.testing.factories import carol_of, dan_of, make_case, make_contact, make_lead
from portico.testing.intake import put_intake
from portico.testing.money import put_money
from portico.testing.query_budget import BUDGETS, OVER_GOAL, PORTAL_MOST, count_queries
from portico.testing.sessions import open_account, portal_client_for, signed_in_client


def _counts(alice, ids) -> dict[str, int]:
    browsers = {"staff": signed_in_client(alice), "client": portal_client_for(ids["account"])}
    counts = {}
    for budget in BUDGETS:
        status, queries = count_queries(browsers[budget.who], budget.path(ids))
        assert status == 200, (budget.name, status)
        counts[budget.name] = queries
    return counts


def _intake_and_documents(matter, client, firm_user, *, name: str) -> None:
    """An intake form on the matter, partly answered by the client (a private question the
    firm answered too), and files shared with the client: what a real page has to show."""
    asked = put_intake(matter, firm_user, name=name, private_label="Our view of the claim")
    save_answer(matter=matter, question=asked.where, value="At the depot", actor=client)
    save_answer(matter=matter, question=asked.doctor_seen, value="yes", actor=client)
    save_answer(matter=matter, question=asked.private, value="Strong", actor=firm_user)
    put_document(matter, f"{name} letter.pdf", PDF, actor=firm_user, shared=True)


@pytest.mark.slow
@pytest.mark.django_db
def test_each_page_stays_within_its_query_budget_whatever_the_data(harbor, alice):
    carol = carol_of(harbor, actor=alice)
    case = make_case(harbor, [carol], actor=alice)
    put_money(case, carol, alice)
    lead = make_lead(harbor, [carol], actor=alice)
    _intake_and_documents(case, carol, alice, name="Injury intake")
    _intake_and_documents(lead, carol, alice, name="First questions")
    ids = {"case": case.id, "lead": lead.id, "contact": carol.id, "account": open_account(carol)}
    small = _counts(alice, ids)

    # More of everything the pages list: cases, fellow clients, contacts.
    dan = dan_of(harbor, actor=alice)
    for n in range(4):
        make_case(harbor, [carol, dan], name=f"Marsh matter {n}", actor=alice)
    for n in range(6):
        make_contact(harbor, "Client", f"Number{n}", emails=(f"c{n}@example.com",), actor=alice)
    for _ in range(3):  # more invoices, payments and trust entries on the case
        put_money(case, carol, alice)
    for matter, name in ((case, "Accident details"), (lead, "More questions")):
        _intake_and_documents(matter, carol, alice, name=name)  # a second form, more files
    for n in range(3):  # and intake forms on the other cases too
        _intake_and_documents(
            make_case(harbor, [carol], name=f"Form matter {n}", actor=alice),
            carol,
            alice,
            name=f"Form {n}",
        )
    larger = _counts(alice, ids)
    for budget in BUDGETS:
        assert small[budget.name] <= budget.most, (budget.name, small[budget.name])
        assert larger[budget.name] == small[budget.name], (budget.name, small, larger)
    over = {b.name for b in BUDGETS if b.who == "client" and b.most > PORTAL_MOST}
    assert over == OVER_GOAL, over
