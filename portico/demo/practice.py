"""The demo firms' practice: clients, their leads and cases, comments and progress.

Written through the same actions staff use, by the firms' own people (alice and bob at
Harbor & Vale, dave at Other Firm), once per firm: a firm that already has contacts is left as
it is. Each step is dated some weeks or months back, so the demo reads like a practice that
has been running for a while rather than one typed in a second.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone

from portico.clients.actions import create_contact
from portico.clients.inputs import AddressInput, ContactInput, EmailInput, PhoneInput
from portico.clients.models import Contact, ContactEmail
from portico.core.models import firm_owned_models
from portico.demo.files import engagement_letter_pdf, floor_photo_jpeg
from portico.documents.actions import upload_document
from portico.documents.storage import receive
from portico.intake.actions import (
    QuestionInput,
    add_question,
    attach_form,
    create_form,
    save_answer,
)
from portico.matters.actions import (
    add_case_party,
    add_comment,
    create_case,
    create_lead,
    post_status_update,
    update_case,
)
from portico.matters.inputs import CaseInput, LeadInput, PartyInput
from portico.matters.models import Case
from portico.money import actions as money
from portico.money.actions import LineInput
from portico.money.models import Invoice, TrustEntry
from portico.tenancy.middleware import firm_zone
from portico.tenancy.models import Firm, StaffMember


@dataclass(frozen=True)
class DemoClient:
    key: str
    data: ContactInput


class Clock:
    """When each step of a firm's demo happened: `days` ago, at a working hour of the firm."""

    def __init__(self, firm: Firm) -> None:
        self.firm = firm
        self.today = timezone.localdate(timezone=firm_zone(firm.timezone))

    def day(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    def at(self, days: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
        moment = datetime.datetime.combine(self.day(days), datetime.time(hour, minute))
        return moment.replace(tzinfo=firm_zone(self.firm.timezone))

    @contextmanager
    def happened(self, days: int, hour: int = 10, minute: int = 0) -> Iterator[None]:
        """Whatever the block writes for the firm (records and their audit events) is dated
        `days` ago instead of now."""
        started = timezone.now()
        yield
        when = self.at(days, hour, minute)
        for model in _dated_models():
            rows = model.objects.for_firm(self.firm.id).filter(created_at__gte=started)
            fields = {"created_at": when}
            if any(f.name == "updated_at" for f in model._meta.fields):
                fields["updated_at"] = when
            rows.update(**fields)


def _dated_models() -> list:
    return [
        m
        for m in firm_owned_models()
        if any(f.name == "created_at" for f in m._meta.fields)
        and m is not apps.get_model("tenancy", "ApiKey")
    ]


def _staff(firm: Firm, email: str) -> StaffMember | None:
    return StaffMember.objects.for_firm(firm.id).filter(email=email).first()


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


def _seed_intake(firm: Firm, case, alice, carol) -> None:
    """An injury intake form on carol's case: she answered some of it; one question shows only
    when she saw a doctor; one asks for her address, one for a file; one question is the
    firm's own (private), answered by alice."""
    form = create_form(firm_id=firm.id, name="Personal injury intake", actor=alice)
    asked = [
        add_question(form=form, data=data, actor=alice)
        for data in (
            QuestionInput(
                label="Where were you hurt?",
                kind="short_text",
                section="The accident",
                required=True,
            ),
            QuestionInput(
                label="On what date?", kind="date", section="The accident", required=True
            ),
            QuestionInput(
                label="Did you see a doctor?", kind="yes_no", section="Treatment", required=True
            ),
            QuestionInput(
                label="Medical costs so far",
                kind="currency",
                section="Treatment",
                help_text="Include prescriptions and travel to appointments.",
            ),
            QuestionInput(label="Which doctor?", kind="short_text", section="Treatment"),
            QuestionInput(
                label="Where do you live now?",
                kind="address",
                section="About you",
                help_text="Where we can send letters.",
            ),
            QuestionInput(
                label="Photos of the injury",
                kind="file",
                section="About you",
                help_text="A photo or a PDF; it joins the case's documents.",
            ),
            QuestionInput(
                label="Our assessment of liability",
                kind="long_text",
                is_private=True,
                help_text="The firm's own notes; the client never sees this question.",
            ),
        )
    ]
    doctor = asked[4]
    doctor.show_when, doctor.show_when_value = asked[2], "yes"
    doctor.save(update_fields=["show_when", "show_when_value"])
    attach_form(matter=case, form=form, actor=alice)
    save_answer(matter=case, question=asked[0], value="Bayline warehouse, dock 4", actor=carol)
    save_answer(matter=case, question=asked[1], value="2025-06-12", actor=carol)
    home = {"lines": ["14 Quay Lane"], "city": "Portland", "region": "ME", "country": "US"}
    save_answer(matter=case, question=asked[5], value=home | {"postal_code": "04101"}, actor=carol)
    save_answer(
        matter=case, question=asked[7], value="Strong: no guard rail on the dock.", actor=alice
    )


def _seed_harbor(firm: Firm) -> dict[str, Contact]:
    alice = _staff(firm, "alice@harborvale.example")
    bob = _staff(firm, "bob@harborvale.example")
    clock = Clock(firm)
    with clock.happened(days=150, hour=9, minute=40):
        carol = create_contact(firm=firm, data=_carol(), actor=alice)
    with clock.happened(days=145, hour=11, minute=5):
        injury = create_case(
            firm=firm,
            data=CaseInput(
                name="Marsh v. Bayline Logistics",
                number="HV-2026-001",
                practice_area="personal_injury",
                opened_on=clock.day(145),
                description="Injury at the Bayline warehouse; liability and damages.",
                minimum_trust_balance="1500.00",
                client_ids=[carol.id],
            ),
            actor=alice,
        )
    with clock.happened(days=145, hour=11, minute=30):
        # The firm's side of "documents both ways": a letter shared with the client.
        upload_document(
            matter=injury,
            name="Engagement letter.pdf",
            incoming=receive([engagement_letter_pdf("Carol Marsh", "Marsh v. Bayline Logistics")]),
            shared=True,
            actor=alice,
        )
    with clock.happened(days=145, hour=11, minute=45):
        _seed_intake(firm, injury, alice, carol)
    with clock.happened(days=144, hour=14, minute=20):
        add_case_party(
            case=injury,
            data=PartyInput(
                role="opposing_party",
                name="Bayline Logistics Inc.",
                organization="Bayline Logistics",
            ),
            actor=bob,
        )
        add_case_party(
            case=injury,
            data=PartyInput(role="witness", name="Jo Pike", phone="207-555-0110"),
            actor=bob,
        )
    with clock.happened(days=130, hour=16, minute=10):
        post_status_update(
            matter=injury,
            body="We have filed the claim and requested the incident report.",
            actor=alice,
        )
    with clock.happened(days=96, hour=10, minute=30):
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
            actor=alice,
        )
    with clock.happened(days=95, hour=15, minute=45):
        post_status_update(
            matter=injury, body="Bayline's insurer has acknowledged the claim.", actor=bob
        )
    with clock.happened(days=40, hour=12, minute=15):
        add_comment(
            matter=injury,
            body="Adjuster hinted at an early offer; hold until records arrive.",
            is_private=True,
            actor=bob,
        )
    with clock.happened(days=12, hour=9, minute=5):
        add_comment(
            matter=injury,
            body="Carol, please upload any photos of the floor you took that day.",
            is_private=False,
            actor=alice,
        )
    with clock.happened(days=2, hour=19, minute=32):
        add_comment(
            matter=injury,
            body="I found three photos from that afternoon. Can I bring them on Thursday?",
            is_private=False,
            actor=carol,
        )
    with clock.happened(days=2, hour=19, minute=40):
        # The client's side: carol uploaded a photo from her portal.
        upload_document(
            matter=injury,
            name="Warehouse floor.jpg",
            incoming=receive([floor_photo_jpeg()]),
            shared=False,
            actor=carol,
        )

    with clock.happened(days=120, hour=13, minute=0):
        dan = create_contact(firm=firm, data=_dan(), actor=bob)
    with clock.happened(days=84, hour=10, minute=0):
        estate = create_case(
            firm=firm,
            data=CaseInput(
                name="In re Estate of Ruth Okafor",
                number="HV-2026-002",
                practice_area="estate_planning",
                opened_on=clock.day(84),
                minimum_trust_balance="500.00",
                client_ids=[dan.id],
            ),
            actor=alice,
        )
    with clock.happened(days=60, hour=11, minute=20):
        post_status_update(
            matter=estate, body="The will has been lodged with the probate court.", actor=alice
        )
    with clock.happened(days=58, hour=17, minute=50):
        add_comment(
            matter=estate,
            body="Sister may contest; keep notes of every call.",
            is_private=True,
            actor=alice,
        )

    with clock.happened(days=21, hour=10, minute=10):
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
            actor=bob,
        )
    with clock.happened(days=21, hour=10, minute=25):
        add_comment(
            matter=lead,
            body="Referred by the Portland Small Business Network.",
            is_private=True,
            actor=bob,
        )
    with clock.happened(days=18, hour=14, minute=0):
        add_comment(
            matter=lead,
            body="Dan, please send us the lease and the move-out photos.",
            is_private=False,
            actor=bob,
        )
    with clock.happened(days=5, hour=16, minute=30):
        post_status_update(matter=lead, body="We are reviewing your lease.", actor=bob)
    _seed_money(clock, alice, bob, carol, injury, dan, estate)
    return {"carol": carol, "dan": dan}


def _seed_money(clock: Clock, alice, bob, carol, injury, dan, estate) -> None:
    """Carol paid her first invoice by check and from her retainer, so her trust is below the
    case's minimum, and her second invoice is open; dan paid his by check and from trust, and a
    deposit recorded twice was reversed. Posted in this order, which numbers the receipts and
    the invoices."""
    books = _Books(clock, injury, carol)
    books.deposit(200000, "check", "demo-carol-retainer", alice, memo="Retainer", days=140, hour=10)
    first = books.issue(
        alice,
        [
            LineInput("Investigation and filing the claim", 120000),
            LineInput("Court filing fee", 15000, "expense"),
        ],
        days=100,
        hour=15,
        due=70,
    )
    books.pay_by_check(first, 35000, "demo-carol-check-1042", bob, days=99, hour=11)
    books.pay_from_trust(first, 100000, alice, days=98, hour=9)
    books.issue(
        alice,
        [
            LineInput("Records review and negotiation with the insurer", 100000),
            LineInput("Medical records copies", 25000, "expense"),
        ],
        internal_note="Discount already given on the records review.",
        days=10,
        hour=16,
        due=-20,
    )
    books.draft(bob, [LineInput("Deposition preparation", 40000)], days=1, hour=17)

    books = _Books(clock, estate, dan)
    books.deposit(100000, "wire", "demo-dan-wire-1", bob, days=80, hour=11)
    twice = books.deposit(
        100000, "wire", "demo-dan-wire-1-again", bob, days=79, hour=9, received=80
    )
    books.reverse(twice, alice, "The same wire was recorded twice", days=79, hour=9)
    probate = books.issue(
        alice,
        [
            LineInput("Probate filing and court attendance", 60000),
            LineInput("Probate court fee", 7500, "expense"),
        ],
        days=50,
        hour=14,
        due=20,
    )
    books.pay_by_check(probate, 30000, "demo-dan-check-2231", bob, days=45, hour=10)
    books.pay_from_trust(probate, 37500, alice, days=44, hour=10)


@dataclass(frozen=True)
class _Books:
    """One client's money on one case, through the money actions. Each step is posted `days`
    ago at `hour`, and the money in it received that day (at ten) unless said otherwise."""

    clock: Clock
    case: Case
    contact: Contact

    def deposit(
        self,
        amount_minor: int,
        method: str,
        reference: str,
        actor: StaffMember,
        *,
        memo: str = "",
        days: int,
        hour: int,
        received: int | None = None,
    ) -> TrustEntry:
        with self.clock.happened(days=days, hour=hour):
            return money.deposit_trust(
                case=self.case,
                contact=self.contact,
                amount_minor=amount_minor,
                method=method,
                reference=reference,
                received_at=self.clock.at(days if received is None else received),
                actor=actor,
                memo=memo,
            )

    def draft(self, actor: StaffMember, lines: list[LineInput], *, days: int, hour: int) -> Invoice:
        with self.clock.happened(days=days, hour=hour):
            return money.create_invoice(
                case=self.case, contact=self.contact, actor=actor, lines=lines
            )

    def issue(
        self,
        actor: StaffMember,
        lines: list[LineInput],
        *,
        internal_note: str = "",
        days: int,
        hour: int,
        due: int,
    ) -> Invoice:
        """Drafted and issued `days` ago, due `due` days ago (a negative `due` is to come)."""
        with self.clock.happened(days=days, hour=hour):
            invoice = money.create_invoice(
                case=self.case,
                contact=self.contact,
                actor=actor,
                lines=lines,
                internal_note=internal_note,
            )
            money.issue_invoice(
                invoice=invoice,
                actor=actor,
                issued_on=self.clock.day(days),
                due_on=self.clock.day(due),
            )
        return invoice

    def pay_by_check(
        self,
        invoice: Invoice,
        amount_minor: int,
        reference: str,
        actor: StaffMember,
        *,
        days: int,
        hour: int,
    ) -> None:
        with self.clock.happened(days=days, hour=hour):
            money.record_payment(
                invoice=invoice,
                amount_minor=amount_minor,
                method="check",
                reference=reference,
                received_at=self.clock.at(days),
                actor=actor,
            )

    def pay_from_trust(
        self, invoice: Invoice, amount_minor: int, actor: StaffMember, *, days: int, hour: int
    ) -> None:
        with self.clock.happened(days=days, hour=hour):
            money.apply_trust(
                invoice=invoice,
                amount_minor=amount_minor,
                actor=actor,
                received_at=self.clock.at(days),
            )

    def reverse(
        self, entry: TrustEntry, actor: StaffMember, reason: str, *, days: int, hour: int
    ) -> None:
        with self.clock.happened(days=days, hour=hour):
            money.reverse_entry(
                entry=entry, actor=actor, reason=reason, received_at=self.clock.at(days)
            )


def _seed_other(firm: Firm) -> dict[str, Contact]:
    dave = _staff(firm, "dave@otherfirm.example")
    clock = Clock(firm)
    with clock.happened(days=70, hour=9, minute=15):
        erin = create_contact(firm=firm, data=_erin(), actor=dave)
        case = create_case(
            firm=firm,
            data=CaseInput(
                name="Walsh custody",
                number="OF-2026-101",
                practice_area="family",
                opened_on=clock.day(70),
                client_ids=[erin.id],
            ),
            actor=dave,
        )
    with clock.happened(days=30, hour=15, minute=0):
        post_status_update(matter=case, body="Mediation is scheduled for next month.", actor=dave)
    with clock.happened(days=29, hour=10, minute=0):
        add_comment(
            matter=case, body="Opposing counsel is slow to reply.", is_private=True, actor=dave
        )
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
