"""The workspace home says what needs attention: what clients wrote lately (awaiting a reply
until someone at the firm answers), invitations not accepted yet, matters that moved, and the
actions a day starts with."""

from __future__ import annotations

import re

import pytest

from portico.matters.actions import add_comment

# Each builds the whole two-firm world first, about half a second.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def section(html: str, heading: str) -> str:
    return re.search(rf">{heading}</h2>(.*?)</section>", html, re.S).group(1)


def test_the_home_shows_what_needs_attention(world, as_alice):
    # (in the world, dan was invited and has not signed in yet)
    html = as_alice.get("/workspace/").content.decode()

    from_clients = section(html, "From your clients")
    assert "Carol Marsh</strong>: I found three photos from that afternoon." in from_clients
    assert "Message on Marsh v. Bayline Logistics" in from_clients
    assert "Awaiting reply" in from_clients
    invitations = section(html, "Invitations not accepted yet")
    assert "Dan Okafor" in invitations and "Resend" in invitations
    assert "Carol Marsh" not in invitations  # she signs in already
    recent = section(html, "Matters updated lately")
    assert "Marsh v. Bayline Logistics" in recent and "Okafor: landlord" in recent
    assert "In re Estate of Ruth Okafor" not in recent  # nothing there for two months
    for action in ("New client", "New lead", "New case", "Find a client"):
        assert f">{action}</a>" in html


def test_a_message_is_no_longer_awaiting_once_the_firm_answers(world, as_alice, alice):
    add_comment(matter=world.carol_case, body="Thursday is fine.", is_private=False, actor=alice)
    from_clients = section(as_alice.get("/workspace/").content.decode(), "From your clients")
    assert "I found three photos" in from_clients
    assert "Awaiting reply" not in from_clients


def test_another_firms_home_shows_none_of_it(world, as_dave):
    html = as_dave.get("/workspace/").content.decode()
    assert "Carol Marsh" not in html and "Bayline" not in html
    assert "Nothing new from your clients in the last month." in html
