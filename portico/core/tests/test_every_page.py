"""Every page of the practice app in Chromium, at 1280 and 375 px, in the light and the dark
theme (the person's own setting, emulated): axe finds no serious or critical violation, and at
375 px nothing needs sideways scrolling. The same holds after each success and each refusal
listed in STATES. The walk is also what `make screenshots` saves (PORTICO_SCREENSHOTS).

The identity service's pages are walked in test_identity_pages.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from portico.testing.browser import serious_violations
from portico.testing.geometry import sideways_overflow
from portico.testing.pages import (
    CLIENT,
    STAFF,
    left_over_exclusions,
    practice_pages,
    screenshot,
)
from portico.testing.world import each_scheme, each_width

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def check(page, what: str) -> list[str]:
    """Axe's serious and critical findings, and sideways scrolling on a phone."""
    problems = [f"{what}: {p}" for p in serious_violations(page)]
    if page.viewport_size["width"] <= 400 and (overflow := sideways_overflow(page)):
        problems.append(f"{what}: {overflow}")
    return problems


def test_the_walk_finds_every_kind_of_page(world):
    templates = {p.template for p in practice_pages(world.samples)}
    assert {"/", "/workspace/", "/portal/", "/portal/profile/", "/_dev/components/"} <= templates
    assert not left_over_exclusions()


@each_width
@each_scheme
def test_every_page_is_accessible(viewport, scheme, world, browser_as, live_server, settings):
    settings.PORTICO_DEMO = True
    browsers = {}
    problems = []
    for spec in practice_pages(world.samples):
        page = browsers.get(spec.who) or browser_as(spec.who, viewport, scheme)
        browsers[spec.who] = page
        response = page.goto(live_server.url + spec.path)
        assert response.status == 200, f"{spec.path} -> {response.status}"
        screenshot(page, spec.template, scheme)
        problems += check(page, spec.path)
    assert not problems, "\n".join(problems)


# States a page reaches after a success or a refusal: (who, name, how to get there, what the
# page then says). Each is checked like a page, and saved by `make screenshots`.


@dataclass(frozen=True)
class State:
    who: str
    name: str
    reach: Callable
    says: str


def _submit(page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()


def new_client_refused(page, base, world):
    page.goto(f"{base}/workspace/clients/new/")
    _submit(page, "Add client")


def client_saved(page, base, world):
    page.goto(f"{base}/workspace/clients/{world.carol.id}/edit/")
    page.get_by_label("Middle name").fill("Ann")
    _submit(page, "Save changes")


def comment_refused(page, base, world):
    page.goto(f"{base}/workspace/cases/{world.carol_case.id}/")
    _submit(page, "Add comment")


def comment_added(page, base, world):
    page.goto(f"{base}/workspace/cases/{world.carol_case.id}/")
    page.get_by_label("Comment", exact=True).fill("Spoke to the adjuster.")
    _submit(page, "Add comment")


def status_update_posted(page, base, world):
    page.goto(f"{base}/workspace/leads/{world.carol_lead.id}/")
    page.get_by_label("Status update", exact=True).fill("We have your lease.")
    _submit(page, "Post status update")


def lead_refused(page, base, world):
    page.goto(f"{base}/workspace/leads/new/")
    page.get_by_label("Title").fill("Marsh: neighbour's fence")
    _submit(page, "Open lead")


def case_refused(page, base, world):
    page.goto(f"{base}/workspace/cases/new/")
    page.get_by_label("Minimum trust balance").fill("a lot")
    _submit(page, "Open case")


def settings_refused(page, base, world):
    page.goto(f"{base}/workspace/settings/")
    page.get_by_label("Accent colour").fill("#ffe066")
    _submit(page, "Save")


def settings_saved(page, base, world):
    page.goto(f"{base}/workspace/settings/")
    page.get_by_label("Emails come from").fill("Harbor & Vale Client Care")
    _submit(page, "Save")


def api_key_created(page, base, world):
    page.goto(f"{base}/workspace/settings/api-keys/")
    page.get_by_label("Name").fill("Calendar sync")
    _submit(page, "Create key")


def firm_details_refused(page, base, world):
    page.goto(f"{base}/workspace/settings/")
    page.get_by_label("Currency").fill("euros")
    _submit(page, "Save the firm's details")


def staff_invitation_refused(page, base, world):
    page.goto(f"{base}/workspace/staff/invite/")
    page.get_by_label("Name").fill("Ivy Harbor")
    page.get_by_label("Email address").fill("not an email")
    _submit(page, "Send the invitation")


def last_partner_refused(page, base, world):
    page.goto(f"{base}/workspace/staff/{world.alice.id}/")
    page.get_by_role("combobox", name="Role").select_option("associate")
    _submit(page, "Save the role")


def not_found(page, base, world):
    page.goto(f"{base}/workspace/clients/00000000-0000-0000-0000-000000000000/")


def details_refused(page, base, world):
    page.goto(f"{base}/portal/profile/")
    page.get_by_role("textbox", name="Email address").first.fill("not an email")
    _submit(page, "Save my details")


def details_with_rows_added(page, base, world):
    page.goto(f"{base}/portal/profile/")
    for kind, rows in (("email", 3), ("phone", 3), ("address", 2)):
        page.get_by_role("button", name=f"Add another {kind}").click()
        expect(page.get_by_role("group", name=f"{kind.capitalize()} {rows}")).to_be_visible()


def details_saved(page, base, world):
    page.goto(f"{base}/portal/profile/")
    _submit(page, "Save my details")


def reply_refused(page, base, world):
    page.goto(f"{base}/portal/cases/{world.carol_case.id}/")
    _submit(page, "Send message")


def message_sent(page, base, world):
    page.goto(f"{base}/portal/cases/{world.carol_case.id}/")
    page.get_by_label("Write to Harbor & Vale LLP").fill("Thursday at ten suits me.")
    _submit(page, "Send message")


def payment_refused(page, base, world):
    page.goto(f"{base}/workspace/invoices/{world.samples['invoice_id']}/payments/")
    page.get_by_label("Amount").fill("99999")
    _submit(page, "Record the payment")


def deposit_saved(page, base, world):
    page.goto(f"{base}/workspace/cases/{world.carol_case.id}/money/deposits/")
    page.get_by_label("Amount").fill("250.00")
    _submit(page, "Record the deposit")


def payment_amount_refused(page, base, world):
    page.goto(f"{base}/portal/invoices/{world.samples['invoice_id']}/pay/")
    page.get_by_label("Amount to pay (USD)").fill("99999.00")
    _submit(page, "Continue to payment")


def _card(page, base, world, number: str):
    page.goto(f"{base}/_sandbox/stripe/c/pay/{world.samples['session_id']}")
    page.get_by_label("Card number").fill(number)
    page.get_by_label("Expiry date").fill("12 / 34")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_role("button", name="Pay $1,250.00").click()


def card_number_refused(page, base, world):
    _card(page, base, world, "4242 4242 4242 4241")


def card_declined(page, base, world):
    _card(page, base, world, "4000 0000 0000 9995")


def _intake_status(page, question):
    return page.locator(f"[data-intake-question]:has(#question-{question.id}) [data-intake-status]")


def intake_answered(page, base, world):
    page.goto(f"{base}/portal/cases/{world.carol_case.id}/")
    page.locator(f"#question-{world.intake.where.id}").get_by_role("textbox").fill("At the dock")
    expect(_intake_status(page, world.intake.where)).to_have_text("Saved")


def intake_answer_refused(page, base, world):
    page.goto(f"{base}/portal/cases/{world.carol_case.id}/")
    page.locator(f"#question-{world.intake.days.id}").get_by_role("textbox").fill("three")
    expect(_intake_status(page, world.intake.days)).to_have_text("Not saved")


def intake_question_shown(page, base, world):
    page.goto(f"{base}/portal/cases/{world.carol_case.id}/")
    page.locator(f"#question-{world.intake.doctor_seen.id}").get_by_role(
        "radio", name="Yes"
    ).check()
    expect(
        page.locator(f"#question-{world.intake.doctor.id}").get_by_role("textbox")
    ).to_be_visible()
    expect(_intake_status(page, world.intake.doctor_seen)).to_have_text("Saved")


def _answer_as_the_firm(page, base, world, label: str, value: str):
    page.goto(f"{base}/workspace/cases/{world.carol_case.id}/")
    page.get_by_text("Answer as the firm").click()
    page.get_by_label(label).fill(value)
    page.get_by_role("button", name=f"Save “{label}”").click()


def intake_staff_answer_saved(page, base, world):
    _answer_as_the_firm(page, base, world, "Our view of the claim", "Strong")


def intake_staff_answer_refused(page, base, world):
    _answer_as_the_firm(page, base, world, "How many days off work?", "a week or so")


def intake_reminder_sent(page, base, world):
    page.goto(f"{base}/workspace/cases/{world.carol_case.id}/")
    page.get_by_role("button", name="Email the client a reminder").click()


def intake_question_refused(page, base, world):
    page.goto(f"{base}/workspace/intake-forms/{world.intake.form.id}/")
    _submit(page, "Add the question")


STATES = [
    State(STAFF, "new client refused", new_client_refused, "some fields need attention"),
    State(STAFF, "client saved", client_saved, "Changes to Carol Ann Marsh were saved."),
    State(STAFF, "comment refused", comment_refused, "Write the comment before saving it."),
    State(STAFF, "comment added", comment_added, "Comment added."),
    State(STAFF, "status update posted", status_update_posted, "Status update posted."),
    State(STAFF, "lead refused", lead_refused, "Choose the practice area."),
    State(STAFF, "case refused", case_refused, "Give the case a name"),
    State(STAFF, "firm settings refused", settings_refused, "is too light"),
    State(STAFF, "firm settings saved", settings_saved, "Saved."),
    State(STAFF, "api key created", api_key_created, "Copy it now"),
    State(STAFF, "firm details refused", firm_details_refused, "three-letter ISO code"),
    State(STAFF, "staff invitation refused", staff_invitation_refused, "Nobody was invited"),
    State(STAFF, "last partner refused", last_partner_refused, "at least one partner"),
    State(STAFF, "page not found", not_found, "We can't find that page"),
    State(STAFF, "payment refused", payment_refused, "still owed on Invoice"),
    State(STAFF, "trust deposit saved", deposit_saved, "Trust deposit of $250.00 recorded"),
    State(CLIENT, "my details refused", details_refused, "is not an email address"),
    State(CLIENT, "my details with rows added", details_with_rows_added, "Address 2"),
    State(CLIENT, "my details saved", details_saved, "Your details are saved."),
    State(CLIENT, "reply refused", reply_refused, "Write the message before saving it."),
    State(CLIENT, "message sent", message_sent, "Message sent."),
    State(CLIENT, "payment amount refused", payment_amount_refused, "still owed"),
    State(CLIENT, "test card number refused", card_number_refused, "card number is incorrect"),
    State(CLIENT, "test card declined", card_declined, "Your card has insufficient funds."),
    State(CLIENT, "intake answer saved", intake_answered, "Saved"),
    State(CLIENT, "intake answer refused", intake_answer_refused, "Enter a number"),
    State(CLIENT, "intake question shown", intake_question_shown, "Which doctor?"),
    State(STAFF, "intake staff answer saved", intake_staff_answer_saved, "Answer saved"),
    State(STAFF, "intake staff answer refused", intake_staff_answer_refused, "was not changed"),
    State(STAFF, "intake reminder sent", intake_reminder_sent, "Reminder sent to"),
    State(STAFF, "intake question refused", intake_question_refused, "Enter the question"),
]


def test_the_states_cover_successes_and_refusals():
    names = [s.name for s in STATES]
    assert len(names) == len(set(names))
    assert sum("refused" in n for n in names) >= 6 and sum("saved" in n for n in names) >= 3


@each_width
@each_scheme
def test_every_state_after_a_success_or_a_refusal_is_accessible(
    viewport, scheme, world, browser_as, live_server
):
    browsers = {}
    problems = []
    for state in STATES:
        page = browsers.get(state.who) or browser_as(state.who, viewport, scheme)
        browsers[state.who] = page
        state.reach(page, live_server.url, world)
        expect(page.locator("main")).to_contain_text(state.says)
        screenshot(page, f"state {state.name}", scheme)
        problems += check(page, state.name)
    assert not problems, "\n".join(problems)


def test_choosing_between_two_firms_portals_is_accessible(world, new_context, live_server):
    """The one page the walk cannot reach alone: a client of two firms chooses a portal."""
    from django.test import Client

    from portico.accounts.views.signin import PENDING_KEY
    from portico.testing.browser import DESKTOP, PHONE, add_session_cookie
    from portico.testing.factories import make_contact
    from portico.testing.geometry import label_problems
    from portico.testing.sessions import open_account

    sub = world.carol_account.identity_user_id
    elsewhere = open_account(make_contact(world.other, "Carol", "Marsh", emails=("c@m.example",)))
    elsewhere.identity_user_id = sub
    elsewhere.save()
    client = Client()
    session = client.session
    session[PENDING_KEY] = {"claims": {"sub": sub, "sid": "s", "exp": 0}, "id_token": "x"}
    session.save()
    problems = []
    for viewport in (DESKTOP, PHONE):
        for scheme in ("light", "dark"):
            context = new_context(viewport=viewport, color_scheme=scheme)
            add_session_cookie(context, live_server.url, session.session_key)
            page = context.new_page()
            page.goto(f"{live_server.url}/accounts/choose-firm/")
            expect(page.get_by_role("radio", name="Other Firm")).to_be_visible()
            screenshot(page, "accounts choose firm", scheme)
            problems += check(page, f"choose a firm {viewport['width']}px {scheme}")
            problems += label_problems(page)[1]
    assert not problems, "\n".join(problems)
