"""Writes to intake forms and answers. Callers found the form, matter or question through the
caller's own queries (the firm's, or the signed-in client's)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portico.audit.actions import Actor, record_audit
from portico.clients.models import Contact
from portico.core.errors import ErrorCollector, InvalidInput, check_choice
from portico.core.events import publish_on_commit
from portico.documents.actions import upload_document
from portico.documents.models import Document
from portico.documents.storage import Incoming
from portico.intake.answers import Value, clean_value, is_shown
from portico.intake.events import (
    IntakeAnswerSaved,
    IntakeFormAttached,
    IntakeFormChanged,
    IntakeVerb,
)
from portico.intake.models import (
    CHOICE_MAX_LENGTH,
    CHOICE_TYPES,
    HELP_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    SECTION_MAX_LENGTH,
    IntakeAnswer,
    IntakeAnswerChange,
    IntakeForm,
    IntakeFormVersion,
    IntakeQuestion,
    MatterIntake,
    QuestionType,
)
from portico.matters.actions import author_fields
from portico.matters.kinds import MatterFace

MAX_CHOICES = 50


@dataclass
class QuestionInput:
    label: str
    kind: str
    help_text: str = ""
    section: str = ""
    required: bool = False
    is_private: bool = False
    choices: list[str] = field(default_factory=list)
    # Shown only when the earlier question at this position (1 is the first) has this answer.
    show_when_position: int | None = None
    show_when_value: str = ""


CONDITION_TYPES = {QuestionType.YES_NO, *CHOICE_TYPES}


def _condition(version: IntakeFormVersion, data: QuestionInput) -> IntakeQuestion | None:
    """The earlier question the new one depends on, or None; `InvalidInput` when the
    condition cannot hold."""
    if data.show_when_position is None:
        if data.show_when_value.strip():
            raise InvalidInput({"show_when_position": ["Choose the question this one depends on."]})
        return None
    earlier = version.questions.filter(position=data.show_when_position).first()
    if earlier is None or earlier.kind not in CONDITION_TYPES:
        raise InvalidInput(
            {"show_when_position": ["Choose an earlier yes-or-no or choice question of this form."]}
        )
    offered = ["yes", "no"] if earlier.kind == QuestionType.YES_NO else list(earlier.choices)
    if data.show_when_value.strip() not in offered:
        raise InvalidInput(
            {
                "show_when_value": [
                    f"Give one of the answers of “{earlier.label[:60]}”: {', '.join(offered)}."
                ]
            }
        )
    return earlier


def _clean_question(data: QuestionInput) -> QuestionInput:
    errors = ErrorCollector()
    data.label = data.label.strip()
    data.choices = [c.strip() for c in data.choices if c.strip()]
    if not data.label:
        errors.add("label", "Enter the question.")
    elif len(data.label) > LABEL_MAX_LENGTH:
        errors.add("label", f"Keep the question to {LABEL_MAX_LENGTH} characters or fewer.")
    check_choice(errors, "kind", data.kind, QuestionType, required=True, what="type of answer")
    if len(data.help_text) > HELP_MAX_LENGTH:
        errors.add("help_text", f"Keep the help text to {HELP_MAX_LENGTH} characters or fewer.")
    if len(data.section) > SECTION_MAX_LENGTH:
        errors.add("section", f"Keep the section to {SECTION_MAX_LENGTH} characters or fewer.")
    if data.kind in CHOICE_TYPES:
        if len(data.choices) < 2:
            errors.add("choices", "Give at least two choices, one a line.")
        elif len(data.choices) > MAX_CHOICES or any(
            len(c) > CHOICE_MAX_LENGTH for c in data.choices
        ):
            errors.add(
                "choices",
                f"Give at most {MAX_CHOICES} choices of {CHOICE_MAX_LENGTH} characters each.",
            )
    else:
        data.choices = []
    errors.raise_if_any()
    return data


def create_form(*, firm_id, name: str, actor: Actor) -> IntakeForm:
    name = name.strip()
    if not name:
        raise InvalidInput({"name": ["Enter a name for the form."]})
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput({"name": [f"Keep the name to {NAME_MAX_LENGTH} characters or fewer."]})
    with transaction.atomic():
        form = IntakeForm.objects.create(firm_id=firm_id, name=name)
        version = IntakeFormVersion.objects.create(firm_id=firm_id, form=form, number=1)
        record_audit(firm_id=firm_id, actor=actor, verb=IntakeVerb.FORM_CREATED, obj=form)
        publish_on_commit(
            IntakeFormChanged(firm_id=firm_id, form_id=form.id, version_id=version.id)
        )
    return form


def _latest_version(form: IntakeForm) -> IntakeFormVersion:
    return form.versions.order_by("-number").first()


def _editable_version(form: IntakeForm) -> IntakeFormVersion:
    """The latest version, or, when a matter was given it, a copy of it to edit: a matter
    keeps the questions it was asked."""
    version = _latest_version(form)
    if not MatterIntake.objects.filter(version=version).exists():
        return version
    copy = IntakeFormVersion.objects.create(
        firm_id=form.firm_id, form=form, number=version.number + 1
    )
    copied: dict = {}
    for question in version.questions.order_by("position", "id"):
        old_id, show_when_id = question.id, question.show_when_id
        question.pk = None
        question.id = None
        question.version = copy
        question.show_when_id = copied.get(show_when_id)
        question.save(force_insert=True)
        copied[old_id] = question.id
    return copy


def _changed(form: IntakeForm, version: IntakeFormVersion, actor: Actor) -> None:
    record_audit(firm_id=form.firm_id, actor=actor, verb=IntakeVerb.FORM_CHANGED, obj=form)
    publish_on_commit(
        IntakeFormChanged(firm_id=form.firm_id, form_id=form.id, version_id=version.id)
    )


def add_question(*, form: IntakeForm, data: QuestionInput, actor: Actor) -> IntakeQuestion:
    """A question at the end of the form (in a new version if a matter has the current one)."""
    data = _clean_question(data)
    with transaction.atomic():
        version = _editable_version(form)
        last = version.questions.aggregate(m=Max("position"))["m"] or 0
        show_when = _condition(version, data)
        question = IntakeQuestion.objects.create(
            firm_id=form.firm_id,
            version=version,
            position=last + 1,
            kind=data.kind,
            label=data.label,
            help_text=data.help_text.strip(),
            section=data.section.strip(),
            required=data.required,
            is_private=data.is_private,
            choices=data.choices,
            show_when=show_when,
            show_when_value=data.show_when_value.strip() if show_when else "",
        )
        _changed(form, version, actor)
    return question


def move_question(*, question: IntakeQuestion, up: bool, actor: Actor) -> None:
    """Swap the question with the one before (`up`) or after it; nothing at either end."""
    form = question.version.form
    with transaction.atomic():
        version = _editable_version(form)
        ordered = list(version.questions.order_by("position", "id"))
        index = next(i for i, q in enumerate(ordered) if q.position == question.position)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(ordered):
            return
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, q in enumerate(ordered, start=1):
            if q.position != position:
                q.position = position
                q.save(update_fields=["position"])
        _changed(form, version, actor)


def attach_form(*, matter: MatterFace, form: IntakeForm, actor: Actor) -> MatterIntake:
    """Give the lead or case the form's current questions."""
    if matter.records_matter_id is None:
        raise InvalidInput({"form": ["This lead became a case: give the form on the case."]})
    version = _latest_version(form)
    if not version.questions.exists():
        raise InvalidInput({"form": ["Add a question to the form first."]})
    with transaction.atomic():
        intake, created = MatterIntake.objects.get_or_create(
            firm_id=matter.firm_id, matter_id=matter.records_matter_id, version=version
        )
        if created:
            record_audit(
                firm_id=matter.firm_id,
                actor=actor,
                verb=IntakeVerb.ATTACHED,
                obj=form,
                parent=matter,
                after={"form": form.name, "version": version.number},
            )
            publish_on_commit(
                IntakeFormAttached(
                    firm_id=matter.firm_id,
                    matter_id=matter.records_matter_id,
                    version_id=version.id,
                )
            )
    return intake


def _current_answers(matter_id) -> dict:
    return dict(
        IntakeAnswer.objects.filter(matter_id=matter_id).values_list("question_id", "value")
    )


def check_answerable(*, matter: MatterFace, question: IntakeQuestion, actor: Actor) -> None:
    """The actor may answer this question on this matter: it is on the matter's forms, and for
    a client, neither private nor hidden by their other answers. Else `InvalidInput`."""
    matter_id = matter.records_matter_id
    if (
        matter_id is None
        or not MatterIntake.objects.filter(
            matter_id=matter_id, version_id=question.version_id
        ).exists()
    ):
        raise InvalidInput({"value": ["This question is not on this matter's forms."]})
    if isinstance(actor, Contact):
        if question.is_private:
            raise InvalidInput({"value": ["This question is not on this matter's forms."]})
        if not is_shown(question, _current_answers(matter_id)):
            raise InvalidInput(
                {"value": ["This question does not apply, given your other answers."]}
            )


def _check_file(matter_id, question: IntakeQuestion, document_id: str, actor: Actor) -> None:
    """A file answer names a document on this matter that its author may show: a client only
    their own upload; a private question's file is never one shared with the client."""
    document = (
        Document.objects.for_firm(question.firm_id)
        .filter(pk=document_id, matter_id=matter_id, deleted_at__isnull=True)
        .only("id", "author_contact_id", "shared_with_clients")
        .first()
    )
    if document is None or (isinstance(actor, Contact) and document.author_contact_id != actor.id):
        raise InvalidInput({"value": ["That file is not on this matter. Upload it here."]})
    if question.is_private and document.shared_with_clients:
        raise InvalidInput(
            {
                "value": [
                    "This question is private, and that document is shared with the client. "
                    "Upload the file here, or stop sharing the document first."
                ]
            }
        )


def save_answer(*, matter: MatterFace, question: IntakeQuestion, value: object, actor: Actor):
    """Check the answer against its question, then keep it and its change in the history. A
    client may answer only the shown, non-private questions of forms given to their matter.
    The later write wins; both stay in the history. Refused: `InvalidInput` under `value`,
    and the stored answer stays as it was."""
    check_answerable(matter=matter, question=question, actor=actor)
    matter_id = matter.records_matter_id
    by_client = isinstance(actor, Contact)
    if value is None:
        raise InvalidInput({"value": ["Send the answer as `value`; an empty one clears it."]})
    try:
        cleaned: Value = clean_value(question, value)
    except ValueError as exc:
        raise InvalidInput({"value": [str(exc)]}) from exc
    if question.kind == QuestionType.FILE and cleaned:
        _check_file(matter_id, question, cleaned, actor)
    with transaction.atomic():
        answer, _ = IntakeAnswer.objects.select_for_update().get_or_create(
            firm_id=matter.firm_id,
            matter_id=matter_id,
            question=question,
            defaults={"value": [] if isinstance(cleaned, list) else ""},
        )
        before = answer.value
        if before == cleaned:
            return answer
        authors = author_fields(actor)
        answer.value = cleaned
        answer.updated_at = timezone.now()
        answer.updated_by = authors["author_name"]
        answer.save(update_fields=["value", "updated_at", "updated_by"])
        IntakeAnswerChange.objects.create(
            firm_id=matter.firm_id, answer=answer, before=before, after=cleaned, **authors
        )
        record_audit(
            firm_id=matter.firm_id,
            actor=actor,
            verb=IntakeVerb.ANSWERED,
            obj=answer,
            parent=matter,
        )
        publish_on_commit(
            IntakeAnswerSaved(
                firm_id=matter.firm_id,
                matter_id=matter_id,
                question_id=question.id,
                answer_id=answer.id,
                private=question.is_private,
                by_contact_id=actor.id if by_client else None,
            )
        )
    return answer


def answer_with_file(
    *, matter: MatterFace, question: IntakeQuestion, name: str, incoming: Incoming, actor: Actor
) -> tuple[IntakeAnswer, Document]:
    """A received file answers a file question: it becomes a document on the matter, never
    shared with clients (the firm shares it if it wishes, unless the question is private), and
    the answer names it. Refused (`UploadRefused`, `InvalidInput`): nothing is kept."""
    try:
        if question.kind != QuestionType.FILE:
            raise InvalidInput({"value": ["This question is not answered with a file."]})
        check_answerable(matter=matter, question=question, actor=actor)
    except InvalidInput:
        incoming.discard()
        raise
    with transaction.atomic():
        document = upload_document(
            matter=matter, name=name, incoming=incoming, shared=False, actor=actor
        )
        answer = save_answer(matter=matter, question=question, value=str(document.id), actor=actor)
    return answer, document


def private_file_reason(document: Document) -> str | None:
    """Why the document may not be shared with clients: it answered a private question."""
    if IntakeAnswerChange.objects.filter(
        answer__matter_id=document.matter_id,
        answer__question__is_private=True,
        answer__question__kind=QuestionType.FILE,
        after=str(document.id),
    ).exists():
        return (
            "This file answers one of the firm's private intake questions, so it stays "
            "with the firm and cannot be shared with the client."
        )
    return None
