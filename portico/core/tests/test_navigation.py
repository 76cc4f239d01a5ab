"""The navigation marks the page a person is on (and the section it belongs to)."""

from __future__ import annotations

import re

import pytest

# Each builds the whole two-firm world first, about half a second.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def current(html: str) -> list[str]:
    return re.findall(r'<a href="[^"]+" aria-current="page">([^<]+)</a>', html)


def test_the_current_section_is_marked(world, as_alice):
    assert current(as_alice.get("/workspace/").content.decode()) == ["Home"]
    assert current(as_alice.get("/workspace/clients/").content.decode()) == ["Clients"]
    contact = as_alice.get(f"/workspace/clients/{world.carol.id}/").content.decode()
    assert current(contact) == ["Clients"]
    assert current(as_alice.get("/workspace/settings/api-keys/").content.decode()) == ["Settings"]


def test_the_portal_marks_its_pages(world):
    from portico.testing.sessions import portal_client_for

    carol = portal_client_for(world.carol_account)
    assert current(carol.get("/portal/").content.decode()) == ["My matters"]
    assert current(carol.get("/portal/profile/").content.decode()) == ["My details"]
