"""Data for the grant and soak rows, made inside a Django process (`manage.py shell -c`): one
firm with a partner and a staff API key; `users` clients, each with portal access, a case of
their own and a signed-in portal session; and `candidates` clients on a case with an email but
no portal access yet, for the staff to grant it to. Prints one JSON line."""

from __future__ import annotations

import json
import os
import time

from portico.accounts.session import SessionPrincipal
from portico.tenancy.actions import create_api_key
from portico.tenancy.models import Firm, StaffMember
from portico.testing.factories import make_case, make_contact
from portico.testing.sessions import open_account
from scripts.bench.seed import _session


def main() -> None:
    users = int(os.environ["SOAK_USERS"])
    candidates = int(os.environ["SOAK_CANDIDATES"])
    firm = Firm.objects.create(name="Soak & Faults LLP", slug="bench-soak")
    partner = StaffMember.objects.create(
        firm=firm,
        sub="bench|soak|alice",
        email="alice@bench-soak.example",
        name="Alice Soak",
        role=StaffMember.Role.PARTNER,
    )
    _key, api_key = create_api_key(firm=firm, name="bench", actor=None)
    now = time.time()
    clients = []
    for n in range(users):
        contact = make_contact(firm, "Client", f"Soak{n:03}", emails=(f"soak{n}@clients.example",))
        case = make_case(firm, [contact], name=f"Soak matter {n}", actor=partner)
        account = open_account(contact)
        session = _session(
            SessionPrincipal(
                kind="client",
                sub=account.identity_user_id,
                firm_id=str(firm.id),
                sid="bench",
                id_token="bench",
                exp=0,
                contact_id=str(contact.id),
                signed_in_at=now,
            )
        )
        clients.append({"session": session, "case": str(case.id)})
    invitees = []
    for n in range(candidates):
        email = f"invitee{n}.{int(now)}@clients.example"
        contact = make_contact(firm, "Invitee", f"Number{n:03}", emails=(email,))
        make_case(firm, [contact], name=f"Invitee matter {n}", actor=partner)
        invitees.append({"contact": str(contact.id), "email": email})
    print(
        json.dumps(
            {"firm": str(firm.id), "api_key": api_key, "clients": clients, "invitees": invitees}
        )
    )
