"""The client wall, generated over every portal route: signed in as carol, every portal page and
portal API route called with dan's (same firm) and erin's (other firm) ids answers 404 and
changes nothing. Routes are read from the URL configuration: a new portal route taking an id
with no sample here fails until one is added."""

from __future__ import annotations

import pytest

from portico.matters.actions import add_comment, post_status_update
from portico.testing.sessions import open_account, portal_client_for, session_key_of
from portico.testing.walls import (
    METHODS,
    call,
    database_fingerprint,
    front_streams,
    portal_routes,
)
from portico.testing.walls import portal_samples as samples


def test_the_walk_finds_the_portal_pages_and_its_api():
    routes = portal_routes()
    assert any(r.template.startswith("/portal/api/v1/") for r in routes)
    assert any(r.params for r in routes)


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("other", ["dan", "erin"])
def test_carol_gets_404_for_every_record_of_another_client(other, request, carol, as_carol):
    someone = request.getfixturevalue(other)
    routes = [r for r in portal_routes() if r.params]
    for route in routes:
        missing = set(route.params) - samples(carol).keys()
        assert not missing, f"{route.template}: add a sample for {sorted(missing)}"
        # carol's own record opens (so the sample ids are real)
        assert as_carol.get(route.build(samples(carol))).status_code in {200, 405}, route.template
        url = route.build(samples(someone))
        before = database_fingerprint()
        for method in METHODS:
            response = call(as_carol, method, url)
            assert response.status_code in {404, 405}, (
                f"{method.upper()} {url} -> {response.status_code}"
            )
            assert database_fingerprint() == before, f"{method.upper()} {url} changed data"


@pytest.mark.django_db
def test_carols_pages_without_ids_show_nothing_of_other_clients(carol, dan, erin, as_carol):
    markers = [
        dan.contact.display_name,
        dan.case.name,
        dan.lead.title,
        str(dan.case.id),
        erin.contact.display_name,
        erin.case.name,
        erin.lead.title,
        str(erin.case.id),
        "Other Firm",
    ]
    for route in [r for r in portal_routes() if not r.params]:
        response = as_carol.get(route.template)
        assert response.status_code in {200, 405}, f"{route.template} -> {response.status_code}"
        body = response.content.decode()
        for marker in markers:
            assert marker not in body, f"{route.template} shows {marker!r} to carol"


@pytest.mark.slow
def test_carols_open_streams_hear_nothing_of_another_clients_matters(
    live_streams, carol, dan, erin, alice, dave
):
    # given carol's portal streams open (every one the ASGI front serves)
    streams = front_streams("/portal/")
    assert streams, "the front serves no portal stream"
    key = session_key_of(portal_client_for(open_account(carol.contact)))
    opened = [live_streams.open(route.template, key) for route in streams]
    open_account(dan.contact)
    # when the firms write to dan and to erin, on their cases and leads
    for other, actor in ((dan, alice), (erin, dave)):
        for matter in (other.case, other.lead):
            add_comment(matter=matter, body="Shared.", is_private=False, actor=actor)
            post_status_update(matter=matter, body="Update.", actor=actor)
    # and then to carol, so each stream has surely caught up
    post_status_update(matter=carol.case, body="Yours.", actor=alice)
    for stream in opened:
        stream.wait_for(lambda s: "StatusUpdatePosted" in s.text, "heard carol's update")
        # then carol heard of her own update only
        assert [e["data"]["matter"] for e in stream.events] == [str(carol.case.matter_id)]
        for other in (dan, erin):
            for record in (other.case, other.lead, other.contact):
                assert str(record.id) not in stream.text
