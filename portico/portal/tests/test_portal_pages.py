from __future__ import annotations

from urllib.parse import urlencode

import pytest

from portico.audit.models import AuditEvent
from portico.clients.models import ContactPhone
from portico.matters.models import Comment
from portico.testing.factories import make_case, make_lead
from portico.testing.overhead import request_overhead
from portico.testing.sessions import open_account, portal_client_for, signed_in_client

pytestmark = pytest.mark.django_db


def test_home_shows_carols_details_cases_and_leads_only(carol, dan, as_carol):
    page = as_carol.get("/portal/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Carol Marsh" in body and "carol@marsh.example" in body
    assert carol.case.name in body and carol.lead.title in body
    assert dan.case.name not in body and "Dan" not in body


@pytest.mark.slow
@pytest.mark.parametrize("matters", [1, 20])
def test_home_runs_a_fixed_number_of_queries(
    matters, harbor, alice, carol, django_assert_num_queries
):
    from portico.testing.intake import put_intake

    put_intake(carol.case, alice)
    for i in range(matters - 1):
        case = make_case(harbor, [carol.contact], name=f"Matter {i}", actor=alice)
        put_intake(case, alice)
        make_lead(harbor, [carol.contact], title=f"Enquiry {i}", actor=alice)
    client = portal_client_for(open_account(carol.contact))
    # the request's overhead (which read the contact with the portal account), then the page:
    # emails, phones and addresses (one query), cases, leads, and which of them await intake
    # answers (1: the questions of the forms given, each with its answer)
    with django_assert_num_queries(request_overhead() + 3 + 1):
        response = client.get("/portal/")
    page = response.content.decode()
    assert page.count('card__title"><a href="/portal/cases/') == matters
    assert page.count("Answer the firm's questions") == matters


def test_carol_changes_her_phone_and_the_firm_sees_it_with_its_history(carol, alice, as_carol):
    form = as_carol.get("/portal/profile/")
    assert form.status_code == 200
    contact = carol.contact
    phones = list(contact.phones.all())
    data = {
        "first_name": "Carol",
        "middle_name": "",
        "last_name": "Marsh",
        "organization_name": "",
        "date_of_birth": "",
        "identification_type": "drivers_license",
        "identification_number": "",
        "identification_issuer": "State of Maine",
        "identification_expires_on": "",
        "emails-TOTAL_FORMS": "2",
        "emails-INITIAL_FORMS": "0",
        "emails-primary": "0",
        "phones-TOTAL_FORMS": "2",
        "phones-INITIAL_FORMS": "0",
        "phones-primary": "0",
        "addresses-TOTAL_FORMS": "1",
        "addresses-INITIAL_FORMS": "0",
        "addresses-primary": "0",
    }
    for i, e in enumerate(contact.emails.all()):
        data |= {
            f"emails-{i}-id": e.id,
            f"emails-{i}-address": e.address,
            f"emails-{i}-label": e.label,
            f"emails-{i}-is_contactable": "on",
        }
    for i, p in enumerate(phones):
        data |= {
            f"phones-{i}-id": p.id,
            f"phones-{i}-number": p.number,
            f"phones-{i}-label": p.label,
        }
    data["phones-0-number"] = "(207) 555-0300"
    a = contact.addresses.get()
    data |= {
        "addresses-0-id": a.id,
        "addresses-0-line1": a.line1,
        "addresses-0-line2": "",
        "addresses-0-city": a.city,
        "addresses-0-region": a.region,
        "addresses-0-postal_code": a.postal_code,
        "addresses-0-country": "US",
        "addresses-0-label": a.label,
    }
    # when carol saves a new phone number
    saved = as_carol.post("/portal/profile/", data)
    # then it is on her record at once
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert ContactPhone.objects.get(contact=contact, is_primary=True).number == "+12075550300"
    # and alice sees it on carol's page, with the change and who made it in the history
    page = signed_in_client(alice).get(f"/workspace/clients/{contact.id}/").content.decode()
    assert "555-0300" in page
    event = AuditEvent.objects.filter(object_id=contact.id, actor_kind="client").latest(
        "created_at"
    )
    assert event.actor_label == "Carol Marsh"
    assert "+1 207-555-0142" in str(event.before) and "+1 207-555-0300" in str(event.after)


def test_bad_details_are_refused_with_the_field_named_and_nothing_saved(carol, as_carol):
    before = list(carol.contact.phones.values_list("number", flat=True))
    response = as_carol.post(
        "/portal/profile/",
        {
            "first_name": "",
            "last_name": "",
            "emails-TOTAL_FORMS": "0",
            "emails-INITIAL_FORMS": "0",
            "phones-TOTAL_FORMS": "1",
            "phones-INITIAL_FORMS": "0",
            "phones-0-number": "12",
            "phones-0-label": "mobile",
            "phones-primary": "0",
            "addresses-TOTAL_FORMS": "0",
            "addresses-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 422
    assert "Nothing was saved" in response.content.decode()
    assert list(carol.contact.phones.values_list("number", flat=True)) == before


def test_carol_replies_on_her_case_and_the_firm_sees_it(carol, alice, as_carol):
    response = as_carol.post(f"/portal/cases/{carol.case.id}/", {"body": "I have the receipts."})
    assert response.status_code == 302
    reply = Comment.objects.get(matter=carol.case.matter, body="I have the receipts.")
    assert (reply.is_private, reply.author_contact_id) == (False, carol.contact.id)
    case_page = signed_in_client(alice).get(f"/workspace/cases/{carol.case.id}/").content.decode()
    assert "I have the receipts." in case_page


def test_an_empty_reply_is_refused_in_plain_words(carol, as_carol):
    response = as_carol.post(f"/portal/cases/{carol.case.id}/", {"body": "  "})
    assert response.status_code == 422
    assert "Write the message before saving it." in response.content.decode()
    assert not Comment.objects.filter(
        matter=carol.case.matter, author_contact=carol.contact
    ).exists()


def test_portal_api_me_and_matters(carol, dan, as_carol):
    me = as_carol.get("/portal/api/v1/me").json()
    assert me["display_name"] == "Carol Marsh"
    assert "notes" not in me and "billing" not in me
    matters = as_carol.get("/portal/api/v1/matters").json()
    assert [c["title"] for c in matters["cases"]] == [carol.case.name]
    assert [lead["title"] for lead in matters["leads"]] == [carol.lead.title]
    patched = as_carol.patch(
        "/portal/api/v1/me",
        {"first_name": "Caroline", "notes": "mine now"},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["first_name"] == "Caroline"
    carol.contact.refresh_from_db()
    assert carol.contact.notes == ""


def test_signed_out_visitors_are_sent_to_sign_in_and_back_to_the_page_they_asked_for(client, carol):
    assert client.get("/portal/").url == "/portal/sign-in/?next=%2Fportal%2F"
    case_page = f"/portal/cases/{carol.case.id}/"
    assert client.get(case_page).url == f"/portal/sign-in/?{urlencode({'next': case_page})}"
    assert client.get("/portal/api/v1/me").status_code == 401


def test_adding_another_phone_row_stays_in_the_portal(as_carol):
    row = as_carol.get("/portal/profile/form-row/?kind=phone&index=2").content.decode()
    assert 'name="phones-2-number"' in row
    assert 'hx-get="/portal/profile/form-row/?kind=phone&amp;index=3"' in row


def test_portal_api_case_shows_progress_and_the_shared_thread_only(carol, alice, as_carol):
    from portico.matters.actions import add_comment, post_status_update

    post_status_update(matter=carol.case, body="We filed the claim.", actor=alice)
    add_comment(matter=carol.case, body="Internal only.", is_private=True, actor=alice)
    add_comment(matter=carol.case, body="Please send the lease.", is_private=False, actor=alice)
    case = as_carol.get(f"/portal/api/v1/cases/{carol.case.id}").json()
    assert {"kind": "update", "text": "We filed the claim.", "by": "Alice Harbor"}.items() <= case[
        "timeline"
    ][0].items()
    assert [(t["kind"], t["text"]) for t in case["timeline"][1:]] == [("stage", "Moved to Intake")]
    assert [m["body"] for m in case["messages"]] == ["Please send the lease."]
