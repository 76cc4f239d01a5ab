"""Domain events are said after commit, never for a rollback, survive the wire, and a failing
listener does not silence the others."""

from __future__ import annotations

import dataclasses
import datetime
import json
import typing
import uuid

import pytest
from django.db import transaction

from portico.core import events as bus
from portico.core.events import (
    deliver,
    event_from_json,
    event_to_json,
    event_types,
    publish_on_commit,
    subscribe,
)
from portico.matters.actions import add_comment
from portico.matters.events import CommentAdded
from portico.matters.models import Comment
from portico.testing.events import capture_events
from portico.testing.factories import carol_of, make_case

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def test_an_event_is_delivered_once_the_transaction_commits(harbor, alice):
    case = make_case(harbor, [carol_of(harbor)], actor=alice)
    with capture_events() as events, transaction.atomic():
        comment = add_comment(matter=case, body="Hearing moved.", is_private=False, actor=alice)
        # not yet: the transaction has not committed
        assert events == []
    assert events == [
        CommentAdded(
            firm_id=harbor.id, matter_id=case.matter_id, comment_id=comment.id, shared=True
        )
    ]


def test_nothing_is_said_of_a_transaction_that_rolls_back(harbor, alice):
    case = make_case(harbor, [carol_of(harbor)], actor=alice)
    with capture_events() as events, pytest.raises(Boom), transaction.atomic():
        add_comment(matter=case, body="Never kept.", is_private=True, actor=alice)
        raise Boom
    assert events == []
    assert not Comment.objects.filter(body="Never kept.").exists()


def test_only_registered_events_can_be_published():
    @dataclasses.dataclass(frozen=True)
    class Unregistered:
        firm_id: uuid.UUID

    with pytest.raises(TypeError, match="not a registered"):
        publish_on_commit(Unregistered(firm_id=uuid.uuid4()))


def _sample(hint):
    if typing.get_origin(hint) in (typing.Union, type(int | None)):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    return {
        uuid.UUID: uuid.uuid4(),
        bool: True,
        str: "intake",
        int: 3,
        datetime.datetime: datetime.datetime(2026, 5, 4, 9, 30, tzinfo=datetime.UTC),
        datetime.date: datetime.date(2026, 5, 4),
    }[hint]


def test_every_event_is_ids_and_plain_values_and_survives_json():
    assert len(event_types()) >= 20
    for name, cls in event_types().items():
        hints = typing.get_type_hints(cls)
        assert "firm_id" in hints, f"{name} does not say whose it is"
        event = cls(**{f.name: _sample(hints[f.name]) for f in dataclasses.fields(cls)})
        wire = json.loads(json.dumps(event_to_json(event)))
        assert wire["type"] == name
        assert event_from_json(wire) == event


# Events about the firm itself (its own settings, a session of it ending) name the firm, which
# is their record.
ABOUT_THE_FIRM = {
    "tenancy.FirmFaceChanged",
    "tenancy.FirmCreated",
    "tenancy.FirmDetailsChanged",
    "accounts.SignedOut",
}


def test_every_event_names_its_matter_or_its_contact_or_its_record():
    for name, cls in event_types().items():
        fields = {f.name for f in dataclasses.fields(cls)}
        if name in ABOUT_THE_FIRM:
            assert fields == {"firm_id"}, name
            continue
        assert fields & {"matter_id", "contact_id", "api_key_id", "staff_id", "form_id"}, name


def test_a_failing_listener_does_not_keep_the_event_from_the_others(caplog):
    heard = []
    event = CommentAdded(
        firm_id=uuid.uuid4(), matter_id=uuid.uuid4(), comment_id=uuid.uuid4(), shared=False
    )
    unsubscribe_failing = subscribe(CommentAdded, lambda e: 1 / 0)
    unsubscribe_listening = subscribe(CommentAdded, heard.append)
    try:
        deliver(event)
    finally:
        unsubscribe_failing()
        unsubscribe_listening()
    assert heard == [event]
    assert "event subscriber failed on CommentAdded" in caplog.text


class RecordingBus:
    sent: typing.ClassVar[list] = []

    def send(self, event: object) -> None:
        RecordingBus.sent.append(event_to_json(event))


def test_the_bus_is_chosen_by_setting(settings, harbor, alice):
    # given a bus between processes would carry events as JSON
    settings.EVENT_BUS = f"{__name__}.RecordingBus"
    bus._bus_named.cache_clear()
    case = make_case(harbor, [carol_of(harbor)], actor=alice)
    try:
        with capture_events() as heard_here:
            comment = add_comment(matter=case, body="Via the bus.", is_private=True, actor=alice)
    finally:
        bus._bus_named.cache_clear()
    # then the event went through it, and this process's listeners hear only what it delivers
    assert RecordingBus.sent[-1] == {
        "type": "matters.CommentAdded",
        "data": {
            "firm_id": str(harbor.id),
            "matter_id": str(case.matter_id),
            "comment_id": str(comment.id),
            "shared": False,
        },
    }
    assert heard_here == []
