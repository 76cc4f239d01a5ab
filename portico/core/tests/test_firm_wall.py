"""The firm wall, generated over every route: Other Firm's partner (dave) calls every workspace
page and staff API route with Harbor & Vale's ids and gets 404, with nothing changed.

Routes are discovered from the URL configuration; a new route taking an id with no sample
(`harbor_samples` in portico/testing/walls.py) fails here until one is added, so nothing
slips past the wall unseen.
"""

from __future__ import annotations

import pytest

from portico.matters.actions import add_comment
from portico.testing.factories import make_case, make_contact
from portico.testing.sessions import api_client_for, session_key_of, signed_in_client
from portico.testing.walls import (
    METHODS,
    call,
    database_fingerprint,
    firm_routes,
    front_streams,
    harbor_samples,
)


def test_every_route_is_either_public_or_firm_scoped():
    # given the URL configuration
    routes = firm_routes()
    # then the walk found the workspace and the API (so the wall tests below are not vacuous)
    assert any(r.template.startswith("/workspace/") for r in routes)
    assert any(r.is_api for r in routes)


@pytest.mark.slow
@pytest.mark.django_db
def test_other_firm_gets_404_for_every_harbor_object_and_nothing_changes(harbor, alice, bob, dave):
    # given Harbor & Vale's objects, and dave of Other Firm signed in (browser and API key)
    samples = harbor_samples(harbor, alice, bob)
    dave_browser = signed_in_client(dave)
    dave_api = api_client_for(dave.firm)
    alice_browser = signed_in_client(alice)
    alice_api = api_client_for(harbor)
    for client in (dave_api, alice_api):
        client.get("/api/v1/me")  # a key's first use is recorded; do it before we compare
    routes = [r for r in firm_routes() if r.params]
    assert routes, "no firm route takes an id"
    for route in routes:
        missing = set(route.params) - samples.keys()
        assert not missing, f"{route.template}: add a Harbor & Vale sample for {sorted(missing)}"
        url = route.build(samples)
        # the sample is real: Harbor's own partner can open it
        owner = alice_api if route.is_api else alice_browser
        assert owner.get(url).status_code in {200, 405}, f"{url} is not reachable by its own firm"
        # (one fingerprint per call: each call's "after" is the next one's "before")
        before = database_fingerprint()
        for method in METHODS:
            # when dave calls it
            response = call(dave_api if route.is_api else dave_browser, method, url)
            # then it is not found (or the method does not exist), and nothing changed
            assert response.status_code in {404, 405}, (
                f"{method.upper()} {url} -> {response.status_code}"
            )
            assert database_fingerprint() == before, f"{method.upper()} {url} changed data"


@pytest.mark.django_db
def test_other_firm_lists_show_none_of_harbors_data(harbor, alice, bob, dave):
    # given Harbor & Vale's data
    samples = harbor_samples(harbor, alice, bob)
    markers = [harbor.name, alice.email, bob.email, str(bob.id), str(samples["key_id"])]
    dave_browser = signed_in_client(dave)
    dave_api = api_client_for(dave.firm)
    for route in [r for r in firm_routes() if not r.params]:
        # when dave reads each list or page
        response = (dave_api if route.is_api else dave_browser).get(route.template)
        # then it answers, and no Harbor & Vale data is in it
        assert response.status_code in {200, 302, 405}, (
            f"{route.template} -> {response.status_code}"
        )
        body = response.content.decode()
        for marker in markers:
            assert marker not in body, f"{route.template} shows {marker!r} to Other Firm"


@pytest.mark.slow
def test_other_firms_open_streams_hear_nothing_of_harbor(live_streams, harbor, alice, bob, dave):
    # given dave's workspace streams open (every one the ASGI front serves)
    streams = front_streams("/workspace/")
    assert streams, "the front serves no workspace stream"
    dave_key = session_key_of(signed_in_client(dave))
    opened = [live_streams.open(route.template, dave_key) for route in streams]
    # when Harbor & Vale does everything its samples take (contacts, leads, cases, comments...)
    samples = harbor_samples(harbor, alice, bob)
    # and then something happens at Other Firm, so each stream has surely caught up
    erin = make_contact(dave.firm, "Erin", "Quill", actor=dave)
    daves_case = make_case(dave.firm, [erin], actor=dave)
    add_comment(matter=daves_case, body="x", is_private=True, actor=dave)
    for stream in opened:
        stream.wait_for(lambda s: "matters.CommentAdded" in s.text, "heard Other Firm's comment")
        # then it heard of Other Firm's records only
        about = {e["data"].get("matter") or e["data"].get("contact") for e in stream.events}
        assert about == {str(daves_case.matter_id), str(erin.id)}
        # then no Harbor & Vale id reached it
        for name, value in samples.items():
            assert str(value) not in stream.text, f"{name} of Harbor reached dave's stream"
