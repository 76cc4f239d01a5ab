"""Open pages update themselves, in Chromium, against the web process as production runs it
(the ASGI application under uvicorn) and the real identity service.

carol writes on her case and the message appears on alice's open case page; alice shares a
status update and it appears on carol's open portal page; neither page reloads, and each
change is announced politely. dan, another client of the firm with his portal open, hears
nothing of either.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portico.tenancy.models import StaffMember
from portico.testing.factories import StaffMemberFactory
from portico.testing.live_journey import (
    client_with_portal,
    following,
    person,
    sign_in,
    still_the_same_document,
)

pytestmark = [pytest.mark.browser, pytest.mark.identity]

# How soon a change on one side shows on the other side's open page (the promise).
WITHIN_A_SECOND_MS = 1000


def test_a_message_and_a_status_update_reach_the_other_sides_open_page_and_no_one_else(
    asgi_web_with_identity, identity_admin, new_context, harbor
):
    base = asgi_web_with_identity
    alice_email, alice_sub = person(identity_admin, "alice")
    alice = StaffMemberFactory(
        firm=harbor,
        sub=alice_sub,
        email=alice_email,
        name="Alice Harbor",
        role=StaffMember.Role.PARTNER,
    )
    carol_email, _carol, case = client_with_portal(
        harbor, alice, identity_admin, "Carol", "Marsh", "Marsh v. Harbor Transit"
    )
    dan_email, _dan, dans_case = client_with_portal(
        harbor, alice, identity_admin, "Dan", "Okafor", "Okafor v. Brightline"
    )

    # alice has carol's case open in the workspace
    at_alice = new_context().new_page()
    sign_in(at_alice, f"{base}/accounts/sign-in/", alice.email)
    expect(at_alice).to_have_url(f"{base}/workspace/")
    at_alice.goto(f"{base}/workspace/cases/{case.id}/")
    following(at_alice)

    # carol has the same case open in her portal
    at_carol = new_context().new_page()
    sign_in(at_carol, f"{base}/portal/sign-in/", carol_email)
    expect(at_carol).to_have_url(f"{base}/portal/")
    at_carol.goto(f"{base}/portal/cases/{case.id}/")
    following(at_carol)

    # dan has his portal open, and we listen to everything his stream says
    at_dan = new_context().new_page()
    sign_in(at_dan, f"{base}/portal/sign-in/", dan_email)
    expect(at_dan).to_have_url(f"{base}/portal/")
    following(at_dan)
    at_dan.evaluate(
        """() => new Promise((opened) => {
            window.__heard = [];
            const source = new EventSource("/portal/events");
            source.onmessage = (m) => window.__heard.push(JSON.parse(m.data));
            source.onopen = () => opened();
        })"""
    )

    # when carol writes to the firm
    at_carol.get_by_label("Write to Harbor & Vale LLP").fill("I have sent the signed letter.")
    at_carol.get_by_role("button", name="Send message").click()
    expect(at_carol.get_by_role("status").first).to_contain_text("Message sent")

    # then it appears on alice's open case page, without a reload, and is announced
    expect(at_alice.locator("#live-comments")).to_contain_text(
        "I have sent the signed letter.", timeout=WITHIN_A_SECOND_MS
    )
    expect(at_alice.locator("#live-announcer")).to_have_text("New message from a client.")
    assert still_the_same_document(at_alice)

    # when alice shares a status update on the case
    following(at_carol)  # (carol's page was reloaded by her own post)
    at_alice.get_by_label("Status update").fill("The court set the hearing for 12 May.")
    at_alice.get_by_role("button", name="Post status update").click()
    expect(at_alice.get_by_role("status").first).to_contain_text("posted", ignore_case=True)

    # then it appears on carol's open portal page, without a reload, and is announced
    expect(at_carol.locator("#live-progress")).to_contain_text(
        "The court set the hearing for 12 May.", timeout=WITHIN_A_SECOND_MS
    )
    expect(at_carol.locator("#live-announcer")).to_have_text("New status update.")
    assert still_the_same_document(at_carol)

    # and dan's open stream heard nothing of either; it does hear what is his
    assert at_dan.evaluate("window.__heard") == []
    at_alice.goto(f"{base}/workspace/cases/{dans_case.id}/")
    at_alice.get_by_label("Status update").fill("Your papers are filed.")
    at_alice.get_by_role("button", name="Post status update").click()
    at_dan.wait_for_function("window.__heard.length === 1")
    heard = at_dan.evaluate("window.__heard")
    assert [h["type"] for h in heard] == ["matters.StatusUpdatePosted"]
    assert heard[0]["matter"] == str(dans_case.matter_id)
    assert str(case.matter_id) not in str(heard)
