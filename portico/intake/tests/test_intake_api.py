"""Intake through the staff API and the portal API."""

from __future__ import annotations

import pytest

from portico.intake.models import IntakeAnswer
from portico.testing.factories import carol_of, dan_of, make_case, make_lead
from portico.testing.intake import put_intake
from portico.testing.sessions import open_account, portal_client_for

pytestmark = pytest.mark.django_db


def _put(client, url, value):
    return client.put(url, data={"value": value}, content_type="application/json")


def test_an_integration_builds_a_form_gives_it_to_a_case_and_reads_the_answers(
    harbor_api, harbor, alice
):
    case = make_case(harbor, [carol_of(harbor, actor=alice)], actor=alice)
    created = harbor_api.post(
        "/api/v1/intake-forms",
        data={
            "name": "Lease intake",
            "questions": [
                {"label": "Monthly rent?", "kind": "currency", "required": True},
                {"label": "Landlord's tone", "kind": "long_text", "is_private": True},
            ],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    form = created.json()
    assert [q["label"] for q in form["questions"]] == ["Monthly rent?", "Landlord's tone"]
    assert [f["name"] for f in harbor_api.get("/api/v1/intake-forms").json()["forms"]] == [
        "Lease intake"
    ]
    attached = harbor_api.post(
        f"/api/v1/cases/{case.id}/intake",
        data={"form_id": form["id"]},
        content_type="application/json",
    )
    assert attached.status_code == 201 and attached.json()["remaining"] == 1
    rent, tone = form["questions"]
    saved = _put(harbor_api, f"/api/v1/cases/{case.id}/intake/{rent['id']}", "$1,250")
    assert saved.status_code == 200 and saved.json()["answer"] == "1250.00"
    assert (
        _put(harbor_api, f"/api/v1/cases/{case.id}/intake/{tone['id']}", "Hostile").status_code
        == 200
    )
    intake = harbor_api.get(f"/api/v1/cases/{case.id}/intake").json()
    assert intake["remaining"] == 0
    answers = {q["label"]: q["answer"] for q in intake["forms"][0]["questions"]}
    assert answers == {"Monthly rent?": "1250.00", "Landlord's tone": "Hostile"}
    assert intake["forms"][0]["questions"][0]["history"][0]["after"] == "1250.00"


def test_the_api_refuses_a_form_with_a_bad_question_and_keeps_nothing(harbor_api):
    refused = harbor_api.post(
        "/api/v1/intake-forms",
        data={"name": "F", "questions": [{"label": "Pick", "kind": "single_choice"}]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert harbor_api.get("/api/v1/intake-forms").json()["forms"] == []


@pytest.fixture
def lead(harbor, alice):
    return make_lead(harbor, [carol_of(harbor, actor=alice)], actor=alice)


@pytest.fixture
def intake(lead, alice):
    return put_intake(lead, alice, private_label="Our view of the claim")


def test_a_client_reads_and_answers_the_questions_of_their_lead_and_never_a_private_one(
    lead, intake, alice
):
    as_carol = portal_client_for(open_account(lead.lead_contacts.get().contact))
    url = f"/portal/api/v1/leads/{lead.id}/intake"
    read = as_carol.get(url).json()
    labels = [q["label"] for q in read["forms"][0]["questions"]]
    assert "Our view of the claim" not in labels and "Which doctor?" not in labels
    assert read["remaining"] == 3
    saved = _put(as_carol, f"{url}/{intake.where.id}", "At the depot")
    assert saved.status_code == 200 and saved.json()["answer"] == "At the depot"
    assert as_carol.get(url).json()["remaining"] == 2


@pytest.mark.parametrize(
    ("role", "value", "says"),
    [
        ("when", "2026-13-01", "real date"),
        ("how", "Slipped", "not one of the choices"),
        ("days", "three", "Enter a number"),
        ("private", "Weak", "not on this matter's forms"),
        ("doctor", "Dr Lee", "does not apply"),
    ],
)
def test_the_portal_api_refuses_in_plain_words_and_changes_nothing(lead, intake, role, value, says):
    as_carol = portal_client_for(open_account(lead.lead_contacts.get().contact))
    question = getattr(intake, role)
    refused = _put(as_carol, f"/portal/api/v1/leads/{lead.id}/intake/{question.id}", value)
    assert refused.status_code == 422
    assert says in str(refused.json())
    assert not IntakeAnswer.objects.filter(question=question).exists()


def test_carol_cannot_read_or_answer_on_dans_lead(harbor, alice, lead, intake):
    dan = dan_of(harbor, actor=alice)
    dans_lead = make_lead(harbor, [dan], title="Okafor", actor=alice)
    from portico.intake.actions import attach_form

    attach_form(matter=dans_lead, form=intake.form, actor=alice)
    as_carol = portal_client_for(open_account(lead.lead_contacts.get().contact))
    url = f"/portal/api/v1/leads/{dans_lead.id}/intake"
    assert as_carol.get(url).status_code == 404
    assert _put(as_carol, f"{url}/{intake.where.id}", "Mine").status_code == 404
    assert not IntakeAnswer.objects.exists()
