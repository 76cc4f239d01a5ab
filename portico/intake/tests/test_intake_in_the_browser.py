"""Intake in Chromium: carol answers on her lead without pressing any save button, alice sees
the answers, and they stay with the matter when the lead becomes a case; the network goes
away while carol types and the answer is saved when it comes back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portico.intake.models import IntakeAnswer
from portico.matters.actions import convert_lead
from portico.matters.inputs import CaseInput
from portico.testing.browser import PHONE
from portico.testing.pages import CLIENT, STAFF

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# A save is a debounce, a request and a reply; on a loaded machine (2 cores, several suites)
# that can take longer than one click's timeout. A generous wait, not a speed claim.
SAVED_WITHIN_MS = 30_000


def status_of(page, question):
    return page.locator(f"[data-intake-question]:has(#question-{question.id}) [data-intake-status]")


def test_carol_answers_three_questions_without_saving_and_alice_sees_them_on_the_case(
    world, browser_as, live_server
):
    lead, intake = world.carol_lead, world.intake
    carol = browser_as(CLIENT, PHONE)
    carol.goto(f"{live_server.url}/portal/leads/{lead.id}/")
    expect(carol.locator("#intake-progress")).to_have_text("3 required questions still to answer.")
    carol.get_by_label("Where did it happen?").fill("At the loading dock")
    carol.get_by_label("When did it happen?").fill("2026-01-05")
    carol.get_by_role("radio", name="Lifting").check()
    for question in (intake.where, intake.when, intake.how):
        expect(status_of(carol, question)).to_have_text("Saved", timeout=SAVED_WITHIN_MS)
    expect(carol.locator("#intake-progress")).to_have_text("1 required question still to answer.")
    assert carol.get_by_role("button", name="Save").count() == 0
    carol.close()

    alice = browser_as(STAFF)
    alice.goto(f"{live_server.url}/workspace/leads/{lead.id}/")
    answers = alice.locator("#intake-answers")
    for text in ("At the loading dock", "2026-01-05", "Lifting"):
        expect(answers).to_contain_text(text)

    alice.close()  # no page holds the test database while the lead is converted

    case = convert_lead(
        lead=lead, data=CaseInput(opened_on=lead.created_at.date()), actor=world.alice
    )
    alice = browser_as(STAFF)
    alice.goto(f"{live_server.url}/workspace/cases/{case.id}/")
    for text in ("At the loading dock", "2026-01-05", "Lifting"):
        expect(alice.locator("#intake-answers")).to_contain_text(text)
    carol = browser_as(CLIENT)
    carol.goto(f"{live_server.url}/portal/cases/{case.id}/")
    expect(carol.get_by_label("Where did it happen?")).to_have_value("At the loading dock")


def test_an_answer_typed_offline_is_saved_when_the_network_comes_back(
    world, browser_as, live_server
):
    lead, intake = world.carol_lead, world.intake
    carol = browser_as(CLIENT)
    carol.goto(f"{live_server.url}/portal/leads/{lead.id}/")
    carol.context.set_offline(True)
    carol.get_by_label("Where did it happen?").fill("In the yard")
    expect(status_of(carol, intake.where)).to_contain_text("no connection")
    assert not IntakeAnswer.objects.filter(question=intake.where).exists()
    carol.context.set_offline(False)
    carol.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status_of(carol, intake.where)).to_have_text("Saved", timeout=SAVED_WITHIN_MS)
    assert IntakeAnswer.objects.get(question=intake.where).value == "In the yard"


def test_text_in_a_number_is_refused_beside_the_field(world, browser_as, live_server):
    lead, intake = world.carol_lead, world.intake
    carol = browser_as(CLIENT)
    carol.goto(f"{live_server.url}/portal/leads/{lead.id}/")
    carol.get_by_label("How many days off work?").fill("three")
    field = carol.locator(f"#question-{intake.days.id}")
    expect(field.locator("[data-intake-error]")).to_contain_text("Enter a number")
    expect(carol.get_by_label("How many days off work?")).to_have_attribute("aria-invalid", "true")
    assert not IntakeAnswer.objects.filter(question=intake.days).exists()
    carol.close()
