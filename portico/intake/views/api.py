"""Intake in the staff API: the firm's forms (list, create with questions), giving a form to a
lead or case, reading a matter's questions with answers and history, answering any of them
(private ones too). The matter routes are `MatterRoute`s, mounted for both kinds."""

from __future__ import annotations

import datetime
import inspect
import uuid

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from portico.api.auth import actor_of
from portico.api.errors import NotFoundOut, ValidationErrorOut
from portico.core.errors import InvalidInput
from portico.intake import actions
from portico.intake.actions import QuestionInput
from portico.intake.queries import (
    forms_for_firm,
    get_asked_question_for_firm,
    get_form_for_firm,
    intake_for_firm,
    questions_of_form,
)
from portico.intake.schemas import QUESTION_KINDS, AddressAnswer, AnswerFileOut, answer_in
from portico.matters.kinds import MatterFace
from portico.matters.queries import get_matter_for_firm
from portico.matters.routes import MatterRoute, mount_matter_routes

router = Router(tags=["intake"])


class QuestionIn(Schema):
    label: str
    kind: str = Field(description=QUESTION_KINDS)
    help_text: str = ""
    section: str = ""
    required: bool = False
    is_private: bool = Field(False, description="Only the firm sees and answers it.")
    choices: list[str] = Field(default_factory=list, max_length=50)
    show_when_position: int | None = Field(
        None,
        description="Shown only when the earlier yes/no or choice question at this position "
        "(1 is the first) has the answer `show_when_value`.",
    )
    show_when_value: str = ""


class QuestionOut(Schema):
    id: uuid.UUID
    position: int
    kind: str
    label: str
    help_text: str
    section: str
    required: bool
    is_private: bool
    choices: list[str]
    show_when_position: int | None = Field(
        None, description="Shown only when the question at this position has this answer."
    )
    show_when_value: str = ""


class FormIn(Schema):
    name: str
    questions: list[QuestionIn] = Field(default_factory=list, max_length=200)


class FormOut(Schema):
    id: uuid.UUID
    name: str
    questions: list[QuestionOut] = Field(description="The current version's, in order.")


class FormsOut(Schema):
    forms: list[FormOut]


class AttachIn(Schema):
    # Checked after the matter is found, so another firm's matter is a 404 whatever is sent.
    form_id: uuid.UUID | None = Field(None, description="The form to give.")


class ChangeOut(Schema):
    author_name: str
    created_at: datetime.datetime
    before: str | list[str] | AddressAnswer
    after: str | list[str] | AddressAnswer


class AskedQuestionOut(QuestionOut):
    shown: bool = Field(description="False when its condition hides it from the client.")
    answer: str | list[str] | AddressAnswer
    file: AnswerFileOut | None = Field(None, description="A file answer's document.")
    history: list[ChangeOut] = Field(description="Newest first.")


class AskedFormOut(Schema):
    form_id: uuid.UUID
    name: str
    version: int
    remaining: int = Field(description="Required questions not answered yet.")
    questions: list[AskedQuestionOut]


class IntakeOut(Schema):
    forms: list[AskedFormOut]
    remaining: int


class AnswerIn(Schema):
    # Checked after the matter is found, so another firm's matter is a 404 whatever is sent.
    value: str | list[str] | AddressAnswer | None = Field(
        None,
        description="The answer; a list for several choices; an object for an address; a "
        "document's id for a file; empty to clear it.",
    )


class AnswerOut(Schema):
    question_id: uuid.UUID
    answer: str | list[str] | AddressAnswer
    saved_at: datetime.datetime


def _form_out(form) -> dict:
    return {"id": form.id, "name": form.name, "questions": questions_of_form(form)}


@router.get("/intake-forms", response=FormsOut, summary="The firm's intake forms")
def list_forms(request: HttpRequest):
    return {"forms": [_form_out(f) for f in forms_for_firm(request.firm.id)]}


@router.post(
    "/intake-forms",
    response={201: FormOut, 422: ValidationErrorOut},
    summary="Create an intake form with its questions",
)
def create_form(request: HttpRequest, payload: FormIn):
    actor = actor_of(request)
    with transaction.atomic():
        form = actions.create_form(firm_id=request.firm.id, name=payload.name, actor=actor)
        for i, q in enumerate(payload.questions):
            try:
                actions.add_question(form=form, data=QuestionInput(**q.model_dump()), actor=actor)
            except InvalidInput as exc:
                raise InvalidInput(
                    {f"questions.{i}.{k}": v for k, v in exc.errors.items()}
                ) from exc
    return Status(201, _form_out(form))


def _intake(request: HttpRequest, matter: MatterFace):
    forms = [
        {
            "form_id": asked.form.id,
            "name": asked.form.name,
            "version": asked.version.number,
            "remaining": len(asked.remaining),
            "questions": [
                {
                    **{f: getattr(q.question, f) for f in QuestionOut.model_fields},
                    "shown": q.shown,
                    "answer": q.value,
                    "file": q.document,
                    "history": q.history,
                }
                for q in asked.questions
            ],
        }
        for asked in intake_for_firm(request.firm.id, matter)
    ]
    return {"forms": forms, "remaining": sum(f["remaining"] for f in forms)}


def _attach(request: HttpRequest, matter: MatterFace, payload: AttachIn):
    if payload.form_id is None:
        raise InvalidInput({"form_id": ["Choose the form to give."]})
    form = get_form_for_firm(request.firm.id, payload.form_id)
    actions.attach_form(matter=matter, form=form, actor=actor_of(request))
    return Status(201, _intake(request, matter))


def _answer(request: HttpRequest, matter: MatterFace, question_id: uuid.UUID, payload: AnswerIn):
    question = get_asked_question_for_firm(request.firm.id, matter, question_id)
    answer = actions.save_answer(
        matter=matter,
        question=question,
        value=answer_in(payload.value),
        actor=actor_of(request),
    )
    return {"question_id": question.id, "answer": answer.value, "saved_at": answer.updated_at}


mount_matter_routes(
    router,
    [
        MatterRoute(
            "GET",
            "/intake",
            "get_intake",
            "The intake questions on a {kind}, with answers and their history",
            _intake,
            response={200: IntakeOut, 404: NotFoundOut},
        ),
        MatterRoute(
            "POST",
            "/intake",
            "attach_intake_form",
            "Give a {kind} an intake form (its current questions)",
            _attach,
            response={201: IntakeOut, 404: NotFoundOut, 422: ValidationErrorOut},
            payload=AttachIn,
        ),
        MatterRoute(
            "PUT",
            "/intake/{uuid:question_id}",
            "answer_intake_question",
            "Answer an intake question on a {kind} (private ones too; the later answer wins)",
            _answer,
            response={200: AnswerOut, 404: NotFoundOut, 422: ValidationErrorOut},
            payload=AnswerIn,
            query={"question_id": (uuid.UUID, inspect.Parameter.empty)},
        ),
    ],
    lookup=lambda request, kind, matter_id: get_matter_for_firm(request.firm.id, kind, matter_id),
)
