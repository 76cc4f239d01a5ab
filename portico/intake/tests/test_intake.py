"""Intake forms and answers: validation by type, what a client may answer, history, versions,
and a lead's answers following it into its case."""

from __future__ import annotations

import pytest

from portico.core.errors import InvalidInput
from portico.intake import actions
from portico.intake.actions import QuestionInput
from portico.intake.events import IntakeAnswerSaved
from portico.intake.models import IntakeAnswer
from portico.intake.queries import intake_for_firm, questions_of_form
from portico.matters.actions import convert_lead
from portico.matters.inputs import CaseInput
from portico.testing.events import capture_events
from portico.testing.factories import carol_of, make_lead
from portico.testing.intake import make_form, put_intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol(harbor, alice):
    return carol_of(harbor, actor=alice)


@pytest.fixture
def lead(harbor, alice, carol):
    return make_lead(harbor, [carol], actor=alice)


@pytest.fixture
def intake(lead, alice):
    return put_intake(lead, alice, private_label="Our view of the claim")


def _stored(lead, question):
    return IntakeAnswer.objects.filter(matter_id=lead.matter_id, question=question).first()


def test_a_client_answer_is_kept_with_its_history_and_the_later_write_wins(
    lead, intake, alice, carol
):
    with capture_events() as events:
        actions.save_answer(matter=lead, question=intake.where, value="At the depot", actor=carol)
    actions.save_answer(matter=lead, question=intake.where, value="At the docks", actor=alice)
    answer = _stored(lead, intake.where)
    assert answer.value == "At the docks"
    history = list(answer.history.all())
    assert [(c.author_name, c.before, c.after) for c in history] == [
        (history[0].author_name, "At the depot", "At the docks"),
        (history[1].author_name, "", "At the depot"),
    ]
    assert history[1].author_contact == carol and history[0].author_staff == alice
    assert [type(e) for e in events] == [IntakeAnswerSaved]
    assert events[0].private is False and events[0].by_contact_id == carol.id


@pytest.mark.parametrize(
    ("role", "value", "says"),
    [
        ("when", "2026-02-31", "real date"),
        ("when", "last Tuesday", "real date"),
        ("how", "Slipped", "not one of the choices"),
        ("days", "three", "Enter a number"),
        ("doctor_seen", "maybe", "yes or no"),
    ],
)
def test_an_invalid_answer_is_refused_in_plain_words_and_the_stored_one_stays(
    lead, intake, alice, role, value, says
):
    question = getattr(intake, role)
    good = {"when": "2026-01-05", "how": "Fall", "days": "3", "doctor_seen": "no"}[role]
    actions.save_answer(matter=lead, question=question, value=good, actor=alice)
    with capture_events() as events, pytest.raises(InvalidInput) as refused:
        actions.save_answer(matter=lead, question=question, value=value, actor=alice)
    assert says in " ".join(refused.value.errors["value"])
    assert _stored(lead, question).value == good
    assert _stored(lead, question).history.count() == 1
    assert events == []


def test_a_client_cannot_answer_a_private_question(lead, intake, alice, carol):
    actions.save_answer(matter=lead, question=intake.private, value="Strong", actor=alice)
    with pytest.raises(InvalidInput):
        actions.save_answer(matter=lead, question=intake.private, value="Weak", actor=carol)
    assert _stored(lead, intake.private).value == "Strong"


def test_a_client_cannot_answer_a_hidden_question_but_can_once_it_is_shown(lead, intake, carol):
    with pytest.raises(InvalidInput) as refused:
        actions.save_answer(matter=lead, question=intake.doctor, value="Dr Lee", actor=carol)
    assert "does not apply" in refused.value.errors["value"][0]
    assert _stored(lead, intake.doctor) is None
    actions.save_answer(matter=lead, question=intake.doctor_seen, value="yes", actor=carol)
    actions.save_answer(matter=lead, question=intake.doctor, value="Dr Lee", actor=carol)
    assert _stored(lead, intake.doctor).value == "Dr Lee"


def test_an_answer_to_a_question_of_another_form_is_refused(harbor, lead, intake, alice):
    _form, other = make_form(harbor, alice, name="Employment")
    with pytest.raises(InvalidInput) as refused:
        actions.save_answer(matter=lead, question=other[0], value="Here", actor=alice)
    assert "not on this matter's forms" in refused.value.errors["value"][0]
    assert not IntakeAnswer.objects.filter(question=other[0]).exists()


def test_multiple_choices_keep_the_forms_order_and_refuse_one_not_offered(harbor, lead, alice):
    form = actions.create_form(firm_id=harbor.id, name="Injuries", actor=alice)
    q = actions.add_question(
        form=form,
        data=QuestionInput(label="Where hurt?", kind="multiple_choice", choices=["Back", "Arm"]),
        actor=alice,
    )
    actions.attach_form(matter=lead, form=form, actor=alice)
    actions.save_answer(matter=lead, question=q, value=["Arm", "Back"], actor=alice)
    assert _stored(lead, q).value == ["Back", "Arm"]
    with pytest.raises(InvalidInput):
        actions.save_answer(matter=lead, question=q, value=["Leg"], actor=alice)
    assert _stored(lead, q).value == ["Back", "Arm"]


def test_editing_a_given_form_makes_a_new_version_and_the_matter_keeps_its_questions(
    lead, intake, alice
):
    asked_before = [q.question.label for q in intake_for_firm(lead.firm_id, lead)[0].questions]
    actions.add_question(
        form=intake.form, data=QuestionInput(label="Any witnesses?", kind="yes_no"), actor=alice
    )
    actions.move_question(question=intake.when, up=True, actor=alice)
    asked_after = [q.question.label for q in intake_for_firm(lead.firm_id, lead)[0].questions]
    assert asked_after == asked_before
    current = [q.label for q in questions_of_form(intake.form)]
    assert current[:2] == ["When did it happen?", "Where did it happen?"]
    assert current[-1] == "Any witnesses?"
    assert intake.form.versions.count() == 2


def test_remaining_required_questions_count_only_shown_unanswered_ones(lead, intake, alice):
    assert len(intake_for_firm(lead.firm_id, lead)[0].remaining) == 3
    actions.save_answer(matter=lead, question=intake.where, value="Depot", actor=alice)
    actions.save_answer(matter=lead, question=intake.doctor_seen, value="no", actor=alice)
    assert [a.question.label for a in intake_for_firm(lead.firm_id, lead)[0].remaining] == [
        "When did it happen?"
    ]


def test_answers_stay_with_the_matter_when_the_lead_becomes_a_case(lead, intake, alice):
    actions.save_answer(matter=lead, question=intake.where, value="Depot", actor=alice)
    case = convert_lead(lead=lead, data=CaseInput(opened_on=lead.created_at.date()), actor=alice)
    asked = intake_for_firm(case.firm_id, case)[0]
    assert [q.value for q in asked.questions if q.question == intake.where] == ["Depot"]


def test_a_question_needs_words_a_known_type_and_choices_for_a_choice(harbor, alice):
    form = actions.create_form(firm_id=harbor.id, name="F", actor=alice)
    with pytest.raises(InvalidInput) as refused:
        actions.add_question(
            form=form, data=QuestionInput(label=" ", kind="single_choice"), actor=alice
        )
    assert set(refused.value.errors) == {"label", "choices"}
    with pytest.raises(InvalidInput):
        actions.add_question(form=form, data=QuestionInput(label="x", kind="blob"), actor=alice)
    assert questions_of_form(form) == []


def test_an_answer_with_a_nul_character_is_refused_in_plain_words():
    # found by schemathesis on PostgreSQL, which cannot store a NUL in text or JSON
    from types import SimpleNamespace

    import pytest as _pytest

    from portico.intake.answers import clean_value
    from portico.intake.models import QuestionType

    question = SimpleNamespace(kind=QuestionType.SHORT_TEXT)
    with _pytest.raises(ValueError, match="control character"):
        clean_value(question, "Marsh\x00")
