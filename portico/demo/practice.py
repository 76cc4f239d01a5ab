"""The demo firms' practice: clients, their leads and cases, comments and progress.

Written through the same actions staff use (as the system), once per firm: a firm that
already has contacts is left as it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from portico.clients.actions import create_contact
from portico.clients.inputs import AddressInput, ContactInput, EmailInput, PhoneInput
from portico.clients.models import Contact, ContactEmail
from portico.matters.actions import (
    add_case_party,
    add_comment,
    create_case,
    create_lead,
    post_status_update,
    update_case,
)
from portico.matters.inputs import CaseInput, LeadInput, PartyInput
from portico.tenancy.models import Firm


@dataclass(frozen=True)
class DemoClient:
    key: str
    data: ContactInput


def _carol() -> ContactInput:
    return ContactInput(
        first_name="Carol",
        last_name="Marsh",
        date_of_birth=datetime.date(1984, 5, 17),
        identification_type=Contact.DocumentType.DRIVERS_LICENSE,
        identification_number="D1234-5678-9012",
        identification_issuer="State of Maine",
        billing_method=Contact.BillingMethod.ONLINE,
        emails=[
            EmailInput(address="carol@marsh.example", is_primary=True),
            EmailInput(address="carol.marsh@work.example", label="work", is_contactable=False),
        ],
        phones=[
            PhoneInput(number="(207) 555-0142", is_primary=True),
            PhoneInput(number="(207) 555-0199", label="work"),
        ],
        addresses=[
            AddressInput(
                line1="12 Wharf Street",
                city="Portland",
                region="ME",
                postal_code="04101",
                is_primary=True,
            )
        ],
    )


def _dan() -> ContactInput:
    return ContactInput(
        first_name="Dan",
        last_name="Okafor",
        organization_name="Okafor Bakery",
        billing_method=Contact.BillingMethod.EMAIL,
        emails=[EmailInput(address="dan@okafor.example", is_primary=True)],
        phones=[PhoneInput(number="207-555-0177", is_primary=True)],
        addresses=[
            AddressInput(line1="48 Fore Street", city="Portland", region="ME", postal_code="04101")
        ],
    )


def _erin() -> ContactInput:
    return ContactInput(
        first_name="Erin",
        last_name="Walsh",
        emails=[EmailInput(address="erin@walsh.example", is_primary=True)],
        phones=[PhoneInput(number="+1 617 555 0123", is_primary=True)],
    )


def _seed_harbor(firm: Firm) -> dict[str, Contact]:
    carol = create_contact(firm=firm, data=_carol(), actor=None)
    dan = create_contact(firm=firm, data=_dan(), actor=None)
    injury = create_case(
        firm=firm,
        data=CaseInput(
            name="Marsh v. Bayline Logistics",
            number="HV-2026-001",
            practice_area="personal_injury",
            opened_on=datetime.date(2026, 3, 2),
            description="Injury at the Bayline warehouse; liability and damages.",
            minimum_trust_balance="1500.00",
            client_ids=[carol.id],
        ),
        actor=None,
    )
    add_case_party(
        case=injury,
        data=PartyInput(
            role="opposing_party", name="Bayline Logistics Inc.", organization="Bayline Logistics"
        ),
        actor=None,
    )
    add_case_party(
        case=injury,
        data=PartyInput(role="witness", name="Jo Pike", phone="207-555-0110"),
        actor=None,
    )
    post_status_update(
        matter=injury, body="We have filed the claim and requested the incident report.", actor=None
    )
    update_case(
        case=injury,
        data=CaseInput(
            name=injury.name,
            number=injury.number,
            practice_area=injury.practice_area,
            stage="investigation",
            opened_on=injury.opened_on,
            description=injury.description,
            minimum_trust_balance="1500.00",
        ),
        actor=None,
    )
    post_status_update(
        matter=injury, body="Bayline's insurer has acknowledged the claim.", actor=None
    )
    add_comment(
        matter=injury,
        body="Adjuster hinted at an early offer; hold until records arrive.",
        is_private=True,
        actor=None,
    )
    add_comment(
        matter=injury,
        body="Carol, please upload any photos of the floor you took that day.",
        is_private=False,
        actor=None,
    )

    estate = create_case(
        firm=firm,
        data=CaseInput(
            name="In re Estate of Ruth Okafor",
            number="HV-2026-002",
            practice_area="estate_planning",
            opened_on=datetime.date(2026, 6, 15),
            minimum_trust_balance="500.00",
            client_ids=[dan.id],
        ),
        actor=None,
    )
    post_status_update(
        matter=estate, body="The will has been lodged with the probate court.", actor=None
    )
    add_comment(
        matter=estate,
        body="Sister may contest; keep notes of every call.",
        is_private=True,
        actor=None,
    )

    lead = create_lead(
        firm=firm,
        data=LeadInput(
            title="Okafor: landlord keeping the bakery deposit",
            practice_area="real_estate",
            status="contacted",
            source="referral",
            description="Commercial lease ended in May; $4,800 deposit not returned.",
            contact_ids=[dan.id],
        ),
        actor=None,
    )
    add_comment(
        matter=lead,
        body="Referred by the Portland Small Business Network.",
        is_private=True,
        actor=None,
    )
    add_comment(
        matter=lead,
        body="Dan, please send us the lease and the move-out photos.",
        is_private=False,
        actor=None,
    )
    post_status_update(matter=lead, body="We are reviewing your lease.", actor=None)
    return {"carol": carol, "dan": dan}


def _seed_other(firm: Firm) -> dict[str, Contact]:
    erin = create_contact(firm=firm, data=_erin(), actor=None)
    case = create_case(
        firm=firm,
        data=CaseInput(
            name="Walsh custody",
            number="OF-2026-101",
            practice_area="family",
            opened_on=datetime.date(2026, 8, 3),
            client_ids=[erin.id],
        ),
        actor=None,
    )
    post_status_update(matter=case, body="Mediation is scheduled for next month.", actor=None)
    add_comment(matter=case, body="Opposing counsel is slow to reply.", is_private=True, actor=None)
    return {"erin": erin}


SEEDERS = {"harbor-vale": _seed_harbor, "other-firm": _seed_other}
CLIENT_EMAILS = {
    "harbor-vale": ("carol@marsh.example", "dan@okafor.example"),
    "other-firm": ("erin@walsh.example",),
}


def seed_practice(firm: Firm) -> list[dict]:
    """Seed the firm's practice if it has none; return its demo clients for demo.json
    (`seed_demo` fills in the passwords of those who use the portal)."""
    if not Contact.objects.for_firm(firm.id).exists() and firm.slug in SEEDERS:
        SEEDERS[firm.slug](firm)
    emails = ContactEmail.objects.for_firm(firm.id).filter(
        is_primary=True, address__in=CLIENT_EMAILS.get(firm.slug, ())
    )
    by_address = {e.address: e.contact_id for e in emails}
    return [
        {"email": address, "password": None, "contact_id": str(by_address[address])}
        for address in CLIENT_EMAILS.get(firm.slug, ())
        if address in by_address
    ]
