"""Firm API keys: shown once, stored only as a fingerprint, refused from the moment they are revoked."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from portico.tenancy.models import ApiKey

pytestmark = pytest.mark.django_db


def test_a_partner_creates_a_key_sees_it_once_and_revokes_it(as_alice, harbor):
    # when alice creates a key
    page = as_alice.post("/workspace/settings/api-keys/", {"name": "Document assembly"})
    raw = re.search(r'id="new-secret">([^<]+)<', page.content.decode()).group(1)
    key = ApiKey.objects.get(firm=harbor, name="Document assembly")
    # then it works, and only its fingerprint is stored
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/v1/firm").json()["name"] == "Harbor & Vale LLP"
    assert raw not in {key.fingerprint, key.prefix} and key.prefix in raw
    assert raw not in as_alice.get("/workspace/settings/api-keys/").content.decode()
    # when she revokes it, after confirming
    assert (
        "Revoke “Document assembly”?"
        in as_alice.get(f"/workspace/settings/api-keys/{key.id}/revoke/").content.decode()
    )
    as_alice.post(f"/workspace/settings/api-keys/{key.id}/revoke/")
    # then the very next call with it is refused
    assert api.get("/api/v1/firm").status_code == 401


def test_an_associate_cannot_manage_keys(as_bob, harbor):
    assert as_bob.get("/workspace/settings/api-keys/").status_code == 403
    assert as_bob.post("/workspace/settings/api-keys/", {"name": "Sneaky"}).status_code == 403
    assert not ApiKey.objects.filter(firm=harbor).exists()


def test_a_made_up_key_or_token_is_refused():
    assert (
        Client(headers={"Authorization": "Bearer ptk_madeup"}).get("/api/v1/me").status_code == 401
    )
    assert (
        Client(headers={"Authorization": "Bearer not.a.jwt"}).get("/api/v1/me").status_code == 401
    )
    assert Client().get("/api/v1/me").status_code == 401
