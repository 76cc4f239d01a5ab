"""People and pages for browser journeys against the real identity service: a person with a
password there, a client with portal access and a case, signing in, and watching that an open
page follows its live stream without reloading."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from portico.portal.models import PortalAccount
from portico.testing.factories import make_case, make_contact
from portico.testing.identity import unique_email

PASSWORD = "Harbor-Lantern-Quay-31"


def person(identity_admin, name: str) -> tuple[str, str]:
    email = unique_email(name)
    user = identity_admin.create_user(email=email, password=PASSWORD, email_verified=True)
    return email, user["user_id"]


def client_with_portal(firm, actor, identity_admin, first: str, last: str, case_name: str):
    email, sub = person(identity_admin, first.lower())
    contact = make_contact(firm, first, last, emails=(email,), actor=actor)
    case = make_case(firm, [contact], name=case_name, actor=actor)
    PortalAccount.objects.create(
        firm_id=firm.id, contact=contact, email=email, identity_user_id=sub, status="active"
    )
    return email, contact, case


def sign_in(page, start_url: str, email: str) -> None:
    page.goto(start_url)
    expect(page).to_have_url(re.compile(r"/u/login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def following(page) -> None:
    """The page's live stream is open; mark the page so a reload would show."""
    expect(page.locator("body")).to_have_attribute("data-live-state", "open")
    page.evaluate("window.__sameDocument = true")


def still_the_same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")
