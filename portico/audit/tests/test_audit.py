"""The audit trail: who did what, to what, from what to what, and when."""

from __future__ import annotations

import pytest

from portico.audit.actions import changed, record_audit
from portico.audit.models import AuditEvent
from portico.clients.events import ContactVerb
from portico.tenancy.actions import create_api_key
from portico.testing.factories import carol_of

pytestmark = pytest.mark.django_db


def test_each_kind_of_actor_is_named_as_it_was_at_the_time(harbor, alice):
    carol = carol_of(harbor)
    key, _raw = create_api_key(firm=harbor, name="Intake form", actor=alice)
    for actor in (alice, key, None):
        record_audit(firm_id=harbor.id, actor=actor, verb=ContactVerb.UPDATED, obj=carol)
    events = (
        AuditEvent.objects.for_firm(harbor.id).filter(verb="contact.updated").order_by("created_at")
    )
    assert [(e.actor_kind, e.actor_id, e.actor_label) for e in events] == [
        ("staff", alice.id, "Alice Harbor"),
        ("api_key", key.id, "API key “Intake form”"),
        ("system", None, "System"),
    ]
    assert {(e.object_type, e.object_id, e.object_label) for e in events} == {
        ("clients.contact", carol.id, "Carol Marsh")
    }


def test_only_what_changed_is_kept_as_before_and_after():
    before = {"first_name": "Carol", "last_name": "Marsh", "emails": ["a"]}
    after = {"first_name": "Carol", "last_name": "Reyes", "emails": ["a", "b"]}
    assert changed(before, after) == (
        {"last_name": "Marsh", "emails": ["a"]},
        {"last_name": "Reyes", "emails": ["a", "b"]},
    )


def test_the_case_page_shows_who_changed_what_before_after_and_when(as_alice, harbor_api, harbor):
    # given a case opened by alice, then renumbered through the API
    from portico.testing.factories import make_case

    case = make_case(harbor, [carol_of(harbor)], number="HV-1")
    response = harbor_api.patch(
        f"/api/v1/cases/{case.id}", {"number": "HV-2"}, content_type="application/json"
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(verb="case.updated")
    assert (event.before, event.after) == ({"number": "HV-1"}, {"number": "HV-2"})
    # when alice opens the case
    page = as_alice.get(f"/workspace/cases/{case.id}/").content.decode()
    # then the history row says who, what, before, after and when
    row = page[page.index("API key “Test key”") - 300 :][:900]
    assert "changed the case" in row and "HV-1" in row and "HV-2" in row
    assert "<time datetime=" in row
