"""The demo world: Harbor & Vale with carol and dan, their cases and a lead; Other Firm with erin."""

from __future__ import annotations

import json

import pytest

from portico.clients.models import Contact
from portico.demo.seed import seed_demo
from portico.matters.models import Case, Comment, Lead, StatusUpdate
from portico.tenancy.models import Firm

pytestmark = pytest.mark.django_db


class FakeIdentityAdmin:
    """Stands in for the Management API: remembers the users it was asked to create."""

    def __init__(self):
        self.users: dict[str, dict] = {}

    def users_by_email(self, email):
        return [self.users[email]] if email in self.users else []

    def create_user(self, *, email, **_fields):
        self.users[email] = {"user_id": f"auth0|{len(self.users)}", "email": email}
        return self.users[email]


def test_the_demo_seeds_the_practice_once(tmp_path):
    path = tmp_path / "demo.json"
    admin = FakeIdentityAdmin()
    # when the demo is seeded twice
    first = seed_demo(admin, path=path)
    second = seed_demo(admin, path=path)
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
    # and demo.json names each client's email and contact, without a password yet
    assert first == second == json.loads(path.read_text())
    harbor_clients = first["firms"][0]["clients"]
    carol = Contact.objects.for_firm(harbor.id).get(first_name="Carol")
    assert harbor_clients[0] == {
        "email": "carol@marsh.example",
        "password": None,
        "contact_id": str(carol.id),
    }
    assert [c["email"] for c in first["firms"][1]["clients"]] == ["erin@walsh.example"]
