"""Live intake in Chromium, against the web process as production runs it (the ASGI front
under uvicorn) and the real identity service: carol answers on her case in the portal and the
answers appear on alice's open case page without a reload; an answer alice gives to a private
question never reaches carol's stream."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portico.intake.actions import save_answer
from portico.tenancy.models import StaffMember
from portico.testing.factories import StaffMemberFactory
from portico.testing.intake import put_intake
from portico.testing.live_journey import client_with_portal, following, person, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.identity]


def test_carols_answers_reach_alices_open_page_and_a_private_answer_never_reaches_carol(
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
        harbor, None, identity_admin, "Carol", "Marsh", "Marsh v. Harbor Transit"
    )
    intake = put_intake(case, None, private_label="Our view of the claim")
    at_alice, at_carol = (new_context().new_page() for _ in range(2))
    for page, start, email, home in (
        (at_alice, "/accounts/sign-in/", alice_email, "/workspace/"),
        (at_carol, "/portal/sign-in/", carol_email, "/portal/"),
    ):
        sign_in(page, f"{base}{start}", email)
        expect(page).to_have_url(f"{base}{home}")
        page.goto("about:blank")
    at_alice.goto(f"{base}/workspace/cases/{case.id}/")
    following(at_alice)
    at_carol.goto(f"{base}/portal/cases/{case.id}/")
    following(at_carol)
    at_carol.evaluate(
        """() => new Promise((opened) => {
            window.__heard = [];
            const source = new EventSource("/portal/events");
            source.onmessage = (m) => window.__heard.push(m.data);
            source.onopen = () => opened();
        })"""
    )

    # when carol answers three questions, pressing no button
    at_carol.get_by_label("Where did it happen?").fill("At the loading dock")
    at_carol.get_by_label("When did it happen?").fill("2026-01-05")
    at_carol.get_by_role("radio", name="Lifting").check()
    # then alice's open page shows them without a reload
    for text in ("At the loading dock", "2026-01-05", "Lifting"):
        expect(at_alice.locator("#intake-answers")).to_contain_text(text)

    # when the firm answers its private question
    save_answer(matter=case, question=intake.private, value="ZQXLEAK-private", actor=alice)
    expect(at_alice.locator("#intake-answers")).to_contain_text("ZQXLEAK-private")
    # then carol's stream heard her own answers and nothing of the private one
    heard = " ".join(at_carol.evaluate("window.__heard"))
    assert "intake.IntakeAnswerSaved" in heard
    assert "ZQXLEAK" not in heard and str(intake.private.id) not in heard
    assert "Our view of the claim" not in at_carol.content()
