"""Reads of intake forms and answers for the firm (the workspace and the staff API). The
portal reads its own through `portico.portal.queries`, which take the signed-in client."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import JSONField, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from portico.documents.models import Document
from portico.intake.answers import answer_text, is_answered, is_shown
from portico.intake.models import (
    IntakeAnswer,
    IntakeAnswerChange,
    IntakeForm,
    IntakeFormVersion,
    IntakeQuestion,
    MatterIntake,
    QuestionType,
)
from portico.matters.kinds import MatterFace


def forms_for_firm(firm_id: uuid.UUID) -> QuerySet[IntakeForm]:
    return IntakeForm.objects.for_firm(firm_id)


def get_form_for_firm(firm_id: uuid.UUID, form_id: uuid.UUID) -> IntakeForm:
    return get_object_or_404(forms_for_firm(firm_id), pk=form_id)


def questions_of_form(form: IntakeForm) -> list[IntakeQuestion]:
    """The questions of the form's current version, in order."""
    version = form.versions.order_by("-number").first()
    return list(version.questions.order_by("position", "id")) if version else []


def get_question_for_firm(firm_id: uuid.UUID, question_id: uuid.UUID) -> IntakeQuestion:
    return get_object_or_404(
        IntakeQuestion.objects.for_firm(firm_id).select_related("version__form"), pk=question_id
    )


@dataclass
class AskedQuestion:
    question: IntakeQuestion
    value: object = ""
    answer: IntakeAnswer | None = None
    shown: bool = True
    history: list = field(default_factory=list)
    # A file question's document, when the answer names one that is still there.
    document: Document | None = None
    # A file question's files by id, for its history: a person reads a name, never an id.
    file_names: dict[str, str] = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        return is_answered(self.value)

    @property
    def history_lines(self) -> list[tuple[IntakeAnswerChange, str, str]]:
        """Each change with its before and after as the page shows them."""
        return [(c, self._words(c.before), self._words(c.after)) for c in self.history]

    def _words(self, value: object) -> str:
        if self.question.kind == QuestionType.FILE and value:
            return self.file_names.get(str(value), "a file no longer on the matter")
        return answer_text(value)


@dataclass
class AskedForm:
    form: IntakeForm
    version: IntakeFormVersion
    questions: list[AskedQuestion]

    @property
    def remaining(self) -> list[AskedQuestion]:
        return [q for q in self.questions if q.shown and q.question.required and not q.answered]


def intake_on_matter(
    firm_id: uuid.UUID, matter_id: uuid.UUID | None, *, private: bool, history: bool = False
) -> list[AskedForm]:
    """The forms given to the matter, each with its questions and their answers. `private`:
    include the firm's private questions (never for a client)."""
    if matter_id is None:
        return []
    intakes = list(
        MatterIntake.objects.for_firm(firm_id)
        .filter(matter_id=matter_id)
        .select_related("version__form")
    )
    if not intakes:
        return []
    questions = IntakeQuestion.objects.for_firm(firm_id).filter(
        version_id__in=[i.version_id for i in intakes]
    )
    if not private:
        questions = questions.filter(is_private=False)
    answers_qs = IntakeAnswer.objects.for_firm(firm_id).filter(matter_id=matter_id)
    if history:
        answers_qs = answers_qs.prefetch_related(
            Prefetch("history", queryset=IntakeAnswerChange.objects.order_by("-created_at", "-id"))
        )
    answers = {a.question_id: a for a in answers_qs}
    values = {qid: a.value for qid, a in answers.items()}
    by_version: dict = {}
    for q in questions.order_by("position", "id"):
        answer = answers.get(q.id)
        by_version.setdefault(q.version_id, []).append(
            AskedQuestion(
                question=q,
                value=answer.value if answer else "",
                answer=answer,
                shown=is_shown(q, values),
                history=list(answer.history.all()) if (answer and history) else [],
            )
        )
    _attach_documents(firm_id, matter_id, [q for qs in by_version.values() for q in qs])
    return [
        AskedForm(
            form=i.version.form, version=i.version, questions=by_version.get(i.version_id, [])
        )
        for i in intakes
    ]


def _answer_value(matter_ref, question_ref) -> Subquery:
    return Subquery(
        IntakeAnswer.objects.filter(matter_id=matter_ref, question_id=question_ref).values("value")[
            :1
        ],
        output_field=JSONField(),
    )


def public_intake_on_matter(firm_id: uuid.UUID, matter_id: uuid.UUID | None) -> list[AskedForm]:
    """The forms given to the matter as a client sees them: only their non-private questions,
    each with its answer, in one query (a second only for answered file questions' documents).
    A form with no question for the client is left out."""
    if matter_id is None:
        return []
    given = MatterIntake.objects.for_firm(firm_id).filter(matter_id=matter_id)
    questions = (
        IntakeQuestion.objects.for_firm(firm_id)
        .filter(is_private=False, version_id__in=given.values("version_id"))
        .select_related("version__form")
        .annotate(
            answer_value=_answer_value(matter_id, OuterRef("pk")),
            given_at=Subquery(
                given.filter(version_id=OuterRef("version_id")).values("created_at")[:1]
            ),
        )
        .order_by("given_at", "version_id", "position", "id")
    )
    rows = [(q, "" if q.answer_value is None else q.answer_value) for q in questions]
    values = {q.id: value for q, value in rows}
    forms: dict = {}
    for q, value in rows:
        asked = forms.get(q.version_id)
        if asked is None:
            asked = forms[q.version_id] = AskedForm(
                form=q.version.form, version=q.version, questions=[]
            )
        asked.questions.append(AskedQuestion(question=q, value=value, shown=is_shown(q, values)))
    _attach_documents(firm_id, matter_id, [q for f in forms.values() for q in f.questions])
    return list(forms.values())


def _attach_documents(firm_id, matter_id, asked: list[AskedQuestion]) -> None:
    """Each answered file question's document, and the names of the files its history names,
    in one query."""
    files = [q for q in asked if q.question.kind == QuestionType.FILE and (q.value or q.history)]
    if not files:
        return
    ids = {str(v) for q in files for c in q.history for v in (c.before, c.after) if v}
    ids |= {q.value for q in files if q.value}
    documents = Document.objects.for_firm(firm_id).filter(matter_id=matter_id, pk__in=ids)
    by_id = {str(d.id): d for d in documents}
    for q in files:
        current = by_id.get(q.value) if q.value else None
        q.document = current if current and current.deleted_at is None else None
        q.file_names = {i: d.name for i, d in by_id.items()}


def intake_for_firm(firm_id: uuid.UUID, matter: MatterFace) -> list[AskedForm]:
    return intake_on_matter(firm_id, matter.records_matter_id, private=True, history=True)


def get_asked_question_for_firm(
    firm_id: uuid.UUID, matter: MatterFace, question_id: uuid.UUID
) -> IntakeQuestion:
    """A question of a form given to the matter, or 404."""
    return get_object_or_404(
        IntakeQuestion.objects.for_firm(firm_id).filter(
            version__in=MatterIntake.objects.for_firm(firm_id)
            .filter(matter_id=matter.records_matter_id)
            .values("version_id")
        ),
        pk=question_id,
    )


def intake_remaining_by_matter(firm_id: uuid.UUID, matter_ids: list) -> set:
    """Which of the matters have required, non-private, shown questions not answered yet: in
    one query whatever the number of matters (the portal home)."""
    rows = (
        MatterIntake.objects.for_firm(firm_id)
        .filter(matter_id__in=[m for m in matter_ids if m], version__questions__is_private=False)
        .annotate(
            answer_value=_answer_value(OuterRef("matter_id"), OuterRef("version__questions__id"))
        )
        .values_list(
            "matter_id",
            "version__questions__id",
            "version__questions__required",
            "version__questions__show_when_id",
            "version__questions__show_when_value",
            "answer_value",
        )
    )
    by_matter: dict = {}
    for matter_id, qid, required, show_when_id, show_when_value, value in rows:
        by_matter.setdefault(matter_id, []).append(
            (
                IntakeQuestion(
                    id=qid,
                    required=required,
                    show_when_id=show_when_id,
                    show_when_value=show_when_value,
                ),
                "" if value is None else value,
            )
        )
    needing = set()
    for matter_id, asked in by_matter.items():
        values = {q.id: value for q, value in asked}
        if any(q.required and is_shown(q, values) and not is_answered(value) for q, value in asked):
            needing.add(matter_id)
    return needing
