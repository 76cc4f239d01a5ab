"""The identity service's pages wear the same design system: at 1280 and 375 px, light and
dark, every page and each listed state after a refusal or a success has no serious axe
violation and no sideways scrolling on a phone; a sign-in started for a firm shows its name,
logo and colour."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portico.testing.browser import serious_violations
from portico.testing.geometry import sideways_overflow
from portico.testing.identity_pages import IDENTITY_STATES, branded_login, identity_pages
from portico.testing.pages import screenshot
from portico.testing.world import each_scheme, each_width

pytestmark = [pytest.mark.browser, pytest.mark.identity, pytest.mark.slow]


def check(page, what: str) -> list[str]:
    problems = [f"{what}: {p}" for p in serious_violations(page)]
    if page.viewport_size["width"] <= 400 and (overflow := sideways_overflow(page)):
        problems.append(f"{what}: {overflow}")
    return problems


@each_width
@each_scheme
def test_every_identity_page_and_state_is_accessible(viewport, scheme, identity_world, new_context):
    page = new_context(viewport=viewport, color_scheme=scheme).new_page()
    problems = []
    for name, path in identity_pages(identity_world).items():
        page.goto(identity_world.issuer.rstrip("/") + path)
        screenshot(page, f"identity {name}", scheme)
        problems += check(page, name)
    for name, reach, says in IDENTITY_STATES:
        reach(page, identity_world)
        expect(page.locator("main")).to_contain_text(says)
        screenshot(page, f"identity state {name}", scheme)
        problems += check(page, name)
    assert not problems, "\n".join(problems)


def test_a_sign_in_started_for_the_firm_shows_its_face(identity_world, new_context):
    page = new_context().new_page()
    page.goto(identity_world.issuer.rstrip("/") + branded_login(identity_world))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Harbor & Vale LLP")
    button = page.get_by_role("button", name="Sign in")
    expect(button).to_have_css("background-color", "rgb(122, 31, 92)")  # #7a1f5c
