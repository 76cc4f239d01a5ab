"""The client activity feed: what the firm's clients did in the portal, filterable by client
and by lead or case."""

from __future__ import annotations

import pytest

from portico.matters.actions import add_comment
from portico.testing.factories import carol_of, dan_of, make_case, make_lead
from portico.testing.sessions import open_account, portal_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def acting_clients(harbor, alice):
    carol, dan = carol_of(harbor, actor=alice), dan_of(harbor, actor=alice)
    carols_case = make_case(harbor, [carol], name="Marsh v. Harbor Transit", actor=alice)
    carols_lead = make_lead(harbor, [carol], title="Marsh: lease dispute", actor=alice)
    dans_case = make_case(harbor, [dan], name="Okafor v. Brightline", actor=alice)
    as_carol = portal_client_for(open_account(carol))
    as_dan = portal_client_for(open_account(dan))
    as_carol.post(f"/portal/cases/{carols_case.id}/", {"body": "Here is the letter."})
    as_carol.post(f"/portal/leads/{carols_lead.id}/", {"body": "About the lease."})
    as_dan.post(f"/portal/cases/{dans_case.id}/", {"body": "Any news?"})
    # the firm's own comment is not client activity
    add_comment(matter=carols_case, body="Firm note.", is_private=False, actor=alice)
    return carol, dan, carols_case, carols_lead, dans_case


def test_the_feed_shows_what_clients_did_newest_first(acting_clients, as_alice):
    carol, dan, carols_case, carols_lead, dans_case = acting_clients
    page = as_alice.get("/workspace/activity/").content.decode().split("Latest activity")[1]
    assert page.index(dan.display_name) < page.index(carol.display_name)
    for name in (carols_case.name, carols_lead.title, dans_case.name):
        assert name in page
    assert page.count("commented") == 3
    assert 'data-live="activity"' in page


def test_the_feed_narrows_to_one_client_and_to_one_matter(acting_clients, as_alice):
    carol, _dan, carols_case, carols_lead, dans_case = acting_clients
    page = as_alice.get("/workspace/activity/", {"client": str(carol.id)}).content.decode()
    assert page.count("commented") == 2 and dans_case.name not in page.split("Matching")[1]
    page = as_alice.get("/workspace/activity/", {"matter": str(carols_lead.id)}).content.decode()
    assert page.count("commented") == 1
    assert carols_case.name not in page.split("Matching")[1]


def test_a_filter_that_is_not_the_firms_is_refused_in_plain_words(
    acting_clients, as_alice, as_dave
):
    carol = acting_clients[0]
    response = as_alice.get("/workspace/activity/", {"client": "not-a-client"})
    assert response.status_code == 422
    assert "Choose a client from the list" in response.content.decode()
    # and Other Firm cannot look at Harbor's client through it
    response = as_dave.get("/workspace/activity/", {"client": str(carol.id)})
    assert response.status_code == 422
    assert carol.display_name not in response.content.decode()
