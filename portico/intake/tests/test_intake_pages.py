"""Intake in the workspace and the portal pages."""

from __future__ import annotations

import pytest

from portico.intake.models import IntakeAnswer, IntakeForm
from portico.testing.factories import carol_of, make_lead
from portico.testing.intake import put_intake
from portico.testing.sessions import open_account, portal_client_for

pytestmark = pytest.mark.django_db


def test_alice_builds_a_form_reorders_it_and_gives_it_to_a_lead(as_alice, harbor, alice):
    lead = make_lead(harbor, [carol_of(harbor, actor=alice)], actor=alice)
    created = as_alice.post("/workspace/intake-forms/", {"name": "Tenancy intake"})
    form = IntakeForm.objects.get(name="Tenancy intake")
    assert created.status_code == 302
    refused = as_alice.post(
        f"/workspace/intake-forms/{form.id}/", {"label": "Which?", "kind": "single_choice"}
    )
    assert refused.status_code == 422 and "Give at least two choices" in refused.content.decode()
    for label in ("Your landlord's name", "Rent per month"):
        as_alice.post(
            f"/workspace/intake-forms/{form.id}/",
            {"label": label, "kind": "short_text", "required": "on"},
        )
    second = form.versions.get().questions.get(position=2)
    as_alice.post(f"/workspace/intake-questions/{second.id}/move/", {"direction": "up"})
    page = as_alice.get(f"/workspace/intake-forms/{form.id}/").content.decode()
    page = page[page.index("<ol") :]
    assert page.index("Rent per month") < page.index("Your landlord&#x27;s name")
    as_alice.post(f"/workspace/leads/{lead.id}/intake/attach/", {"form": str(form.id)})
    lead_page = as_alice.get(f"/workspace/leads/{lead.id}/").content.decode()
    assert "Tenancy intake" in lead_page and "2 required questions to answer" in lead_page


def test_staff_answer_a_private_question_and_see_its_history(as_alice, harbor, alice):
    lead = make_lead(harbor, [carol_of(harbor, actor=alice)], actor=alice)
    intake = put_intake(lead, alice, private_label="Our view of the claim")
    url = f"/workspace/leads/{lead.id}/intake/{intake.private.id}/"
    as_alice.post(url, {"value": "Strong"})
    as_alice.post(url, {"value": "Very strong"})
    page = as_alice.get(f"/workspace/leads/{lead.id}/").content.decode()
    assert "Very strong" in page and "“Strong” → “Very strong”" in page
    refused = as_alice.post(
        f"/workspace/leads/{lead.id}/intake/{intake.days.id}/", {"value": "three"}, follow=True
    )
    assert "Enter a number" in refused.content.decode()
    assert not IntakeAnswer.objects.filter(question=intake.days).exists()


def test_carol_sees_the_questions_not_the_private_one_and_her_home_says_what_needs_answers(
    harbor, alice
):
    carol = carol_of(harbor, actor=alice)
    lead = make_lead(harbor, [carol], actor=alice)
    put_intake(lead, alice, private_label="Our view of the claim", private_help="Staff only.")
    as_carol = portal_client_for(open_account(carol))
    page = as_carol.get(f"/portal/leads/{lead.id}/").content.decode()
    assert "Where did it happen?" in page and "3 required questions still to answer" in page
    assert "Our view of the claim" not in page and "Staff only." not in page
    assert 'for="q-' in page  # every field has its label
    home = as_carol.get("/portal/").content.decode()
    assert "Answer the firm&#x27;s questions" in home or "Answer the firm's questions" in home


def test_the_answers_export_as_csv_with_private_ones_and_no_formula(as_alice, harbor, alice):
    from portico.intake.actions import save_answer

    lead = make_lead(harbor, [carol_of(harbor, actor=alice)], actor=alice)
    intake = put_intake(lead, alice, private_label="Our view of the claim")
    save_answer(matter=lead, question=intake.where, value="=HYPERLINK(1)", actor=alice)
    save_answer(matter=lead, question=intake.private, value="Strong", actor=alice)
    response = as_alice.get(f"/workspace/leads/{lead.id}/intake/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "'=HYPERLINK(1)" in text and "Our view of the claim,yes,Strong" in text


def test_a_question_or_a_form_without_words_is_refused_in_plain_words(as_alice, harbor, alice):
    refused = as_alice.post("/workspace/intake-forms/", {"name": ""})
    assert refused.status_code == 422 and "Enter a name for the form." in refused.content.decode()
    form = IntakeForm.objects.create(firm=harbor, name="Spare")
    form.versions.create(firm=harbor, number=1)
    refused = as_alice.post(f"/workspace/intake-forms/{form.id}/", {"label": "", "kind": "date"})
    assert refused.status_code == 422 and "Enter the question." in refused.content.decode()


def test_alice_makes_a_question_show_only_for_an_earlier_answer(as_alice, harbor, alice):
    as_alice.post("/workspace/intake-forms/", {"name": "Treatment"})
    form = IntakeForm.objects.get(name="Treatment")
    url = f"/workspace/intake-forms/{form.id}/"
    as_alice.post(url, {"label": "Did you see a doctor?", "kind": "yes_no"})
    refused = as_alice.post(
        url,
        {
            "label": "Which doctor?",
            "kind": "short_text",
            "show_when_position": "1",
            "show_when_value": "perhaps",
        },
    )
    assert refused.status_code == 422
    assert "Give one of the answers of “Did you see a doctor?”: yes, no." in (
        refused.content.decode()
    )
    as_alice.post(
        url,
        {
            "label": "Which doctor?",
            "kind": "short_text",
            "show_when_position": "1",
            "show_when_value": "yes",
        },
    )
    doctor = form.versions.get().questions.get(position=2)
    assert doctor.show_when.label == "Did you see a doctor?" and doctor.show_when_value == "yes"
    page = as_alice.get(url).content.decode()
    assert "Shown only when 1. “Did you see a doctor?” is answered “yes”." in page


def test_the_api_creates_a_form_with_a_condition(harbor_api):
    made = harbor_api.post(
        "/api/v1/intake-forms",
        data={
            "name": "Treatment",
            "questions": [
                {
                    "label": "How were you hurt?",
                    "kind": "single_choice",
                    "choices": ["Fall", "Lift"],
                },
                {
                    "label": "How high?",
                    "kind": "number",
                    "show_when_position": 1,
                    "show_when_value": "Fall",
                },
            ],
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["questions"][1]["show_when_position"] == 1
    refused = harbor_api.post(
        "/api/v1/intake-forms",
        data={
            "name": "Bad",
            "questions": [
                {"label": "X?", "kind": "date", "show_when_position": 1, "show_when_value": "yes"}
            ],
        },
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "earlier yes-or-no or choice question" in str(refused.json())
