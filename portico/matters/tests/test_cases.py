"""Cases: named clients, other parties, comments, progress, and the case page."""

from __future__ import annotations

import uuid

import pytest

from portico.audit.models import AuditEvent
from portico.matters.actions import add_case_party, add_comment, post_status_update
from portico.matters.inputs import PartyInput
from portico.matters.models import Case, CaseClient, CaseParty, Comment, StageChange
from portico.testing.documents import PDF, put_document
from portico.testing.factories import carol_of, dan_of, make_case, make_contact
from portico.testing.overhead import request_overhead

pytestmark = pytest.mark.django_db


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def test_an_integration_opens_a_case_with_named_clients_and_money_as_decimal_strings(
    harbor_api, harbor
):
    carol, dan = carol_of(harbor), dan_of(harbor)
    response = post(
        harbor_api,
        "/api/v1/cases",
        {
            "name": "State v. Okafor",
            "number": "HV-2026-014",
            "practice_area": "criminal_defense",
            "opened_on": "2026-10-01",
            "minimum_trust_balance": "2500.50",
            "client_ids": [str(dan.id), str(carol.id)],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["minimum_trust_balance"] == "2500.50" and body["currency"] == "USD"
    assert Case.objects.get().minimum_trust_balance == 250050
    assert [c["contact"]["display_name"] for c in body["clients"]] == ["Dan Okafor", "Carol Marsh"]
    assert [(s["from_stage"], s["to_stage"]) for s in body["stage_changes"]] == [("", "intake")]
    assert harbor_api.get("/api/v1/cases").json()[0]["name"] == "State v. Okafor"


@pytest.mark.parametrize(
    ("payload", "field", "problem"),
    [
        (
            {"client_ids": ["00000000-0000-4000-8000-000000000000"]},
            "client_ids.0",
            "There is no contact with the id",
        ),
        ({"name": ""}, "name", "Give the case a name"),
        (
            {"minimum_trust_balance": "12.345"},
            "minimum_trust_balance",
            "Use at most 2 decimal places.",
        ),
        (
            {"minimum_trust_balance": "-5"},
            "minimum_trust_balance",
            "Enter an amount of zero or more.",
        ),
        ({"opened_on": None}, "opened_on", "Enter the date the case was opened."),
    ],
    ids=["unknown-contact", "no-name", "fraction-of-a-cent", "negative", "no-date"],
)
def test_a_case_with_bad_input_is_refused_with_422_and_nothing_is_saved(
    harbor_api, harbor, payload, field, problem
):
    carol = carol_of(harbor)
    valid = {
        "name": "Marsh v. Bayline",
        "practice_area": "personal_injury",
        "opened_on": "2026-03-02",
        "client_ids": [str(carol.id)],
    }
    response = post(harbor_api, "/api/v1/cases", {**valid, **payload})
    assert response.status_code == 422
    assert any(m.startswith(problem) for m in response.json()["errors"][field]), response.json()
    assert (
        Case.objects.count() == 0
        and CaseClient.objects.count() == 0
        and StageChange.objects.count() == 0
    )


def test_naming_an_unknown_contact_on_a_case_is_refused(harbor_api, harbor, other_firm):
    case = make_case(harbor, [carol_of(harbor)])
    erin = make_contact(other_firm, "Erin", "Walsh")
    for contact_id in (str(erin.id), str(uuid.uuid4())):
        response = post(harbor_api, f"/api/v1/cases/{case.id}/clients", {"contact_id": contact_id})
        assert response.status_code == 422
        assert response.json()["errors"] == {
            "contact_id": [f"There is no contact with the id {contact_id} in your firm."]
        }
    assert case.case_clients.count() == 1


def test_naming_a_second_client_is_recorded_on_the_case(harbor_api, harbor):
    case = make_case(harbor, [carol_of(harbor)])
    dan = dan_of(harbor)
    response = post(harbor_api, f"/api/v1/cases/{case.id}/clients", {"contact_id": str(dan.id)})
    assert response.status_code == 201
    assert response.json()["contact"] == {"id": str(dan.id), "display_name": "Dan Okafor"}
    event = AuditEvent.objects.get(verb="case.client_added")
    assert (event.parent_id, event.after) == (case.id, {"client": "Dan Okafor"})


def test_comments_are_private_unless_shared_and_status_updates_join_the_timeline(
    harbor_api, harbor
):
    case = make_case(harbor, [carol_of(harbor)])
    private = post(
        harbor_api, f"/api/v1/cases/{case.id}/comments", {"body": "Their adjuster is stalling."}
    )
    shared = post(
        harbor_api,
        f"/api/v1/cases/{case.id}/comments",
        {"body": "Hearing moved to May 4.", "private": False},
    )
    update = post(
        harbor_api, f"/api/v1/cases/{case.id}/status-updates", {"body": "Discovery has begun."}
    )
    staged = harbor_api.patch(
        f"/api/v1/cases/{case.id}", {"stage": "litigation"}, content_type="application/json"
    )
    assert (private.status_code, shared.status_code, update.status_code, staged.status_code) == (
        201,
        201,
        201,
        200,
    )
    assert (private.json()["private"], shared.json()["private"]) == (True, False)
    body = harbor_api.get(f"/api/v1/cases/{case.id}").json()
    assert [(s["from_stage"], s["to_stage"]) for s in body["stage_changes"]] == [
        ("", "intake"),
        ("intake", "litigation"),
    ]
    assert [u["body"] for u in body["status_updates"]] == ["Discovery has begun."]
    assert post(harbor_api, f"/api/v1/cases/{case.id}/comments", {"body": "  "}).json()[
        "errors"
    ] == {"body": ["Write the comment before saving it."]}


def test_the_case_page_shows_progress_parties_and_history(as_alice, harbor, alice):
    case = make_case(harbor, [carol_of(harbor)], actor=alice)
    add_case_party(case=case, data=PartyInput(role="witness", name="Jo Pike"), actor=alice)
    post_status_update(matter=case, body="Discovery has begun.", actor=alice)
    add_comment(matter=case, body="Call the adjuster Friday.", is_private=True, actor=alice)
    as_alice.post(
        f"/workspace/cases/{case.id}/edit/",
        {
            "name": case.name,
            "practice_area": "personal_injury",
            "stage": "negotiation",
            "opened_on": "2026-03-02",
            "minimum_trust_balance": "1500.00",
        },
    )
    page = as_alice.get(f"/workspace/cases/{case.id}/").content.decode()
    for expected in (
        "Carol Marsh",
        "Jo Pike",
        "Witness",
        "Discovery has begun.",
        "Stage: Intake → Negotiation",
        "Call the adjuster Friday.",
        "Private",
        "1500.00 USD",
        "moved the case to another stage",
    ):
        assert expected in page, expected


def test_removing_a_client_from_a_case_asks_first(as_alice, harbor):
    case = make_case(harbor, [carol_of(harbor)])
    link = case.case_clients.get()
    url = f"/workspace/cases/{case.id}/clients/{link.id}/remove/"
    assert (
        "Remove Carol Marsh as a client of Marsh v. Bayline Logistics?"
        in as_alice.get(url).content.decode()
    )
    assert case.case_clients.count() == 1
    assert as_alice.post(url).status_code == 302
    assert case.case_clients.count() == 0
    assert AuditEvent.objects.get(verb="case.client_removed").before == {"client": "Carol Marsh"}


def test_a_party_with_a_malformed_phone_is_refused_on_the_page(as_alice, harbor):
    case = make_case(harbor, [carol_of(harbor)])
    response = as_alice.post(
        f"/workspace/cases/{case.id}/parties/",
        {
            "party-role": "opposing_party",
            "party-name": "Bayline Logistics",
            "party-phone": "call me",
        },
    )
    assert response.status_code == 422
    assert "This is not a phone number we can dial" in response.content.decode()
    assert CaseParty.objects.count() == 0


@pytest.mark.parametrize("rows", [1, 20])
def test_the_case_page_runs_the_same_queries_for_one_row_or_twenty(
    as_alice, harbor, alice, rows, django_assert_num_queries
):
    # given a case with `rows` clients, parties, comments and status updates
    clients = [make_contact(harbor, "Client", f"{i:02d}") for i in range(rows)]
    case = make_case(harbor, clients, actor=alice)
    for i in range(rows):
        add_case_party(case=case, data=PartyInput(role="witness", name=f"Witness {i}"), actor=alice)
        add_comment(matter=case, body=f"Note {i}", is_private=bool(i % 2), actor=alice)
        post_status_update(matter=case, body=f"Update {i}", actor=alice)
        put_document(case, f"Exhibit {i}.pdf", PDF, actor=alice, shared=bool(i % 2))
    as_alice.get(f"/workspace/cases/{case.id}/")
    # then the page costs the same whatever the number of rows
    with django_assert_num_queries(request_overhead() + CASE_PAGE_QUERIES):
        page = as_alice.get(f"/workspace/cases/{case.id}/")
    assert page.content.decode().count("<p>Update ") == rows
    assert Comment.objects.filter(matter=case.matter).count() == rows


# The case with its lead, clients, parties, comments, status updates, stage changes, the
# history, the contact choices of the "name a client" form, and its documents (with their
# versions and who downloaded them), and its intake (the forms given, the firm's forms to give).
# Then its money: the invoices (with their lines when there are any), payments and trust entries.
CASE_PAGE_QUERIES = 16


def test_the_case_form_refuses_a_contact_that_is_not_the_firms(as_alice, harbor, other_firm):
    # given erin, a client of another firm
    erin = make_contact(other_firm, "Erin", "Walsh")
    # when alice's form names her as a client of a new case
    response = as_alice.post(
        "/workspace/cases/new/",
        {
            "name": "Walsh v. Walsh",
            "practice_area": "family",
            "stage": "intake",
            "opened_on": "2026-11-02",
            "minimum_trust_balance": "0",
            "client_ids": [str(erin.id)],
        },
    )
    # then the form says so beside the field, and no case exists
    assert response.status_code == 422
    body = response.content.decode()
    assert f"Select a valid choice. {erin.id} is not one of the available choices." in body
    assert "Erin Walsh" not in body
    assert Case.objects.dangerously_all_firms().count() == 0


def test_the_case_list_pages_through_the_firms_cases(as_alice, harbor, alice, monkeypatch):
    # given three cases opened the same day (listed by name), two to a page
    monkeypatch.setattr("portico.matters.views.workspace.LIST_PAGE_SIZE", 2)
    carol = carol_of(harbor, actor=alice)
    for name in ("Oldest v. Case", "Middle v. Case", "Newest v. Case"):
        make_case(harbor, [carol], name=name, actor=alice)
    # when alice opens the case list, she sees the first two, and that there is a next page
    page = as_alice.get("/workspace/cases/").content.decode()
    assert "Newest v. Case" in page and "Middle v. Case" in page
    assert "Oldest v. Case" not in page
    assert "Page 1 of 2" in page and 'href="?page=2" rel="next"' in page
    # and on the next page, the third
    page = as_alice.get("/workspace/cases/", {"page": 2}).content.decode()
    assert "Oldest v. Case" in page and "Newest v. Case" not in page
    assert "Page 2 of 2" in page and 'rel="prev"' in page
