"""The client pages and API under row-level security, as the role production connects as.

Elsewhere the suite connects as the database owner, which PostgreSQL lets past every policy;
here the same requests run as the app role, so a query or write the policies would refuse
fails here first.
"""

from __future__ import annotations

import pytest
from django.db import connection

from portico.matters.models import Comment
from portico.testing.factories import carol_of, make_case, make_contact, make_lead
from portico.testing.sessions import api_client_for, signed_in_client

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row-level security exists on PostgreSQL only"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def practice(harbor, alice, other_firm, dave):
    carol = carol_of(harbor, actor=alice)
    case = make_case(harbor, [carol], actor=alice)
    lead = make_lead(harbor, [carol], actor=alice)
    make_contact(other_firm, "Erin", "Walsh")
    return {
        "carol": carol,
        "case": case,
        "lead": lead,
        "alice": signed_in_client(alice),
        "harbor_api": api_client_for(harbor),
        "dave_api": api_client_for(other_firm),
    }


def test_the_workspace_and_api_work_through_the_policies(practice, request):
    # given Harbor's practice, made by the owner; from here on Django connects as the app role
    request.getfixturevalue("django_as_app_role")
    alice, carol, case, lead = (
        practice["alice"],
        practice["carol"],
        practice["case"],
        practice["lead"],
    )
    # when alice searches the directory and opens carol, the case and the lead, as the app role
    directory = alice.get("/workspace/clients/", {"q": "207 555 0142"}).content.decode()
    assert "Carol Marsh" in directory and "Erin Walsh" not in directory
    assert alice.get(f"/workspace/clients/{carol.id}/").status_code == 200
    assert alice.get(f"/workspace/cases/{case.id}/").status_code == 200
    # and writes: a comment, a converted lead, a new client through the API
    assert (
        alice.post(
            f"/workspace/cases/{case.id}/comments/", {"comment-body": "Call Friday."}
        ).status_code
        == 302
    )
    assert (
        alice.post(f"/workspace/leads/{lead.id}/convert/", {"stage": "intake"}).status_code == 302
    )
    created = practice["harbor_api"].post(
        "/api/v1/contacts",
        {"first_name": "Dan", "last_name": "Okafor", "emails": [{"address": "dan@okafor.example"}]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    # then each firm reads only its own
    assert [
        c["display_name"] for c in practice["dave_api"].get("/api/v1/contacts").json()["items"]
    ] == ["Erin Walsh"]
    assert practice["dave_api"].get(f"/api/v1/cases/{case.id}").status_code == 404
    assert "Call Friday." in alice.get(f"/workspace/cases/{case.id}/").content.decode()
    # and outside a request, with no firm set, the app role reads nothing at all
    assert Comment.objects.dangerously_all_firms().count() == 0
