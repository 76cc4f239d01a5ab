"""The people and records of the tests, made through the same actions the pages and the API use.

Personas recur everywhere: "Harbor & Vale LLP" with alice (partner) and bob (associate), and
clients carol and dan; "Other Firm" with dave and client erin (see `portico/conftest.py`).
"""

from __future__ import annotations

import datetime
import secrets

import factory

from portico.clients.actions import create_contact
from portico.clients.inputs import AddressInput, ContactInput, EmailInput, PhoneInput
from portico.clients.models import Contact
from portico.matters.actions import add_case_party, add_comment, create_case, create_lead
from portico.matters.inputs import CaseInput, LeadInput, PartyInput
from portico.matters.models import Case, Lead
from portico.tenancy.models import Firm, StaffMember

# Firms and staff


class FirmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Firm
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Firm {n}")
    slug = factory.Sequence(lambda n: f"firm-{n}")


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    firm = factory.SubFactory(FirmFactory)
    sub = factory.LazyFunction(lambda: f"auth0|{secrets.token_hex(12)}")
    name = factory.Faker("name")
    email = factory.LazyAttribute(lambda o: f"{o.name.split()[0].lower()}@{o.firm.slug}.example")
    role = StaffMember.Role.ASSOCIATE


# Contacts


def make_contact(
    firm,
    first_name: str,
    last_name: str,
    *,
    emails: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
    address: str | None = None,
    identification_number: str | None = None,
    actor=None,
) -> Contact:
    """The first email, phone and address given are the primary ones."""
    data = ContactInput(
        first_name=first_name,
        last_name=last_name,
        emails=[EmailInput(address=e, is_primary=i == 0) for i, e in enumerate(emails)],
        phones=[PhoneInput(number=p, is_primary=i == 0) for i, p in enumerate(phones)],
        addresses=[AddressInput(line1=address, city="Portland", region="ME", postal_code="04101")]
        if address
        else [],
    )
    if identification_number:
        data.identification_type = Contact.DocumentType.DRIVERS_LICENSE
        data.identification_number = identification_number
        data.identification_issuer = "State of Maine"
    return create_contact(firm=firm, data=data, actor=actor)


def carol_of(firm, actor=None) -> Contact:
    return make_contact(
        firm,
        "Carol",
        "Marsh",
        emails=("carol@marsh.example", "carol.marsh@work.example"),
        phones=("(207) 555-0142", "+1 207 555 0199"),
        address="12 Wharf Street",
        identification_number="D1234-5678-9012",
        actor=actor,
    )


def dan_of(firm, actor=None) -> Contact:
    return make_contact(
        firm, "Dan", "Okafor", emails=("dan@okafor.example",), phones=("207-555-0177",), actor=actor
    )


# Leads and cases


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
    carol = carol_of(harbor, actor=alice)
    lead = make_lead(harbor, [carol], actor=alice)
    case = make_case(harbor, [carol], number="HV-2026-001", actor=alice)
    party = add_case_party(
        case=case,
        data=PartyInput(role="opposing_party", name="Bayline Logistics Inc."),
        actor=alice,
    )
    add_comment(matter=case, body="Insurer called back.", is_private=True, actor=alice)
    from portico.testing.documents import PDF, put_document

    document = put_document(case, "Engagement letter.pdf", PDF, actor=alice, shared=True)
    from portico.intake.actions import attach_form
    from portico.testing.intake import put_intake

    intake = put_intake(case, alice)
    attach_form(matter=lead, form=intake.form, actor=alice)
    from portico.testing.money import put_money

    money = put_money(case, carol, alice)
    return {
        "invoice_id": money.invoice.id,
        "line_id": money.draft.lines.first().id,
        "payment_id": money.payment.id,
        "entry_id": money.deposit.id,
        "form_id": intake.form.id,
        "question_id": intake.where.id,
        "document_id": document.id,
        "contact_id": carol.id,
        "email_id": carol.emails.get(is_primary=False).id,
        "phone_id": carol.phones.get(is_primary=False).id,
        "address_id": carol.addresses.get().id,
        "lead_id": lead.id,
        "case_id": case.id,
        "case_client_id": case.case_clients.get().id,
        "party_id": party.id,
    }
