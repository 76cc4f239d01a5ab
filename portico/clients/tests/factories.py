"""Contacts made through the same action the pages and the API use."""

from __future__ import annotations

from portico.clients.actions import create_contact
from portico.clients.inputs import AddressInput, ContactInput, EmailInput, PhoneInput
from portico.clients.models import Contact


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
