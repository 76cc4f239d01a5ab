"""The audit trail: who did what, to what, from what to what, and when."""

from __future__ import annotations

import pytest

from portico.audit.actions import changed, record_audit
from portico.audit.models import AuditEvent
from portico.audit.verbs import declared_verbs
from portico.clients.events import ContactVerb
from portico.tenancy.actions import create_api_key
from portico.testing.factories import carol_of

pytestmark = pytest.mark.django_db


def test_each_kind_of_actor_is_named_as_it_was_at_the_time(harbor, alice):
    carol = carol_of(harbor)
    key, _raw = create_api_key(firm=harbor, name="Intake form", actor=alice)
    for actor in (alice, key, None):
        record_audit(firm_id=harbor.id, actor=actor, verb=ContactVerb.UPDATED, obj=carol)
    events = (
        AuditEvent.objects.for_firm(harbor.id).filter(verb="contact.updated").order_by("created_at")
    )
    assert [(e.actor_kind, e.actor_id, e.actor_label) for e in events] == [
        ("staff", alice.id, "Alice Harbor"),
        ("api_key", key.id, "API key “Intake form”"),
        ("system", None, "System"),
    ]
    assert {(e.object_type, e.object_id, e.object_label) for e in events} == {
        ("clients.contact", carol.id, "Carol Marsh")
    }


def test_only_what_changed_is_kept_as_before_and_after():
    before = {"first_name": "Carol", "last_name": "Marsh", "emails": ["a"]}
    after = {"first_name": "Carol", "last_name": "Reyes", "emails": ["a", "b"]}
    assert changed(before, after) == (
        {"last_name": "Marsh", "emails": ["a"]},
        {"last_name": "Reyes", "emails": ["a", "b"]},
    )


def test_the_case_page_shows_who_changed_what_before_after_and_when(as_alice, harbor_api, harbor):
    # given a case opened by alice, then renumbered through the API
    from portico.testing.factories import make_case

    case = make_case(harbor, [carol_of(harbor)], number="HV-1")
    response = harbor_api.patch(
        f"/api/v1/cases/{case.id}", {"number": "HV-2"}, content_type="application/json"
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(verb="case.updated")
    assert (event.before, event.after) == ({"number": "HV-1"}, {"number": "HV-2"})
    # when alice opens the case
    page = as_alice.get(f"/workspace/cases/{case.id}/").content.decode()
    # then the history row says who, what, before, after and when
    row = page[page.index("API key “Test key”") - 300 :][:900]
    assert "changed the case" in row and "HV-1" in row and "HV-2" in row
    assert "<time datetime=" in row


# What the trail said of each verb when one table held them all: the values stored in old rows
# are still these strings, and they still read the same.
TRAIL_WORDS = {
    "contact.created": "created the contact",
    "contact.updated": "changed the contact",
    "contact.identification_revealed": "revealed the identification number",
    "contact.email_removed": "removed an email",
    "contact.phone_removed": "removed a phone",
    "contact.address_removed": "removed an address",
    "lead.created": "opened the lead",
    "lead.updated": "changed the lead",
    "lead.converted": "converted the lead into a case",
    "case.created": "opened the case",
    "case.updated": "changed the case",
    "case.stage_changed": "moved the case to another stage",
    "case.client_added": "named a client on the case",
    "case.client_removed": "removed a client from the case",
    "case.party_added": "added another party",
    "case.party_removed": "removed another party",
    "comment.added": "commented",
    "status_update.posted": "posted a status update",
    "portal.granted": "gave portal access",
    "portal.granted_again": "gave portal access again",
    "portal.invitation_sent": "sent the portal invitation",
    "portal.first_sign_in": "signed in to the portal for the first time",
    "portal.signed_in": "signed in to the portal",
    "portal.revoked": "revoked portal access",
    "portal.invitation_resent": "sent the portal invitation again",
    "portal.intake_reminder": "sent a reminder to answer the intake questions",
    "staff.invited": "invited to the staff",
    "staff.invitation_sent": "sent the staff invitation",
    "staff.invitation_resent": "sent the staff invitation again",
    "staff.role_changed": "changed the role of",
    "staff.removed": "removed from the staff",
    "document.uploaded": "uploaded a document",
    "document.version_added": "replaced a document with a new version",
    "document.shared": "shared a document with the client",
    "document.unshared": "stopped sharing a document with the client",
    "document.deleted": "deleted a document",
    "document.downloaded": "downloaded a document",
    "document.scanned": "scanned a document for viruses",
    "intake.form_created": "created an intake form",
    "intake.form_changed": "changed an intake form",
    "intake.attached": "gave the matter an intake form",
    "intake.answered": "answered an intake question",
    "money.invoice_drafted": "drafted an invoice",
    "money.invoice_changed": "changed a draft invoice",
    "money.invoice_issued": "issued an invoice",
    "money.invoice_voided": "voided an invoice",
    "money.payment_recorded": "recorded a payment",
    "money.trust_deposited": "recorded a trust deposit",
    "money.trust_applied": "applied trust money to an invoice",
    "money.trust_refunded": "refunded trust money",
    "money.entry_reversed": "reversed a trust entry",
    "payments.checkout_started": "started an online payment",
    "payments.checkout_paid": "paid online",
    "payments.checkout_declined": "had a card declined",
    "payments.checkout_expired": "let an online payment expire",
    "payments.checkout_refused": "was refunded a payment that was not owed",
}


def test_each_app_declares_its_verbs_and_the_trail_reads_as_before():
    assert declared_verbs() == TRAIL_WORDS
    for verb, words in TRAIL_WORDS.items():
        assert AuditEvent(verb=verb).summary == words


def test_a_verb_no_app_declared_is_refused_and_nothing_recorded(harbor, alice):
    carol = carol_of(harbor)
    before = AuditEvent.objects.count()
    with pytest.raises(TypeError, match="declared per app"):
        record_audit(firm_id=harbor.id, actor=alice, verb="contact.updated", obj=carol)
    assert AuditEvent.objects.count() == before
