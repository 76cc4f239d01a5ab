"""The portal's world: carol and dan, clients of Harbor & Vale, each on a case and a lead of
their own; erin, a client of Other Firm. Carol is signed in to the portal."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import pytest
from django.test import Client

from portico.accounts.session import SessionPrincipal
from portico.clients.models import Contact
from portico.clients.tests.factories import carol_of, dan_of, make_contact
from portico.matters.models import Case, Lead
from portico.matters.tests.factories import make_case, make_lead
from portico.portal.models import PortalAccount


@dataclass
class Client_:
    contact: Contact
    case: Case
    lead: Lead


@pytest.fixture
def carol(harbor, alice) -> Client_:
    contact = carol_of(harbor, actor=alice)
    return Client_(
        contact,
        make_case(harbor, [contact], number="HV-1", actor=alice),
        make_lead(harbor, [contact], title="Marsh: lease dispute", actor=alice),
    )


@pytest.fixture
def dan(harbor, alice) -> Client_:
    contact = dan_of(harbor, actor=alice)
    return Client_(
        contact,
        make_case(harbor, [contact], name="Okafor v. Brightline", number="HV-2", actor=alice),
        make_lead(harbor, [contact], title="Okafor: will and estate", actor=alice),
    )


@pytest.fixture
def erin(other_firm, dave) -> Client_:
    contact = make_contact(other_firm, "Erin", "Quill", emails=("erin@quill.example",), actor=dave)
    return Client_(
        contact,
        make_case(other_firm, [contact], name="Quill v. Harbor Transit", actor=dave),
        make_lead(other_firm, [contact], title="Quill: tenancy", actor=dave),
    )


def open_account(contact: Contact, status=PortalAccount.Status.ACTIVE) -> PortalAccount:
    """Portal access as granting leaves it (the grant itself is tested against the identity service)."""
    return PortalAccount.objects.create(
        firm_id=contact.firm_id,
        contact=contact,
        email=contact.emails.get(is_primary=True).address,
        identity_user_id=f"auth0|{secrets.token_hex(12)}",
        status=status,
    )


def portal_client_for(account: PortalAccount) -> Client:
    """A browser signed in to the portal as `account`'s client."""
    client = Client()
    session = client.session
    SessionPrincipal(
        kind="client",
        sub=account.identity_user_id,
        firm_id=str(account.firm_id),
        sid="test",
        id_token="test",
        exp=0,
        contact_id=str(account.contact_id),
    ).store(session)
    session.save()
    return client


@pytest.fixture
def carol_account(carol) -> PortalAccount:
    return open_account(carol.contact)


@pytest.fixture
def as_carol(carol_account) -> Client:
    return portal_client_for(carol_account)
