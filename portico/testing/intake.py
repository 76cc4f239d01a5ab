"""An intake form on a matter, for tests: the questions the tests and the walls use."""

from __future__ import annotations

from types import SimpleNamespace

from portico.intake import actions
from portico.intake.actions import QuestionInput
from portico.intake.models import IntakeQuestion


def make_form(
    firm, actor, *, name: str = "Injury intake", private_label: str = "", private_help: str = ""
):
    """A form with a short text, a date, a number, a single choice, a yes/no and a question
    shown only when the yes/no is "yes", and, if `private_label`, a private question."""
    form = actions.create_form(firm_id=firm.id, name=name, actor=actor)
    specs = [
        QuestionInput(label="Where did it happen?", kind="short_text", required=True),
        QuestionInput(label="When did it happen?", kind="date", required=True),
        QuestionInput(label="How many days off work?", kind="number"),
        QuestionInput(
            label="How were you hurt?", kind="single_choice", choices=["Fall", "Lifting"]
        ),
        QuestionInput(label="Did you see a doctor?", kind="yes_no", required=True),
        QuestionInput(label="Which doctor?", kind="short_text"),
    ]
    if private_label:
        specs.append(
            QuestionInput(
                label=private_label, kind="long_text", help_text=private_help, is_private=True
            )
        )
    questions = [actions.add_question(form=form, data=s, actor=actor) for s in specs]
    doctor = questions[5]
    doctor.show_when, doctor.show_when_value = questions[4], "yes"
    doctor.save(update_fields=["show_when", "show_when_value"])
    return form, questions


def put_intake(matter, actor, **kwargs) -> SimpleNamespace:
    """A new form given to `matter`; its questions by role."""
    form, q = make_form(matter.firm, actor, **kwargs)
    actions.attach_form(matter=matter, form=form, actor=actor)
    q = [IntakeQuestion.objects.get(pk=x.pk) for x in q]
    return SimpleNamespace(
        form=form,
        where=q[0],
        when=q[1],
        days=q[2],
        how=q[3],
        doctor_seen=q[4],
        doctor=q[5],
        private=q[6] if len(q) > 6 else None,
        questions=q,
    )


def put_file_question(matter, actor, *, private: bool = False) -> IntakeQuestion:
    """A one-question form asking for a file, given to `matter`."""
    form = actions.create_form(firm_id=matter.firm_id, name="Files we need", actor=actor)
    question = actions.add_question(
        form=form,
        data=QuestionInput(label="Your lease", kind="file", is_private=private),
        actor=actor,
    )
    actions.attach_form(matter=matter, form=form, actor=actor)
    return question
