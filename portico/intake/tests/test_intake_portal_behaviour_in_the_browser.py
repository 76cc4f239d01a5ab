"""The portal's intake section in Chromium, beyond typing: a question shown for an earlier
answer appears and disappears at once; an answer typed after the session ended is kept, the
person is asked to sign in again, and it is saved after; an answer typed offline survives the
page being closed; an address saves when focus leaves it; a file answer lands in documents."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from portico.documents.models import Document
from portico.intake.actions import QuestionInput, add_question, attach_form, create_form
from portico.intake.models import IntakeAnswer
from portico.testing.browser import add_session_cookie
from portico.testing.pages import CLIENT
from portico.testing.sessions import portal_client_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def status_of(page, question):
    return page.locator(f"[data-intake-question]:has(#question-{question.id}) [data-intake-status]")


def stored(question):
    answer = IntakeAnswer.objects.filter(question=question).first()
    return answer.value if answer else None


def test_a_question_for_an_earlier_answer_appears_and_disappears_at_once(
    world, browser_as, live_server
):
    lead, intake = world.carol_lead, world.intake
    carol = browser_as(CLIENT)
    carol.goto(f"{live_server.url}/portal/leads/{lead.id}/")
    carol.evaluate("window.__sameDocument = true")
    doctor = carol.get_by_label("Which doctor?")
    expect(doctor).to_be_hidden()
    carol.get_by_role("radio", name="Yes").check()
    expect(doctor).to_be_visible()
    doctor.fill("Dr Lee")
    expect(status_of(carol, intake.doctor)).to_have_text("Saved")
    assert stored(intake.doctor) == "Dr Lee" and stored(intake.doctor_seen) == "yes"
    carol.get_by_role("radio", name="No").check()
    expect(doctor).to_be_hidden()
    expect(status_of(carol, intake.doctor_seen)).to_have_text("Saved")
    assert stored(intake.doctor_seen) == "no"
    assert carol.evaluate("window.__sameDocument === true")  # no reload


def test_an_answer_typed_after_the_session_ended_is_saved_once_signed_in_again(
    world, browser_as, live_server
):
    lead, intake = world.carol_lead, world.intake
    carol = browser_as(CLIENT)
    carol.goto(f"{live_server.url}/portal/leads/{lead.id}/")
    expect(carol.get_by_label("Where did it happen?")).to_be_editable()
    # the session ends while the page is open (it expired, or was signed out elsewhere)
    for cookie in carol.context.cookies():
        if cookie["name"].endswith("portico_session"):
            SessionStore(session_key=cookie["value"]).delete()
    carol.get_by_label("Where did it happen?").fill("By the crane")
    status = status_of(carol, intake.where)
    expect(status).to_contain_text("you were signed out")
    expect(status.get_by_role("link", name="Sign in again")).to_be_visible()
    assert stored(intake.where) is None
    expect(carol.get_by_label("Where did it happen?")).to_have_value("By the crane")
    # signing in again in another tab gives the browser a new session
    renewed = portal_client_for(world.carol_account)
    add_session_cookie(
        carol.context, live_server.url, renewed.cookies[_session_cookie(renewed)].value
    )
    carol.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(status).to_have_text("Saved")
    assert stored(intake.where) == "By the crane"


def _session_cookie(client) -> str:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


def test_an_answer_typed_offline_survives_closing_the_page(world, browser_as, live_server):
    lead, intake = world.carol_lead, world.intake
    carol = browser_as(CLIENT)
    url = f"{live_server.url}/portal/leads/{lead.id}/"
    carol.goto(url)
    carol.context.set_offline(True)
    carol.get_by_label("Where did it happen?").fill("Behind the warehouse")
    expect(status_of(carol, intake.where)).to_contain_text("no connection")
    context = carol.context
    carol.close()
    assert stored(intake.where) is None
    context.set_offline(False)
    again = context.new_page()
    again.goto(url)
    expect(again.get_by_label("Where did it happen?")).to_have_value("Behind the warehouse")
    expect(status_of(again, intake.where)).to_have_text("Saved")
    assert stored(intake.where) == "Behind the warehouse"


def test_carol_gives_an_address_and_a_file(world, browser_as, live_server, tmp_path, alice):
    lead = world.carol_lead
    form = create_form(firm_id=lead.firm_id, name="Move-in", actor=alice)
    home = add_question(
        form=form, data=QuestionInput(label="Your home", kind="address"), actor=alice
    )
    lease = add_question(
        form=form, data=QuestionInput(label="Your lease", kind="file"), actor=alice
    )
    attach_form(matter=lead, form=form, actor=alice)
    carol = browser_as(CLIENT)
    carol.goto(f"{live_server.url}/portal/leads/{lead.id}/")
    field = carol.locator(f"#question-{home.id}")
    field.get_by_label("Street address").fill("12 Harbor Road")
    field.get_by_label("City or town").fill("Springfield")
    field.get_by_label("Postal code").fill("627")
    field.get_by_label("State or region").focus()
    expect(status_of(carol, home)).to_have_text("Not saved yet…")  # still inside the address
    carol.get_by_label("Your lease").focus()  # focus leaves the address: it is sent
    expect(field.locator("[data-intake-error]")).to_contain_text("ZIP code of five digits")
    field.get_by_label("Postal code").fill("62701")
    carol.get_by_label("Your lease").focus()
    expect(status_of(carol, home)).to_have_text("Saved")
    assert stored(home)["postal_code"] == "62701"
    pdf = tmp_path / "lease.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    carol.get_by_label("Your lease").set_input_files(str(pdf))
    expect(status_of(carol, lease)).to_have_text("Saved")
    expect(carol.locator(f"#question-{lease.id}")).to_contain_text("Current file: lease.pdf")
    document = Document.objects.get(pk=stored(lease))
    assert document.name == "lease.pdf" and not document.shared_with_clients
