"""The identity service's pages, as a browser test walks them: every page a person can land
on, and the states its forms reach after a success or a refusal. The service is a separate
project, so its pages are listed here rather than read from a URL configuration."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest

from portico.testing.identity import unique_email

PASSWORD = "Harbour-Lantern-Quay-31"


@dataclass(frozen=True)
class IdentityWorld:
    issuer: str
    organization: str  # the Harbor & Vale organization's id at the identity service
    email: str  # a person with PASSWORD
    ticket: str  # a password link for them

    def path(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.path}?{parts.query}" if parts.query else parts.path


@pytest.fixture
def identity_world(harbor, identity_settings, identity_service, identity_admin) -> IdentityWorld:
    from portico.portal.tasks import show_firm_at_identity_service

    harbor.accent_colour = "#7a1f5c"
    harbor.save()
    assert show_firm_at_identity_service.call(firm_id=str(harbor.id)) == "shown"
    harbor.refresh_from_db()
    email = unique_email("carol")
    user = identity_admin.create_user(email=email, password=PASSWORD, email_verified=True)
    ticket = identity_admin.create_password_change_ticket(user_id=user["user_id"])
    return IdentityWorld(identity_service.issuer, harbor.identity_organization_id, email, ticket)


def branded_login(world: IdentityWorld) -> str:
    authorize = (
        f"/authorize?{urlencode({'client_id': 'portico', 'organization': world.organization})}"
    )
    return f"/u/login?{urlencode({'next': authorize})}"


def identity_pages(world: IdentityWorld) -> dict[str, str]:
    """name -> path of every page of the identity service a person lands on."""
    return {
        "identity home": "/",
        "sign in": "/u/login",
        "sign in to harbor and vale": branded_login(world),
        "forgot password": "/u/forgot-password",
        "set a password": world.path(world.ticket).rstrip("#"),
        "a password link that does not work": "/u/reset-password?ticket=not-a-ticket",
        "identity page not found": "/no-such-page",
    }


def sign_in_refused(page, world: IdentityWorld) -> None:
    page.goto(world.issuer.rstrip("/") + branded_login(world))
    page.get_by_label("Email address").fill(world.email)
    page.get_by_label("Password").fill("not-the-password-1")
    page.get_by_role("button", name="Sign in").click()


def reset_link_sent(page, world: IdentityWorld) -> None:
    page.goto(world.issuer + "u/forgot-password")
    page.get_by_label("Email address").fill(world.email)
    page.get_by_role("button", name="Email me a link").click()


def password_refused(page, world: IdentityWorld) -> None:
    page.goto(world.ticket)
    page.get_by_label("New password", exact=True).fill(PASSWORD + "x")
    page.get_by_label("Type the new password again").fill(PASSWORD + "y")
    page.get_by_role("button", name="Save password").click()


IDENTITY_STATES: list[tuple[str, Callable, str]] = [
    ("sign-in refused", sign_in_refused, "The email address or password is not right."),
    ("reset link sent", reset_link_sent, "We've just sent you an email"),
    ("new password refused", password_refused, "The two passwords don't match."),
]
