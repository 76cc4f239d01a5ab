"""The live streams as a page's EventSource meets them, through the real ASGI front: who hears
what, replay after a reconnect, and the stream ending when its session or access does."""

from __future__ import annotations

import pytest

from portico.matters.actions import add_comment, post_status_update
from portico.portal.actions import revoke_portal_access
from portico.testing.factories import carol_of, dan_of, make_case, make_contact
from portico.testing.sessions import (
    open_account,
    portal_client_for,
    session_key_of,
    signed_in_client,
)


def types(stream) -> list[str]:
    return [e["data"]["type"] for e in stream.events if "type" in e["data"]]


@pytest.fixture
def carol_case(harbor, alice):
    carol = carol_of(harbor, actor=alice)
    return carol, make_case(harbor, [carol], number="HV-1", actor=alice)


def test_the_workspace_stream_hears_its_firm_and_nothing_of_another(
    live_streams, harbor, alice, dave, carol_case
):
    carol, case = carol_case
    at_alice = live_streams.open("/workspace/events", session_key_of(signed_in_client(alice)))
    at_dave = live_streams.open("/workspace/events", session_key_of(signed_in_client(dave)))
    assert at_alice.status == 200
    assert at_alice.headers["content-type"].startswith("text/event-stream")
    # when someone at Harbor comments on carol's case
    add_comment(matter=case, body="Called the insurer.", is_private=True, actor=alice)
    # then alice's open stream hears of it, with the matter to refresh, and no words of it
    at_alice.wait_for(lambda s: "matters.CommentAdded" in types(s), "heard the comment")
    event = at_alice.events[-1]
    assert event["data"]["topics"] == ["firm", f"matter:{case.matter_id}"]
    assert "insurer" not in at_alice.text
    # and Other Firm's stream heard nothing at all
    erin = make_contact(dave.firm, "Erin", "Quill", actor=dave)
    other_case = make_case(dave.firm, [erin], name="Quill v. Transit", actor=dave)
    add_comment(matter=other_case, body="Dave's note.", is_private=True, actor=dave)
    at_dave.wait_for(lambda s: "matters.CommentAdded" in types(s), "heard dave's comment")
    assert str(case.matter_id) not in at_dave.text
    assert str(carol.id) not in at_dave.text


def test_a_client_hears_of_her_own_matters_only_and_never_a_private_comment(
    live_streams, harbor, alice, carol_case
):
    carol, case = carol_case
    dan = dan_of(harbor, actor=alice)
    dans_case = make_case(harbor, [dan], name="Okafor v. Brightline", actor=alice)
    at_carol = live_streams.open(
        "/portal/events", session_key_of(portal_client_for(open_account(carol)))
    )
    at_dan = live_streams.open(
        "/portal/events", session_key_of(portal_client_for(open_account(dan)))
    )
    # when the firm writes a private note, then a shared message and a status update to carol
    add_comment(matter=case, body="internal", is_private=True, actor=alice)
    add_comment(matter=case, body="Hearing moved to May.", is_private=False, actor=alice)
    post_status_update(matter=case, body="We filed the complaint.", actor=alice)
    # then carol hears of the message and the update, not of the private note
    at_carol.wait_for(lambda s: "matters.StatusUpdatePosted" in types(s), "heard the update")
    assert types(at_carol) == ["matters.CommentAdded", "matters.StatusUpdatePosted"]
    assert at_carol.events[0]["data"]["say"] == "New message"
    # and dan, on another case of the same firm, hears nothing of hers
    add_comment(matter=dans_case, body="For dan.", is_private=False, actor=alice)
    at_dan.wait_for(lambda s: "matters.CommentAdded" in types(s), "heard his own message")
    assert types(at_dan) == ["matters.CommentAdded"]
    assert str(case.matter_id) not in at_dan.text


def test_a_reconnect_with_last_event_id_replays_what_was_missed(
    live_streams, harbor, alice, carol_case
):
    carol, case = carol_case
    key = session_key_of(portal_client_for(open_account(carol)))
    first = live_streams.open("/portal/events", key)
    add_comment(matter=case, body="One.", is_private=False, actor=alice)
    first.wait_for(lambda s: len(s.events) == 1, "heard the first message")
    seen = first.events[0]["id"]
    # the page goes away; meanwhile two things happen
    live_streams.hang_up(first)
    add_comment(matter=case, body="Two.", is_private=False, actor=alice)
    post_status_update(matter=case, body="Three.", actor=alice)
    # when it comes back with the last id it saw
    again = live_streams.open("/portal/events", key, last_event_id=seen)
    # then it gets exactly what it missed, in order
    again.wait_for(lambda s: len(s.events) == 2, "replayed")
    assert types(again) == ["matters.CommentAdded", "matters.StatusUpdatePosted"]
    assert all(e["id"] > seen for e in again.events)


def test_nobody_signed_in_gets_no_stream(live_streams):
    for path in ("/workspace/events", "/portal/events"):
        refused = live_streams.open(path, "")
        assert refused.status == 403
        assert "Sign in" in refused.text
        assert live_streams.open(path, "not-a-session").status == 403


def test_a_client_cannot_open_the_workspace_stream_nor_staff_the_portal_one(
    live_streams, harbor, alice, carol_case
):
    carol, _case = carol_case
    carol_key = session_key_of(portal_client_for(open_account(carol)))
    assert live_streams.open("/workspace/events", carol_key).status == 403
    alice_key = session_key_of(signed_in_client(alice))
    assert live_streams.open("/portal/events", alice_key).status == 403


def test_the_stream_ends_at_once_when_its_session_signs_out(live_streams, harbor, alice):
    browser = signed_in_client(alice)
    stream = live_streams.open("/workspace/events", session_key_of(browser))
    # when alice signs out (in another tab)
    browser.post("/accounts/sign-out/")
    # then the open stream says so and closes
    stream.wait_for(lambda s: s.ended and s.complete, "ended")


def test_the_stream_ends_at_once_when_portal_access_is_revoked(
    live_streams, database_queue, harbor, alice, carol_case
):
    carol, case = carol_case
    account = open_account(carol)
    stream = live_streams.open("/portal/events", session_key_of(portal_client_for(account)))
    revoke_portal_access(account=account, actor=alice)
    stream.wait_for(lambda s: s.ended and s.complete, "ended")
    # and nothing said after it reaches her
    add_comment(matter=case, body="After.", is_private=False, actor=alice)
    assert types(stream) == []


def test_django_itself_tells_a_stream_request_to_stop_without_touching_the_database(client):
    # (only when the ASGI front is not in front of it: a WSGI test server, runserver; this test
    # has no database, so any query would fail it)
    for path in ("/workspace/events", "/portal/events"):
        assert client.get(path).status_code == 204


def test_the_paths_django_turns_away_are_the_fronts_streams():
    from portico.config.front import front_routes
    from portico.live.middleware import STREAM_PATHS

    assert {r.template for r in front_routes() if r.method == "GET"} == STREAM_PATHS


@pytest.mark.identity
def test_the_stream_ends_at_once_when_the_identity_service_logs_the_person_out(
    live_streams, harbor, alice, identity_service, identity_settings
):
    import time

    from django.test import Client

    from portico.testing.identity import signed_by_identity_service

    stream = live_streams.open("/workspace/events", session_key_of(signed_in_client(alice)))
    time.sleep(1)  # the logout token is issued a second after the session began
    now = int(time.time())
    claims = {
        "iss": identity_service.issuer,
        "aud": identity_settings.IDP_CLIENT_ID,
        "iat": now,
        "exp": now + 120,
        "jti": f"jti-{now}",
        "sub": alice.sub,
        "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
    }
    token = signed_by_identity_service(identity_service, claims, "logout+jwt")
    # when the identity service says alice is signed out everywhere (a back-channel logout)
    response = Client().post("/accounts/backchannel-logout/", {"logout_token": token})
    assert response.status_code == 200
    # then her open stream ends now, not at its next heartbeat
    stream.wait_for(lambda s: s.ended and s.complete, "ended")
