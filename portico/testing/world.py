"""The demo practice as browser tests see it: Harbor & Vale (alice, bob; clients carol and dan)
and Other Firm (dave; client erin), seeded by the demo's own code, carol using the portal, and
a browser context for any of them at any width and colour scheme."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings

from portico.clients.models import Contact
from portico.matters.models import Case, Lead
from portico.portal.models import PortalAccount
from portico.tenancy.models import Firm, StaffMember
from portico.testing.browser import DESKTOP, PHONE, add_session_cookie
from portico.testing.pages import ANYONE, CLIENT, STAFF

SCHEMES = ("light", "dark")
each_width = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
each_scheme = pytest.mark.parametrize("scheme", SCHEMES)


@dataclass
class World:
    harbor: Firm
    other: Firm
    alice: StaffMember
    bob: StaffMember
    dave: StaffMember
    carol: Contact
    dan: Contact
    carol_account: PortalAccount
    samples: dict[str, object] = field(default_factory=dict)
    intake: object = None

    @property
    def carol_case(self) -> Case:
        return Case.objects.for_firm(self.harbor.id).get(case_clients__contact=self.carol)

    @property
    def carol_lead(self) -> Lead:
        return Lead.objects.for_firm(self.harbor.id).filter(lead_contacts__contact=self.carol)[0]


def build_world(harbor, other_firm, alice, bob, dave) -> World:
    from portico.demo.practice import seed_practice
    from portico.tenancy.actions import create_api_key
    from portico.testing.sessions import open_account
    from portico.testing.stripe import open_checkout_session

    seed_practice(harbor)
    seed_practice(other_firm)
    carol = Contact.objects.for_firm(harbor.id).get(first_name="Carol")
    dan = Contact.objects.for_firm(harbor.id).get(first_name="Dan")
    world = World(harbor, other_firm, alice, bob, dave, carol, dan, open_account(carol))
    # dan was invited and has not signed in yet, so the pages show an invitation waiting
    open_account(dan, status=PortalAccount.Status.INVITED)
    if not Lead.objects.for_firm(harbor.id).filter(lead_contacts__contact=carol).exists():
        from portico.testing.factories import make_lead

        make_lead(harbor, [carol], title="Marsh: lease of the Wharf Street flat", actor=alice)
    case = world.carol_case
    key, _raw = create_api_key(firm=harbor, name="Document assembly", actor=alice)
    from portico.intake.actions import attach_form
    from portico.testing.intake import put_intake

    intake = put_intake(
        case, alice, private_label="Our view of the claim", private_help="Staff notes only."
    )
    attach_form(matter=world.carol_lead, form=intake.form, actor=alice)
    world.intake = intake
    from portico.money.models import Invoice, InvoiceLine, Payment, TrustEntry

    world.samples = {
        # carol's demo money: her open invoice, her draft's line, her check, her retainer
        "invoice_id": Invoice.objects.filter(case=case, status="issued").get().id,
        "line_id": InvoiceLine.objects.filter(invoice__case=case, invoice__status="draft")[0].id,
        "payment_id": Payment.objects.filter(case=case)[0].id,
        "entry_id": TrustEntry.objects.filter(case=case, kind="deposit")[0].id,
        "form_id": intake.form.id,
        "question_id": intake.where.id,
        "contact_id": carol.id,
        "email_id": carol.emails.get(is_primary=False).id,
        "phone_id": carol.phones.get(is_primary=False).id,
        "address_id": carol.addresses.all()[0].id,
        "lead_id": world.carol_lead.id,
        "case_id": case.id,
        "case_client_id": case.case_clients.get().id,
        "party_id": case.parties.all()[0].id,
        "key_id": key.id,
        "staff_id": bob.id,
        # the engagement letter the demo shares with carol
        "document_id": case.matter.document_records.filter(shared_with_clients=True)[0].id,
        # the payment sandbox's hosted checkout page, showing an open session
        "session_id": open_checkout_session(),
    }
    from portico.money.models import Invoice
    from portico.testing.money import put_invoice
    from portico.testing.stripe import put_attempt

    invoice = Invoice.objects.filter(case=case, contact=carol, status="issued").first()
    invoice = invoice or put_invoice(case, carol, alice, amounts=(125000,))
    world.samples.setdefault("invoice_id", invoice.id)
    # the page Stripe sends carol back to, for a payment she has not made yet
    world.samples["attempt_id"] = put_attempt(case, carol, invoice).id
    return world


@pytest.fixture
def world(harbor, other_firm, alice, bob, dave) -> World:
    return build_world(harbor, other_firm, alice, bob, dave)


def session_key_for(who: str, world: World) -> str | None:
    from portico.testing.sessions import portal_client_for, signed_in_client

    if who == STAFF:
        client = signed_in_client(world.alice)
    elif who == CLIENT:
        client = portal_client_for(world.carol_account)
    else:
        assert who == ANYONE
        return None
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def browser_as(world, live_server, new_context) -> Callable:
    """`browser_as(who, viewport, scheme)`: a new page in a browser signed in as `who`."""

    def open_page(who: str, viewport: dict | None = None, scheme: str = "light"):
        context = new_context(viewport=viewport or DESKTOP, color_scheme=scheme)
        session = session_key_for(who, world)
        if session:
            add_session_cookie(context, live_server.url, session)
        return context.new_page()

    return open_page
