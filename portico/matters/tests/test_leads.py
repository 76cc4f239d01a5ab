"""Leads, and converting a lead into a case without losing anything kept on it."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from portico.audit.models import AuditEvent
from portico.matters.actions import (
    add_comment,
    convert_lead,
    matter_record_models,
    post_status_update,
)
from portico.matters.inputs import CaseInput
from portico.matters.models import Case, Comment, Lead, LeadContact, MatterRecord, StatusUpdate
from portico.testing.factories import carol_of, dan_of

pytestmark = pytest.mark.django_db


def test_converting_a_lead_keeps_its_contacts_comments_and_status_updates(harbor, alice):
    # given a lead about carol and dan, with a private and a shared comment and a status update
    carol, dan = carol_of(harbor), dan_of(harbor)
    from portico.testing.factories import make_lead

    lead = make_lead(harbor, [carol, dan], actor=alice)
    private = add_comment(matter=lead, body="Conflict check clear.", is_private=True, actor=alice)
    shared = add_comment(
        matter=lead, body="Please send the incident report.", is_private=False, actor=alice
    )
    update = post_status_update(matter=lead, body="We are reviewing your enquiry.", actor=alice)
    # when alice converts it into a case
    case = convert_lead(lead=lead, data=CaseInput(opened_on=lead.created_at.date()), actor=alice)
    # then the case names both contacts as clients and holds everything the lead held
    assert case.name == "Marsh: injury at work" and case.practice_area == "personal_injury"
    assert {c.contact_id for c in case.case_clients.all()} == {carol.id, dan.id}
    assert list(Comment.objects.filter(matter=case.matter).order_by("created_at")) == [
        private,
        shared,
    ]
    assert list(StatusUpdate.objects.filter(matter=case.matter)) == [update]
    assert Comment.objects.get(pk=private.pk).is_private is True
    assert not Comment.objects.filter(matter__lead=lead).exists()
    # and the lead says where it went, and the history records it
    lead.refresh_from_db()
    assert (lead.status, lead.converted_case_id) == (Lead.Status.CONVERTED, case.id)
    assert LeadContact.objects.filter(lead=lead).count() == 2
    assert AuditEvent.objects.filter(verb="lead.converted", object_id=lead.id).count() == 1


def test_everything_kept_on_a_lead_is_a_matter_record_so_conversion_carries_it():
    """A model with a foreign key to Lead must subclass MatterRecord (and be moved on
    conversion), unless it is one of the lead's own links. Documents and intake answers,
    when they come, are carried by construction or this fails."""
    own_links = {LeadContact}
    for model in apps.get_models():
        points_at_lead = any(
            isinstance(f, models.ForeignKey) and f.related_model is Lead for f in model._meta.fields
        )
        if points_at_lead and model not in own_links:
            assert issubclass(model, MatterRecord), (
                f"{model.__name__} points at Lead but would be lost on conversion"
            )
    assert set(matter_record_models()) >= {Comment, StatusUpdate}


def test_a_lead_converts_once(harbor, alice):
    from portico.testing.factories import make_lead

    lead = make_lead(harbor, [carol_of(harbor)])
    convert_lead(lead=lead, data=CaseInput(opened_on=lead.created_at.date()), actor=alice)
    from portico.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        convert_lead(lead=lead, data=CaseInput(opened_on=lead.created_at.date()), actor=alice)
    assert Case.objects.count() == 1


def test_alice_opens_a_lead_comments_and_converts_it_in_the_workspace(as_alice, harbor):
    carol = carol_of(harbor)
    # when alice opens a lead for carol from the form
    assert (
        str(carol.id) in as_alice.get(f"/workspace/leads/new/?contact={carol.id}").content.decode()
    )
    response = as_alice.post(
        "/workspace/leads/new/",
        {
            "title": "Marsh: lease dispute",
            "contact_ids": [str(carol.id)],
            "practice_area": "real_estate",
            "status": "new",
            "source": "website",
            "description": "Landlord kept the deposit.",
        },
    )
    lead = Lead.objects.for_firm(harbor.id).get()
    assert response["Location"] == f"/workspace/leads/{lead.id}/"
    # and leaves a shared comment
    as_alice.post(f"/workspace/leads/{lead.id}/comments/", {"comment-body": "Send us the lease."})
    assert Comment.objects.get().is_private is False  # the box was left unticked
    # and converts it
    converted = as_alice.post(
        f"/workspace/leads/{lead.id}/convert/",
        {
            "name": "Marsh v. Harbourside Rentals",
            "number": "HV-2026-007",
            "stage": "negotiation",
            "opened_on": "2026-11-02",
            "minimum_trust_balance": "750.00",
        },
    )
    case = Case.objects.for_firm(harbor.id).get()
    assert converted["Location"] == f"/workspace/cases/{case.id}/"
    assert case.minimum_trust_balance == 75000
    page = as_alice.get(converted["Location"]).content.decode()
    assert "Send us the lease." in page and "Carol Marsh" in page and "Marsh: lease dispute" in page


def test_the_lead_api_opens_comments_and_converts(harbor_api, harbor):
    carol = carol_of(harbor)
    lead = harbor_api.post(
        "/api/v1/leads",
        {
            "title": "Marsh: lease dispute",
            "practice_area": "real_estate",
            "contact_ids": [str(carol.id)],
        },
        content_type="application/json",
    )
    assert lead.status_code == 201, lead.content
    lead_id = lead.json()["id"]
    comment = harbor_api.post(
        f"/api/v1/leads/{lead_id}/comments",
        {"body": "Deposit was $2,400.", "private": True},
        content_type="application/json",
    )
    assert comment.status_code == 201 and comment.json()["private"] is True
    status = harbor_api.post(
        f"/api/v1/leads/{lead_id}/status-updates",
        {"body": "We have your documents."},
        content_type="application/json",
    )
    assert status.status_code == 201
    case = harbor_api.post(f"/api/v1/leads/{lead_id}/convert", {}, content_type="application/json")
    assert case.status_code == 201, case.content
    body = case.json()
    assert body["lead_id"] == lead_id
    assert [c["contact"]["display_name"] for c in body["clients"]] == ["Carol Marsh"]
    assert [c["body"] for c in body["comments"]] == ["Deposit was $2,400."]
    assert [s["body"] for s in body["status_updates"]] == ["We have your documents."]
    assert harbor_api.get(f"/api/v1/leads/{lead_id}").json()["converted_case_id"] == body["id"]


def test_a_lead_needs_a_contact_of_the_firm(harbor_api, harbor, other_firm):
    erin = carol_of(other_firm)
    response = harbor_api.post(
        "/api/v1/leads",
        {"title": "Poached", "practice_area": "family", "contact_ids": [str(erin.id)]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "contact_ids.0": [f"There is no contact with the id {erin.id} in your firm."]
    }
    assert Lead.objects.dangerously_all_firms().count() == 0
