"""The form behaviours a person notices, in Chromium: an impossible date typed into the date
box is refused beside it; a refused form puts its error summary first and focused, each line
taking the person to its field; a new comment is highlighted and announced; the contacts picker
finds a name."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from portico.clients.models import Contact
from portico.testing.pages import STAFF

pytestmark = [pytest.mark.browser]


def test_an_impossible_date_typed_into_the_date_box_is_refused_beside_it(
    world, browser_as, live_server
):
    page = browser_as(STAFF)
    page.goto(f"{live_server.url}/workspace/clients/{world.carol.id}/edit/")
    birth = page.get_by_label("Date of birth")
    expect(birth).to_have_value("1984-05-17")
    # carol's date of birth typed as 02/31/1984: the browser keeps no value for it
    birth.focus()  # the month comes first
    page.keyboard.type("02311984")
    state = page.evaluate(
        "(() => { const i = document.getElementById('id_date_of_birth');"
        " return [i.value, i.validity.badInput]; })()"
    )
    assert state == ["", True], state
    page.get_by_role("button", name="Save changes").click()

    # refused, beside the field, and named in the summary that takes the focus
    expect(page.locator("#id_date_of_birth_error")).to_have_text(
        "Error: That is not a real date. Check the day and the month."
    )
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("[data-error-summary]")).to_contain_text("Date of birth: That is not")
    # and the date on file is unchanged
    carol = Contact.objects.get(pk=world.carol.pk)
    assert carol.date_of_birth == datetime.date(1984, 5, 17)


def test_a_refused_form_puts_its_summary_first_and_each_line_leads_to_its_field(
    world, browser_as, live_server
):
    page = browser_as(STAFF)
    page.goto(f"{live_server.url}/workspace/leads/new/")
    page.get_by_label("Title").fill("Marsh: neighbour's fence")
    page.get_by_role("button", name="Open lead").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("alert")).to_contain_text("Practice area: Choose the practice area.")
    assert page.evaluate("window.scrollY") < 50  # the summary is in sight at the top
    summary.get_by_role("link", name=re.compile("Practice area")).click()
    expect(page.get_by_label("Practice area")).to_be_focused()


def test_a_new_comment_is_highlighted_and_announced(world, browser_as, live_server):
    page = browser_as(STAFF)
    page.goto(f"{live_server.url}/workspace/cases/{world.carol_case.id}/")
    page.get_by_label("Comment", exact=True).fill("Spoke to the adjuster.")
    page.get_by_role("button", name="Add comment").click()

    expect(page).to_have_url(re.compile(r"#comment-[0-9a-f-]+$"))
    new = page.locator("li.is-new")
    expect(new).to_contain_text("Spoke to the adjuster.")
    expect(new).to_be_in_viewport()
    expect(page.get_by_role("status").first).to_contain_text("Comment added.")


def test_the_contacts_picker_finds_a_name_and_keeps_what_is_ticked(world, browser_as, live_server):
    page = browser_as(STAFF)
    page.goto(f"{live_server.url}/workspace/leads/new/")
    search = page.get_by_label("Find a contact by name")
    carol = page.get_by_role("checkbox", name="Carol Marsh")
    dan = page.get_by_role("checkbox", name="Dan Okafor")

    search.fill("okaf")
    expect(dan).to_be_visible()
    expect(carol).to_be_hidden()
    expect(page.get_by_text("1 of 2 shown")).to_be_visible()
    dan.check()
    search.fill("marsh")
    expect(carol).to_be_visible()
    expect(dan).to_be_visible()  # ticked, so it stays in sight
    expect(dan).to_be_checked()
