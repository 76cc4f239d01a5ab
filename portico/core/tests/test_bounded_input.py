"""Bounded input: amounts, free text, names, emails and lists are refused in plain words when
they are too big, by the staff API, the portal API and the pages alike, and nothing is
written. (On PostgreSQL these values used to reach the database and fail with a 500.)"""

from __future__ import annotations

import pytest

from portico.clients.models import Contact, ContactEmail
from portico.matters.models import Case, Lead
from portico.testing.factories import carol_of, make_case, make_lead
from portico.testing.sessions import open_account, portal_client_for

pytestmark = pytest.mark.django_db

HUGE_AMOUNTS = {
    "exponent too big": "1e999999999",
    "a million digits": "9" * 1_000_000,
    "exponent too small": "1e-999999999",
    "negative exponent": "5e-3",
}


def post_json(client, url, body, method="post"):
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.mark.parametrize("what", HUGE_AMOUNTS)
def test_an_impossible_amount_is_refused_by_the_api_never_a_500_nor_zero(
    what, harbor, alice, harbor_api
):
    carol = carol_of(harbor, actor=alice)
    lead = make_lead(harbor, [carol], actor=alice)
    case = make_case(harbor, [carol], actor=alice)
    kept = case.minimum_trust_balance
    amount = HUGE_AMOUNTS[what]
    created = post_json(
        harbor_api,
        "/api/v1/cases",
        {
            "name": "Marsh v. Bayline",
            "practice_area": "family",
            "opened_on": "2026-01-05",
            "client_ids": [str(carol.id)],
            "minimum_trust_balance": amount,
        },
    )
    changed = post_json(
        harbor_api, f"/api/v1/cases/{case.id}", {"minimum_trust_balance": amount}, "patch"
    )
    converted = post_json(
        harbor_api, f"/api/v1/leads/{lead.id}/convert", {"minimum_trust_balance": amount}
    )
    for response in (created, changed, converted):
        assert response.status_code == 422, (what, response.status_code)
        assert "minimum_trust_balance" in response.json()["errors"]
    assert Case.objects.count() == 1
    case.refresh_from_db()
    assert case.minimum_trust_balance == kept
    lead.refresh_from_db()
    assert lead.status != Lead.Status.CONVERTED


@pytest.mark.parametrize("what", HUGE_AMOUNTS)
def test_an_impossible_amount_typed_on_the_case_page_is_a_form_error(what, harbor, alice, as_alice):
    carol = carol_of(harbor, actor=alice)
    case = make_case(harbor, [carol], actor=alice)
    kept = case.minimum_trust_balance
    page = as_alice.post(
        f"/workspace/cases/{case.id}/edit/",
        {
            "name": case.name,
            "practice_area": case.practice_area,
            "stage": case.stage,
            "opened_on": "2026-01-05",
            "minimum_trust_balance": HUGE_AMOUNTS[what],
        },
    )
    assert page.status_code == 422
    assert "Minimum trust balance" in page.content.decode()
    case.refresh_from_db()
    assert case.minimum_trust_balance == kept


TOO_LONG = {
    "identification issuer": (
        {"identification": {"document_type": "passport", "number": "X1", "issuer": "i" * 201}},
        "identification.issuer",
    ),
    "billing contact name": ({"billing": {"contact_name": "b" * 201}}, "billing.contact_name"),
    "a display name of three long names": (
        {"first_name": "f" * 100, "middle_name": "m" * 100, "last_name": "l" * 100},
        "first_name",
    ),
    "an email over 254 characters": (
        {"emails": [{"address": "a" * 250 + "@example.com", "is_primary": True}]},
        "emails.0.address",
    ),
    "notes of a hundred thousand characters": ({"notes": "n" * 100_000}, "notes"),
    "10,000 emails": (
        {"emails": [{"address": f"c{i}@example.com"} for i in range(10_000)]},
        "emails",
    ),
}


@pytest.mark.parametrize("what", TOO_LONG)
def test_too_much_for_a_contact_is_refused_by_the_staff_api(what, harbor, alice, harbor_api):
    carol = carol_of(harbor, actor=alice)
    before = Contact.objects.get(pk=carol.pk).display_name
    change, field = TOO_LONG[what]
    response = post_json(harbor_api, f"/api/v1/contacts/{carol.id}", change, "patch")
    assert response.status_code == 422, response.content[:300]
    assert field in response.json()["errors"], response.json()["errors"]
    assert Contact.objects.get(pk=carol.pk).display_name == before
    assert ContactEmail.objects.filter(contact=carol).count() == 2


def test_a_client_cannot_give_themselves_an_overlong_email_or_name(harbor, alice):
    carol = carol_of(harbor, actor=alice)
    make_case(harbor, [carol], actor=alice)
    as_carol = portal_client_for(open_account(carol))
    for change, field in (
        ({"emails": [{"address": "a" * 250 + "@example.com", "is_primary": True}]}, "emails"),
        ({"first_name": "f" * 100, "middle_name": "m" * 100, "last_name": "l" * 100}, "first_name"),
        ({"emails": [{"address": f"c{i}@example.com"} for i in range(1000)]}, "emails"),
    ):
        response = post_json(as_carol, "/portal/api/v1/me", change, "patch")
        assert response.status_code == 422
        assert any(k.startswith(field) for k in response.json()["errors"])
    assert Contact.objects.get(pk=carol.pk).display_name == carol.display_name


def test_a_search_of_fifty_thousand_characters_is_answered_plainly(
    harbor, alice, harbor_api, as_alice
):
    q = "x" * 50_000
    api = harbor_api.get("/api/v1/contacts", {"q": q})
    assert api.status_code == 422
    assert api.json()["errors"] == {"q": ["Use at most 200 characters."]}
    assert as_alice.get("/workspace/clients/", {"q": q}).status_code == 200


def test_a_long_description_is_refused_on_the_page_too(harbor, alice, as_alice):
    carol = carol_of(harbor, actor=alice)
    page = as_alice.post(
        "/workspace/leads/new/",
        {
            "title": "Marsh",
            "practice_area": "family",
            "status": "new",
            "contact_ids": [str(carol.id)],
            "description": "d" * 20_001,
        },
    )
    assert page.status_code == 422
    assert "Use at most 20000 characters." in page.content.decode()
    assert not Lead.objects.exists()
