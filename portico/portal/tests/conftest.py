"""The portal's world: carol and dan, clients of Harbor & Vale, each on a case and a lead of
their own; erin, a client of Other Firm. Carol is signed in to the portal."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from portico.clients.models import Contact
from portico.matters.models import Case, Lead
from portico.portal.models import PortalAccount
from portico.testing.factories import carol_of, dan_of, make_case, make_contact, make_lead
from portico.testing.sessions import open_account, portal_client_for


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


@pytest.fixture
def carol_account(carol) -> PortalAccount:
    return open_account(carol.contact)


@pytest.fixture
def as_carol(carol_account) -> Client:
    return portal_client_for(carol_account)
