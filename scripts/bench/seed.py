"""Bench data, made inside a Django process (`manage.py shell -c`): a small firm with one
client who has portal access and a case, a partner, and signed-in sessions for both.
Prints one JSON line with the session keys and ids the driver needs."""

from __future__ import annotations

import json
import os
import time

from django.contrib.sessions.backends.db import SessionStore

from portico.accounts.session import SessionPrincipal
from portico.clients.models import Contact
from portico.matters.models import Case
from portico.tenancy.models import Firm, StaffMember
from portico.testing.factories import carol_of, make_case, make_lead
from portico.testing.sessions import open_account


def _session(principal: SessionPrincipal) -> str:
    session = SessionStore()
    principal.store(session)
    session.save()
    return session.session_key


def small_firm(slug: str = "bench-small") -> dict:
    return _firm(slug, "Bench Small & Co", large=False)


def _firm(slug: str, name: str, *, large: bool) -> dict:
    firm = Firm.objects.create(name=name, slug=slug)
    member = StaffMember.objects.create(
        firm=firm,
        sub=f"bench|{slug}|alice",
        email=f"alice@{slug}.example",
        name="Alice Bench",
        role=StaffMember.Role.PARTNER,
    )
    extra = {}
    if large:
        from scripts.bench.large_firm import fill

        extra = fill(firm, member)
        contact = Contact.objects.get(pk=extra["contact"])
        case = Case.objects.get(pk=extra["case"])
    else:
        contact = carol_of(firm, actor=member)
        case = make_case(firm, [contact], actor=member)
    # the query counts open the client's lead page too
    lead = make_lead(firm, [contact], title="Bench lead", actor=member)
    account = open_account(contact)
    now = time.time()
    client = _session(
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
    staff = _session(
        SessionPrincipal(
            kind="staff",
            sub=member.sub,
            firm_id=str(firm.id),
            sid="bench",
            id_token="bench",
            exp=0,
            signed_in_at=now,
        )
    )
    return {
        "firm": str(firm.id),
        "case": str(case.id),
        "lead": str(lead.id),
        "contact": str(contact.id),
        "client": client,
        "staff": staff,
        **{k: v for k, v in extra.items() if k not in ("contact", "case", "lead")},
    }


def main() -> None:
    made = {"small": small_firm()}
    if os.environ.get("BENCH_LARGE", "1") != "0":
        made["large"] = _firm("bench-large", "Bench Large LLP", large=True)
    print(json.dumps(made))
