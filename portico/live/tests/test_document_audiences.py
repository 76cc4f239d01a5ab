"""Who hears of a document: the firm of every one; the matter's clients of those shared with
them; a client of their own upload; nobody outside the firm of a private file."""

from __future__ import annotations

import pytest

from portico.documents.actions import delete_document, set_document_sharing
from portico.live.audiences import audiences_of
from portico.live.models import WORKSPACE, client_audience
from portico.testing.documents import PDF, jpeg, put_document
from portico.testing.events import capture_events
from portico.testing.factories import carol_of, dan_of, make_case
from portico.testing.sessions import open_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(harbor, alice):
    carol, dan = carol_of(harbor, actor=alice), dan_of(harbor, actor=alice)
    open_account(carol)
    open_account(dan)
    return make_case(harbor, [carol, dan], actor=alice), carol, dan


def told(action) -> dict[str, dict]:
    with capture_events() as events:
        action()
    return {t.audience: t.payload for e in events for t in audiences_of(e)}


def test_a_private_file_is_the_firms_alone_until_shared(case, alice):
    case, carol, dan = case
    heard = told(lambda: put_document(case, "Strategy memo.pdf", PDF, actor=alice))
    assert set(heard) == {WORKSPACE}
    document = case.matter.document_records.get()
    heard = told(lambda: set_document_sharing(document=document, shared=True, actor=alice))
    assert set(heard) == {WORKSPACE, client_audience(carol.id), client_audience(dan.id)}
    assert heard[client_audience(carol.id)]["topics"] == [f"matter:{case.matter_id}"]


def test_a_clients_upload_is_told_to_them_and_the_firm_as_client_activity(case):
    case, carol, _dan = case
    heard = told(lambda: put_document(case, "Bruise.jpg", jpeg(), actor=carol))
    assert set(heard) == {WORKSPACE, client_audience(carol.id)}
    assert "activity" in heard[WORKSPACE]["topics"]
    assert heard[WORKSPACE]["say"] == "New document from a client"
    photo = case.matter.document_records.get()
    heard = told(lambda: delete_document(document=photo, actor=None))
    assert set(heard) == {WORKSPACE, client_audience(carol.id)}
