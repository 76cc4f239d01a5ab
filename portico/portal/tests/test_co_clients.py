"""Two clients on one case read one thread: each sees their own messages as "You" and the
other's under the other's name, on the page and in the API."""

from __future__ import annotations

import re

import pytest

from portico.matters.actions import add_comment
from portico.testing.factories import carol_of, make_case, make_contact
from portico.testing.sessions import open_account, portal_client_for

pytestmark = pytest.mark.django_db


def test_a_co_clients_message_carries_their_name_not_you(harbor, alice):
    carol = carol_of(harbor, actor=alice)
    pat = make_contact(harbor, "Pat", "Marsh", emails=("pat@marsh.example",), actor=alice)
    case = make_case(harbor, [carol, pat], actor=alice)
    add_comment(matter=case, body="From carol.", is_private=False, actor=carol)
    add_comment(matter=case, body="From pat.", is_private=False, actor=pat)
    as_carol = portal_client_for(open_account(carol))

    html = as_carol.get(f"/portal/cases/{case.id}/").content.decode()
    thread = html.split('id="messages-heading"', 1)[1]
    metas = re.findall(r'<p class="thread__meta">([^<·]+)·', thread)
    assert [m.strip() for m in metas] == ["You", "Pat Marsh"]

    messages = as_carol.get(f"/portal/api/v1/cases/{case.id}").json()["messages"]
    assert [(m["by"], m["mine"]) for m in messages] == [("You", True), ("Pat Marsh", False)]
