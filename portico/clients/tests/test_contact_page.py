"""One contact's page: everything about them, their matters, history, and careful changes."""

from __future__ import annotations

import pytest

from portico.audit.models import AuditEvent
from portico.clients.models import ContactEmail
from portico.testing.factories import carol_of, make_case, make_lead

pytestmark = pytest.mark.django_db


def test_the_contact_page_shows_everything_about_carol(as_alice, harbor, alice):
    # given carol with a lead and a case
    carol = carol_of(harbor, actor=alice)
    make_lead(harbor, [carol], actor=alice)
    make_case(harbor, [carol], actor=alice)
    # when alice opens her page
    page = as_alice.get(f"/workspace/clients/{carol.id}/").content.decode()
    # then it shows her details, matters, portal access place and history, the number masked
    for expected in (
        "<h1>Carol Marsh</h1>",
        "carol@marsh.example",
        "carol.marsh@work.example",
        "+1 207-555-0142",
        "12 Wharf Street",
        "•••• 9012",
        "Marsh v. Bayline Logistics",
        "Marsh: injury at work",
        'id="portal-access"',
        "No access",
        "Alice Harbor",
        "created the contact",
    ):
        assert expected in page, expected
    assert "D1234-5678-9012" not in page
    assert page.count("<h1") == 1


def test_revealing_the_number_asks_first_and_is_recorded(as_alice, harbor, alice):
    carol = carol_of(harbor)
    url = f"/workspace/clients/{carol.id}/identification/reveal/"
    # when alice opens the reveal page, nothing is revealed yet
    asked = as_alice.get(url).content.decode()
    assert "D1234-5678-9012" not in asked and "Reveal the number" in asked
    assert not AuditEvent.objects.filter(verb="contact.identification_revealed").exists()
    # when she confirms
    shown = as_alice.post(url)
    # then she sees the number, it is not cached, and her viewing is on the record
    assert "D1234-5678-9012" in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    event = AuditEvent.objects.for_firm(harbor.id).get(verb="contact.identification_revealed")
    assert (event.actor_kind, event.actor_id, event.object_id) == ("staff", alice.id, carol.id)


def test_removing_an_email_asks_for_confirmation_then_removes_it(as_alice, harbor):
    carol = carol_of(harbor)
    work = carol.emails.get(is_primary=False)
    url = f"/workspace/clients/{carol.id}/emails/{work.id}/remove/"
    # when alice clicks remove, she is asked first and nothing changes
    assert "Remove carol.marsh@work.example from Carol Marsh?" in as_alice.get(url).content.decode()
    assert carol.emails.count() == 2
    # when she confirms
    response = as_alice.post(url)
    # then the email is gone, and the history says so
    assert response.status_code == 302
    assert list(carol.emails.values_list("address", flat=True)) == ["carol@marsh.example"]
    assert AuditEvent.objects.get(verb="contact.email_removed").before == {
        "email": "carol.marsh@work.example"
    }


def test_the_primary_email_cannot_be_removed_while_another_remains(as_alice, harbor):
    carol = carol_of(harbor)
    primary = carol.emails.get(is_primary=True)
    response = as_alice.post(
        f"/workspace/clients/{carol.id}/emails/{primary.id}/remove/", follow=True
    )
    assert (
        "This is the primary email. Make another email primary first" in response.content.decode()
    )
    assert ContactEmail.objects.filter(pk=primary.pk).exists()


def test_alice_edits_carol_and_the_change_is_in_the_history(as_alice, harbor):
    carol = carol_of(harbor)
    email_ids = [str(e.id) for e in carol.emails.all()]
    phone_ids = [str(p.id) for p in carol.phones.all()]
    form = as_alice.get(f"/workspace/clients/{carol.id}/edit/").content.decode()
    assert 'value="carol@marsh.example"' in form
    assert 'value="+1 207-555-0142"' in form  # as people write it, not as stored
    # when she adds a middle name and makes the work email primary
    data = {
        "kind": "person",
        "first_name": "Carol",
        "middle_name": "Ann",
        "last_name": "Marsh",
        "identification_type": "drivers_license",
        "emails-TOTAL_FORMS": "2",
        "emails-INITIAL_FORMS": "2",
        "emails-0-id": email_ids[0],
        "emails-0-address": "carol@marsh.example",
        "emails-0-label": "personal",
        "emails-0-is_contactable": "on",
        "emails-1-id": email_ids[1],
        "emails-1-address": "carol.marsh@work.example",
        "emails-1-label": "work",
        "emails-1-is_contactable": "on",
        "emails-primary": "1",
        "phones-TOTAL_FORMS": "2",
        "phones-INITIAL_FORMS": "2",
        "phones-0-id": phone_ids[0],
        "phones-0-number": "+1 207-555-0142",
        "phones-0-label": "mobile",
        "phones-1-id": phone_ids[1],
        "phones-1-number": "+1 207-555-0199",
        "phones-1-label": "mobile",
        "phones-primary": "0",
        "addresses-TOTAL_FORMS": "0",
        "addresses-INITIAL_FORMS": "0",
    }
    response = as_alice.post(f"/workspace/clients/{carol.id}/edit/", data)
    # then it is saved, the same rows kept, the number on file kept
    assert response.status_code == 302, response.content.decode()
    carol.refresh_from_db()
    assert carol.display_name == "Carol Ann Marsh"
    assert carol.emails.get(is_primary=True).address == "carol.marsh@work.example"
    assert sorted(str(e.id) for e in carol.emails.all()) == sorted(email_ids)
    assert carol.identification_number_last4 == "9012"
    assert carol.addresses.count() == 0
    # the phones, sent back as the form showed them, are no change
    assert list(carol.phones.values_list("number", flat=True)) == ["+12075550142", "+12075550199"]
    edit = AuditEvent.objects.for_firm(harbor.id).filter(verb="contact.updated").get()
    assert "phones" not in edit.before and "phones" not in edit.after
    # and the page's history shows who changed what from what
    page = as_alice.get(f"/workspace/clients/{carol.id}/").content.decode()
    assert "changed the contact" in page and "middle name" in page and "Ann" in page


def test_a_row_ticked_for_removal_is_gone_once_saved(as_alice, harbor):
    carol = carol_of(harbor)
    page = as_alice.get(f"/workspace/clients/{carol.id}/edit/").content.decode()
    assert "Remove this email when I save" in page
    assert "Remove this phone when I save" in page
    assert "Remove this address when I save" in page
    emails = list(carol.emails.all())
    phones = list(carol.phones.all())
    address = carol.addresses.get()
    data = {
        "kind": "person",
        "first_name": "Carol",
        "last_name": "Marsh",
        "identification_type": "drivers_license",
        "emails-TOTAL_FORMS": "2",
        "emails-INITIAL_FORMS": "2",
        "emails-0-id": str(emails[0].id),
        "emails-0-address": emails[0].address,
        "emails-0-label": "personal",
        "emails-0-is_contactable": "on",
        "emails-1-id": str(emails[1].id),
        "emails-1-address": emails[1].address,
        "emails-1-label": "work",
        "emails-1-remove": "on",
        "emails-primary": "0",
        "phones-TOTAL_FORMS": "2",
        "phones-INITIAL_FORMS": "2",
        "phones-0-id": str(phones[0].id),
        "phones-0-number": "+1 207-555-0142",
        "phones-0-label": "mobile",
        "phones-0-remove": "on",
        "phones-1-id": str(phones[1].id),
        "phones-1-number": "+1 207-555-0199",
        "phones-1-label": "mobile",
        "phones-primary": "0",
        "addresses-TOTAL_FORMS": "1",
        "addresses-INITIAL_FORMS": "1",
        "addresses-0-id": str(address.id),
        "addresses-0-line1": address.line1,
        "addresses-0-city": address.city,
        "addresses-0-country": "US",
        "addresses-0-label": "home",
        "addresses-0-remove": "on",
        "addresses-primary": "0",
    }

    response = as_alice.post(f"/workspace/clients/{carol.id}/edit/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert [e.address for e in carol.emails.all()] == ["carol@marsh.example"]
    # the one phone left becomes the primary one
    assert [(p.number, p.is_primary) for p in carol.phones.all()] == [("+12075550199", True)]
    assert not carol.addresses.exists()
    history = as_alice.get(f"/workspace/clients/{carol.id}/").content.decode()
    assert "carol.marsh@work.example" in history  # the removal is kept in the history
