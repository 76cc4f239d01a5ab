"""Contacts through the staff API: `GET|POST /contacts`, `GET|PATCH /contacts/{id}`."""

from __future__ import annotations

import pytest

from portico.audit.models import AuditEvent
from portico.clients.models import Contact, ContactAddress, ContactEmail, ContactPhone
from portico.testing.factories import carol_of, dan_of

pytestmark = pytest.mark.django_db

CAROL = {
    "first_name": "Carol",
    "last_name": "Marsh",
    "emails": [
        {"address": "carol@marsh.example", "is_primary": True},
        {"address": "carol.marsh@work.example", "label": "work", "is_contactable": False},
    ],
    "phones": [
        {"number": "(207) 555-0142", "is_primary": True},
        {"number": "+1 207 555 0199", "label": "work"},
    ],
    "addresses": [
        {"line1": "12 Wharf Street", "city": "Portland", "region": "ME", "postal_code": "04101"}
    ],
    "identification": {
        "document_type": "passport",
        "number": "X12345678",
        "issuer": "United States",
    },
    "billing": {"method": "online", "contact_name": "Marsh Family Trust"},
}


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def patch(client, url, payload):
    return client.patch(url, payload, content_type="application/json")


def nothing_saved():
    return (
        Contact.objects.dangerously_all_firms().count(),
        ContactEmail.objects.dangerously_all_firms().count(),
        ContactPhone.objects.dangerously_all_firms().count(),
        ContactAddress.objects.dangerously_all_firms().count(),
    ) == (0, 0, 0, 0)


def test_an_integration_creates_a_client_and_finds_her_in_the_directory(harbor_api, harbor):
    # when Harbor's integration posts carol with two emails, two phones and an address
    response = post(harbor_api, "/api/v1/contacts", CAROL)
    # then she is created with everything nested, phones in E.164, the number masked
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["display_name"] == "Carol Marsh"
    assert [(e["address"], e["is_primary"]) for e in body["emails"]] == [
        ("carol@marsh.example", True),
        ("carol.marsh@work.example", False),
    ]
    assert [(p["number"], p["is_primary"]) for p in body["phones"]] == [
        ("+12075550142", True),
        ("+12075550199", False),
    ]
    assert body["addresses"][0]["is_primary"] is True
    assert body["identification"]["number_masked"] == "•••• 5678"
    assert "X12345678" not in response.content.decode()
    assert body["billing"]["method"] == "online"
    assert body["portal_status"] == "no_access"
    # and the directory lists name, primary email, primary phone and portal status
    listed = harbor_api.get("/api/v1/contacts").json()
    assert listed == {
        "count": 1,
        "items": [
            {
                "id": body["id"],
                "kind": "person",
                "display_name": "Carol Marsh",
                "primary_email": "carol@marsh.example",
                "primary_phone": "+12075550142",
                "portal_status": "no_access",
            }
        ],
    }


@pytest.mark.parametrize("query", ["carol marsh", "work.example", "207.555.0199", "(207) 555-0142"])
def test_the_api_searches_by_name_email_or_phone(harbor_api, harbor, query):
    carol_of(harbor)
    dan_of(harbor)
    found = harbor_api.get("/api/v1/contacts", {"q": query}).json()
    assert [c["display_name"] for c in found["items"]] == ["Carol Marsh"]


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (
            {
                "emails": [
                    {"address": "a@example.com", "is_primary": True},
                    {"address": "b@example.com", "is_primary": True},
                ]
            },
            "emails",
            "Only one email can be primary, and 2 are marked. Keep one.",
        ),
        (
            {"emails": [{"address": "carol-at-marsh"}]},
            "emails.0.address",
            "“carol-at-marsh” is not an email address. It should look like name@example.com.",
        ),
        (
            {"phones": [{"number": "12345"}]},
            "phones.0.number",
            "This is not a phone number we can dial",
        ),
        ({"first_name": "", "last_name": ""}, "first_name", "Enter the person's name"),
        (
            {"emails": [{"address": "a@example.com", "is_primary": "sometimes"}]},
            "emails.0.is_primary",
            "valid boolean",
        ),
    ],
    ids=["two-primary-emails", "malformed-email", "malformed-phone", "no-name", "wrong-type"],
)
def test_bad_input_is_refused_with_422_naming_the_field_and_nothing_is_saved(
    harbor_api, harbor, change, field, problem
):
    # when the integration posts carol with one mistake
    response = post(harbor_api, "/api/v1/contacts", {**CAROL, **change})
    # then the API answers 422 naming the field and the problem
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Some fields need attention; nothing was saved."
    assert any(problem in message for message in body["errors"][field]), body
    # and nothing was saved, not even an audit event
    assert nothing_saved()
    assert AuditEvent.objects.dangerously_all_firms().count() == 0


def test_every_problem_is_reported_at_once(harbor_api, harbor):
    response = post(
        harbor_api,
        "/api/v1/contacts",
        {"emails": [{"address": "x"}], "phones": [{"number": "x"}], "addresses": [{"line1": ""}]},
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {
        "first_name",
        "emails.0.address",
        "phones.0.number",
        "addresses.0.line1",
        "addresses.0.city",
    }


def test_a_firm_id_in_the_payload_is_ignored(harbor_api, harbor, other_firm):
    # when the integration tries to place a contact in another firm
    response = post(
        harbor_api,
        "/api/v1/contacts",
        {**CAROL, "firm_id": str(other_firm.id), "firm": str(other_firm.id)},
    )
    # then the contact is Harbor's all the same
    assert response.status_code == 201
    assert Contact.objects.dangerously_all_firms().get().firm_id == harbor.id


def test_patch_changes_only_what_is_sent_and_keeps_rows_named_by_id(harbor_api, harbor):
    # given carol
    carol = carol_of(harbor)
    primary = carol.emails.get(is_primary=True)
    number_before = carol.identification_number_encrypted
    # when the integration renames her and swaps her emails for the primary plus a new one
    response = patch(
        harbor_api,
        f"/api/v1/contacts/{carol.id}",
        {
            "last_name": "Marsh-Reyes",
            "emails": [
                {"id": str(primary.id), "address": primary.address, "is_primary": False},
                {"address": "carol@reyes.example", "is_primary": True},
            ],
        },
    )
    # then the name and emails changed, the same row kept its id, and the rest stayed
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["display_name"] == "Carol Marsh-Reyes"
    assert {
        (e["id"] == str(primary.id), e["address"], e["is_primary"]) for e in body["emails"]
    } == {
        (True, "carol@marsh.example", False),
        (False, "carol@reyes.example", True),
    }
    assert len(body["phones"]) == 2
    carol.refresh_from_db()
    assert carol.identification_number_encrypted == number_before
    # and the audit trail has what changed, before and after
    event = AuditEvent.objects.for_firm(harbor.id).get(verb="contact.updated")
    assert event.before["last_name"] == "Marsh" and event.after["last_name"] == "Marsh-Reyes"
    assert event.actor_kind == "api_key"


def test_patch_with_an_id_from_another_contact_is_refused(harbor_api, harbor):
    carol, dan = carol_of(harbor), dan_of(harbor)
    dans_email = dan.emails.get()
    response = patch(
        harbor_api,
        f"/api/v1/contacts/{carol.id}",
        {"emails": [{"id": str(dans_email.id), "address": "stolen@example.com"}]},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["emails.0.id"] == ["This contact has no email with that id."]
    dans_email.refresh_from_db()
    assert dans_email.address == "dan@okafor.example" and dans_email.contact_id == dan.id


def test_the_identification_number_is_encrypted_at_rest_and_revealed_only_on_purpose(
    harbor_api, harbor
):
    # given carol, created with her passport number
    contact_id = post(harbor_api, "/api/v1/contacts", CAROL).json()["id"]
    carol = Contact.objects.for_firm(harbor.id).get(pk=contact_id)
    # then the database holds no trace of the number in clear
    assert "X12345678" not in carol.identification_number_encrypted
    assert carol.identification_number_last4 == "5678"
    # and reading her shows it masked
    assert (
        harbor_api.get(f"/api/v1/contacts/{contact_id}").json()["identification"]["number_masked"]
        == "•••• 5678"
    )
    # when the integration reveals it
    revealed = harbor_api.post(f"/api/v1/contacts/{contact_id}/identification/reveal")
    # then it gets the number, and the reveal is on the record
    assert revealed.json() == {"number": "X12345678"}
    assert (
        AuditEvent.objects.for_firm(harbor.id)
        .filter(verb="contact.identification_revealed")
        .count()
        == 1
    )


def test_another_firm_cannot_read_or_change_carol(harbor, other_api):
    carol = carol_of(harbor)
    assert other_api.get(f"/api/v1/contacts/{carol.id}").status_code == 404
    assert (
        patch(other_api, f"/api/v1/contacts/{carol.id}", {"first_name": "Mallory"}).status_code
        == 404
    )
    assert other_api.get("/api/v1/contacts").json() == {"count": 0, "items": []}
    carol.refresh_from_db()
    assert carol.first_name == "Carol"
