"""Leads and cases made through the same actions the pages and the API use."""

from __future__ import annotations

import datetime

from portico.matters.actions import add_case_party, add_comment, create_case, create_lead
from portico.matters.inputs import CaseInput, LeadInput, PartyInput
from portico.matters.models import Case, Lead


def make_lead(firm, contacts, *, title: str = "Marsh: injury at work", actor=None) -> Lead:
    return create_lead(
        firm=firm,
        data=LeadInput(
            title=title,
            practice_area="personal_injury",
            source="referral",
            description="Slipped on an unmarked wet floor at the warehouse.",
            contact_ids=[c.id for c in contacts],
        ),
        actor=actor,
    )


def make_case(
    firm, clients, *, name: str = "Marsh v. Bayline Logistics", number: str = "", actor=None
) -> Case:
    return create_case(
        firm=firm,
        data=CaseInput(
            name=name,
            number=number,
            practice_area="personal_injury",
            opened_on=datetime.date(2026, 3, 2),
            minimum_trust_balance="1500.00",
            client_ids=[c.id for c in clients],
        ),
        actor=actor,
    )


def harbor_matter_samples(harbor, alice) -> dict[str, object]:
    """One of each Harbor & Vale record a workspace or API route takes an id of."""
    from portico.clients.tests.factories import carol_of

    carol = carol_of(harbor, actor=alice)
    lead = make_lead(harbor, [carol], actor=alice)
    case = make_case(harbor, [carol], number="HV-2026-001", actor=alice)
    party = add_case_party(
        case=case,
        data=PartyInput(role="opposing_party", name="Bayline Logistics Inc."),
        actor=alice,
    )
    add_comment(matter=case, body="Insurer called back.", is_private=True, actor=alice)
    return {
        "contact_id": carol.id,
        "email_id": carol.emails.get(is_primary=False).id,
        "phone_id": carol.phones.get(is_primary=False).id,
        "address_id": carol.addresses.get().id,
        "lead_id": lead.id,
        "case_id": case.id,
        "case_client_id": case.case_clients.get().id,
        "party_id": party.id,
    }
