"""A client signs in at the identity service, over real HTTP; one person may open several doors."""

from __future__ import annotations

import pytest

from portico.portal.models import PortalAccount
from portico.testing.factories import StaffMemberFactory, make_case, make_contact
from portico.testing.http_browser import HttpBrowser
from portico.testing.identity import unique_email

pytestmark = pytest.mark.identity

PASSWORD = "Lighthouse-Rope-Amber-5"


@pytest.fixture
def person(identity_admin):
    email = unique_email("pat")
    user = identity_admin.create_user(email=email, password=PASSWORD, email_verified=True)
    return email, user["user_id"]


def client_of(firm, actor, email: str, sub: str, name: str = "Pat"):
    contact = make_contact(firm, name, "Doors", emails=(email,), actor=actor)
    case = make_case(firm, [contact], name=f"{name} Doors v. {firm.slug}", actor=actor)
    PortalAccount.objects.create(
        firm_id=firm.id, contact=contact, email=email, identity_user_id=sub, status="invited"
    )
    return contact, case


def portal_sign_in(base: str, email: str) -> tuple[HttpBrowser, object]:
    browser = HttpBrowser()
    page = browser.get(f"{base}/portal/sign-in/")
    return browser, browser.submit(page, {"email": email, "password": PASSWORD})


def test_a_client_signs_in_and_their_access_becomes_active(
    web_with_identity, harbor, alice, person
):
    email, sub = person
    contact, case = client_of(harbor, alice, email, sub)
    _browser, landed = portal_sign_in(web_with_identity, email)
    assert str(landed.url) == f"{web_with_identity}/portal/"
    assert case.name in landed.text
    account = PortalAccount.objects.get(contact=contact)
    assert account.status == "active" and account.activated_at is not None


def test_staff_at_one_firm_and_client_of_another_opens_each_door(
    web_with_identity, harbor, alice, other_firm, person
):
    email, sub = person
    StaffMemberFactory(firm=other_firm, sub=sub, email=email, name="Pat Doors")
    _contact, case = client_of(harbor, alice, email, sub)
    # through the portal door: Harbor & Vale's portal, their own case
    _browser, portal = portal_sign_in(web_with_identity, email)
    assert str(portal.url) == f"{web_with_identity}/portal/" and case.name in portal.text
    # through the staff door: Other Firm's workspace
    staff = HttpBrowser()
    page = staff.get(f"{web_with_identity}/accounts/sign-in/")
    workspace = staff.submit(page, {"email": email, "password": PASSWORD})
    assert str(workspace.url) == f"{web_with_identity}/workspace/"
    assert "Other Firm" in workspace.text and case.name not in workspace.text


def test_a_client_of_two_firms_chooses_which_portal_to_open(
    web_with_identity, harbor, alice, other_firm, dave, person
):
    email, sub = person
    _c1, harbor_case = client_of(harbor, alice, email, sub)
    _c2, other_case = client_of(other_firm, dave, email, sub)
    browser, choose = portal_sign_in(web_with_identity, email)
    assert str(choose.url) == f"{web_with_identity}/accounts/choose-firm/"
    assert "Harbor &amp; Vale LLP" in choose.text and "Other Firm" in choose.text
    other_account = PortalAccount.objects.get(firm=other_firm, identity_user_id=sub)
    portal = browser.submit(choose, {"account": str(other_account.id)}, index=0)
    assert str(portal.url) == f"{web_with_identity}/portal/"
    assert other_case.name in portal.text and harbor_case.name not in portal.text


def test_someone_with_no_open_door_is_told_so(web_with_identity, person):
    email, _sub = person
    _browser, page = portal_sign_in(web_with_identity, email)
    assert page.status_code == 403
    assert "has no access here" in page.text
