"""The demo world: Harbor & Vale with carol and dan, their cases and a lead; Other Firm with erin."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from portico.audit.models import AuditEvent
from portico.clients.models import Contact
from portico.demo.seed import seed_demo
from portico.matters.models import Case, Comment, Lead, StatusUpdate
from portico.portal.models import PortalAccount
from portico.tenancy.models import Firm

pytestmark = [pytest.mark.django_db, pytest.mark.identity]


def test_the_demo_seeds_the_practice_once(
    tmp_path, identity_admin, django_capture_on_commit_callbacks
):
    path = tmp_path / "demo.json"
    # when the demo is seeded twice, through the running identity service
    with django_capture_on_commit_callbacks(execute=True):
        first = seed_demo(identity_admin, path=path)
        second = seed_demo(identity_admin, path=path)
    # then carol and dan are Harbor & Vale's clients, erin Other Firm's, once each
    harbor = Firm.objects.get(slug="harbor-vale")
    other = Firm.objects.get(slug="other-firm")
    assert sorted(Contact.objects.for_firm(harbor.id).values_list("display_name", flat=True)) == [
        "Carol Marsh",
        "Dan Okafor",
    ]
    assert list(Contact.objects.for_firm(other.id).values_list("display_name", flat=True)) == [
        "Erin Walsh"
    ]
    # with cases, a lead, comments of both kinds and status updates
    assert Case.objects.for_firm(harbor.id).count() == 2
    assert Lead.objects.for_firm(harbor.id).count() == 1
    assert set(Comment.objects.for_firm(harbor.id).values_list("is_private", flat=True)) == {
        True,
        False,
    }
    assert StatusUpdate.objects.for_firm(harbor.id).count() >= 3
    assert Case.objects.for_firm(other.id).count() == 1
    # documents both ways: the firm's shared letter, and a photo carol uploaded (hers alone)
    from portico.documents.models import Document

    assert {
        (d.name, d.shared_with_clients, d.author_name) for d in Document.objects.for_firm(harbor.id)
    } == {
        ("Engagement letter.pdf", True, "Alice Harbor"),
        ("Warehouse floor.jpg", False, "Carol Marsh"),
    }
    # written by the firm's own people, never "System", over past months
    records = [*Comment.objects.for_firm(harbor.id), *StatusUpdate.objects.for_firm(harbor.id)]
    assert {r.author_name for r in records} == {"Alice Harbor", "Bob Vale", "Carol Marsh"}
    assert (
        not AuditEvent.objects.for_firm(harbor.id)
        .filter(actor_kind=AuditEvent.ActorKind.SYSTEM)
        .exclude(verb="portal.invitation_sent")
    )
    months = {r.created_at.strftime("%Y-%m") for r in records}
    assert len(months) >= 4
    assert max(r.created_at for r in records) > timezone.now() - timedelta(days=7)
    # and demo.json names each client's email and contact, with the password of those who
    # use the portal (carol, erin); dan is left to be invited
    assert first == second == json.loads(path.read_text())
    harbor_clients = first["firms"][0]["clients"]
    carol = Contact.objects.for_firm(harbor.id).get(first_name="Carol")
    assert harbor_clients[0] == {
        "email": "carol@marsh.example",
        "password": "Juniper-Signal-Ledger-8",
        "contact_id": str(carol.id),
    }
    assert harbor_clients[1]["password"] is None
    # carol's portal access is real: one identity user carrying Harbor & Vale's grant
    [user] = identity_admin.users_by_email("carol@marsh.example")
    assert user["app_metadata"]["portal_grants"][str(harbor.id)] == str(carol.id)
    assert PortalAccount.objects.get(contact=carol).identity_user_id == user["user_id"]
    assert not PortalAccount.objects.filter(contact__first_name="Dan").exists()
    assert [c["email"] for c in first["firms"][1]["clients"]] == ["erin@walsh.example"]
