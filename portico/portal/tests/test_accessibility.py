"""axe on every portal page, as carol sees it in Chromium at desktop width and at 375 px: no
serious or critical violation. Pages are read from the URL configuration, so a portal page added
later is scanned without edits; one that takes an id with no sample here fails until one is."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import expect

from portico.matters.actions import add_comment, post_status_update
from portico.testing.browser import DESKTOP, PHONE, add_session_cookie, serious_violations
from portico.testing.routes import all_routes
from portico.testing.sessions import portal_client_for

pytestmark = pytest.mark.browser

NOT_PAGES = {
    "/portal/sign-in/": "redirects to the identity service's login page, scanned on its own",
    "/portal/profile/form-row/": "an HTMX fragment of My details, scanned there once added",
}
WIDTHS = {"params": [DESKTOP, PHONE], "ids": ["desktop", "375px"]}


def portal_pages() -> list:
    return [
        r
        for r in all_routes()
        if r.is_portal and not r.template.startswith("/portal/api/") and r.template not in NOT_PAGES
    ]


def samples(person) -> dict[str, object]:
    """One of `person`'s records for every id parameter a portal page takes."""
    return {"case_id": person.case.id, "lead_id": person.lead.id}


@pytest.fixture(**WIDTHS)
def carol_in_chromium(carol, carol_account, alice, live_server, new_context, request):
    """carol, signed in to the portal in a browser at each width, with progress and messages on
    her matters so that every part of each page is on it."""
    for matter in (carol.case, carol.lead):
        post_status_update(matter=matter, body="We filed the claim with the court.", actor=alice)
        add_comment(matter=matter, body="Please send the lease.", is_private=False, actor=alice)
        add_comment(
            matter=matter, body="Attached, thank you.", is_private=False, actor=carol.contact
        )
    session = portal_client_for(carol_account).cookies[settings.SESSION_COOKIE_NAME].value
    context = new_context(viewport=request.param)
    add_session_cookie(context, live_server.url, session)
    return context.new_page()


def assert_accessible(page, what: str) -> None:
    width = page.viewport_size["width"]
    problems = serious_violations(page)
    assert not problems, f"{what} at {width}px:\n" + "\n".join(problems)
    # axe cannot see reflow (WCAG 1.4.10): at phone width nothing may need sideways scrolling
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{what} is {scroll_width}px wide in a {width}px window"


def test_the_walk_finds_every_kind_of_portal_page():
    templates = {r.template for r in portal_pages()}
    assert {"/portal/", "/portal/profile/"} <= templates
    assert any(r.params for r in portal_pages())
    assert set(NOT_PAGES) <= {r.template for r in all_routes()}, "a left-over exclusion"


def test_every_portal_page_has_no_serious_violation(carol, carol_in_chromium, live_server):
    page = carol_in_chromium
    for route in portal_pages():
        missing = set(route.params) - samples(carol).keys()
        assert not missing, f"{route.template}: add a sample for {sorted(missing)}"
        response = page.goto(live_server.url + route.build(samples(carol)))
        assert response.status == 200, f"{route.template} -> {response.status}"
        assert page.url.startswith(live_server.url + "/portal/"), f"{route.template} -> {page.url}"
        assert_accessible(page, route.template)


def test_my_details_stays_accessible_with_added_rows_and_errors(carol_in_chromium, live_server):
    page = carol_in_chromium
    page.goto(f"{live_server.url}/portal/profile/")
    # rows added through the form's buttons (the HTMX fragment)
    for kind, rows in (("email", 3), ("phone", 3), ("address", 2)):
        page.get_by_role("button", name=f"Add another {kind}").click()
        expect(page.get_by_role("group", name=f"{kind.capitalize()} {rows}")).to_be_visible()
    assert_accessible(page, "My details with added rows")
    # and the form sent back with a mistake
    page.get_by_role("textbox", name="Email address").first.fill("not an email")
    page.get_by_role("button", name="Save my details").click()
    expect(page.get_by_role("alert")).to_contain_text("some fields need attention")
    assert_accessible(page, "My details with errors")


def test_a_reply_refused_for_being_empty_stays_accessible(carol, carol_in_chromium, live_server):
    page = carol_in_chromium
    page.goto(f"{live_server.url}/portal/cases/{carol.case.id}/")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("textbox", name="Write to Harbor & Vale LLP")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert_accessible(page, "a case page with a refused reply")


@pytest.mark.identity
@pytest.mark.parametrize("viewport", WIDTHS["params"], ids=WIDTHS["ids"])
def test_the_way_in_has_no_serious_violation(viewport, web_with_identity, new_context):
    page = new_context(viewport=viewport).new_page()
    # the front door
    page.goto(f"{web_with_identity}/")
    assert_accessible(page, "the landing page")
    # the portal's sign-in, which is the identity service's login page
    page.goto(f"{web_with_identity}/portal/sign-in/")
    expect(page.get_by_label("Password")).to_be_visible()
    assert "/u/login" in page.url
    assert_accessible(page, "the identity service's login page")
