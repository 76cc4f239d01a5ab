"""Who hears of an intake answer: the firm of every one, on the matter's topic, at once; the
matter's clients of answers to questions they see; nobody outside the firm of a private one."""

from __future__ import annotations

import json

import pytest

from portico.intake.actions import save_answer
from portico.live.audiences import audiences_of
from portico.live.models import WORKSPACE, client_audience
from portico.testing.events import capture_events
from portico.testing.factories import carol_of, make_lead
from portico.testing.intake import put_intake
from portico.testing.sessions import open_account

pytestmark = pytest.mark.django_db


def told(action) -> dict[str, dict]:
    with capture_events() as events:
        action()
    return {t.audience: t.payload for e in events for t in audiences_of(e)}


def test_a_clients_answer_reaches_the_firms_open_matter_page(harbor, alice):
    carol = carol_of(harbor, actor=alice)
    open_account(carol)
    lead = make_lead(harbor, [carol], actor=alice)
    intake = put_intake(lead, alice, private_label="Our view of the claim")
    heard = told(
        lambda: save_answer(matter=lead, question=intake.where, value="Dock 4", actor=carol)
    )
    assert set(heard) == {WORKSPACE, client_audience(carol.id)}
    assert f"matter:{lead.matter_id}" in heard[WORKSPACE]["topics"]
    assert heard[WORKSPACE]["say"] == "A client answered an intake question"
    assert "Dock 4" not in json.dumps(heard)


def test_a_private_answer_is_the_firms_alone(harbor, alice):
    carol = carol_of(harbor, actor=alice)
    open_account(carol)
    lead = make_lead(harbor, [carol], actor=alice)
    intake = put_intake(lead, alice, private_label="Our view of the claim")
    heard = told(
        lambda: save_answer(matter=lead, question=intake.private, value="Weak", actor=alice)
    )
    assert set(heard) == {WORKSPACE}
