"""Intake in the workspace: the forms and their builder, giving a form to a lead or case, and
staff answering any question (private ones too) on the matter's page."""

from __future__ import annotations

import csv
import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from portico.core.errors import InvalidInput
from portico.core.forms import submit_form
from portico.core.views import WorkspaceView
from portico.documents.names import UploadRefused
from portico.documents.uploads import UploadTarget
from portico.intake import actions
from portico.intake.answers import answer_text
from portico.intake.forms import NewFormForm, QuestionForm
from portico.intake.queries import (
    forms_for_firm,
    get_asked_question_for_firm,
    get_form_for_firm,
    get_question_for_firm,
    intake_for_firm,
    questions_of_form,
)
from portico.intake.uploads import FileAnswerUploadView, check_file_answerable
from portico.matters.kinds import MatterKind
from portico.matters.queries import get_matter_for_firm


class FormsView(WorkspaceView):
    """The firm's intake forms, and a new one."""

    def _render(self, request, form: NewFormForm, status: int = 200) -> HttpResponse:
        context = {"forms": forms_for_firm(self.firm.id), "form": form}
        return render(request, "intake/forms.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, NewFormForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = NewFormForm(request.POST)
        created = submit_form(
            form,
            lambda: actions.create_form(
                firm_id=self.firm.id, name=form.cleaned_data["name"], actor=self.member
            ),
        )
        if created is None:
            return self._render(request, form, status=422)
        messages.success(request, f"“{created.name}” is created. Add its questions.")
        return redirect("intake:form", created.id)


class FormView(WorkspaceView):
    """One form: its questions in order, a new question, reorder."""

    def _render(self, request, intake_form, form: QuestionForm, status: int = 200):
        context = {
            "intake_form": intake_form,
            "questions": questions_of_form(intake_form),
            "form": form,
        }
        return render(request, "intake/form.html", context, status=status)

    def get(self, request: HttpRequest, form_id: uuid.UUID) -> HttpResponse:
        intake_form = get_form_for_firm(self.firm.id, form_id)
        return self._render(
            request, intake_form, QuestionForm(questions=questions_of_form(intake_form))
        )

    def post(self, request: HttpRequest, form_id: uuid.UUID) -> HttpResponse:
        intake_form = get_form_for_firm(self.firm.id, form_id)
        form = QuestionForm(request.POST, questions=questions_of_form(intake_form))
        added = submit_form(
            form,
            lambda: actions.add_question(form=intake_form, data=form.to_input(), actor=self.member),
        )
        if added is None:
            return self._render(request, intake_form, form, status=422)
        messages.success(request, f"Question added: “{added.label}”.")
        return redirect("intake:form", intake_form.id)


class MoveQuestionView(WorkspaceView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, question_id: uuid.UUID) -> HttpResponse:
        question = get_question_for_firm(self.firm.id, question_id)
        actions.move_question(
            question=question, up=request.POST.get("direction") == "up", actor=self.member
        )
        return redirect("intake:form", question.version.form_id)


class AttachView(WorkspaceView):
    """POST `form`: give the lead or case that form's current questions."""

    http_method_names = ["post"]
    kind: MatterKind = MatterKind.CASE

    def post(self, request: HttpRequest, **ids: uuid.UUID) -> HttpResponse:
        matter = get_matter_for_firm(self.firm.id, self.kind, ids[f"{self.kind.value}_id"])
        try:
            form_id = uuid.UUID(request.POST.get("form", ""))
        except ValueError:
            messages.error(request, "Choose a form to give.")
            return redirect(f"{matter.get_absolute_url()}#intake")
        intake_form = get_form_for_firm(self.firm.id, form_id)
        try:
            actions.attach_form(matter=matter, form=intake_form, actor=self.member)
        except InvalidInput as exc:
            messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
        else:
            messages.success(request, f"“{intake_form.name}” is on this {self.kind.value}.")
        return redirect(f"{matter.get_absolute_url()}#intake")


class AnswerView(WorkspaceView):
    """POST `value` (several for several choices): staff answer any question of the matter's
    forms, private ones too."""

    http_method_names = ["post"]
    kind: MatterKind = MatterKind.CASE

    def post(self, request: HttpRequest, **ids: uuid.UUID) -> HttpResponse:
        matter = get_matter_for_firm(self.firm.id, self.kind, ids[f"{self.kind.value}_id"])
        question = get_asked_question_for_firm(self.firm.id, matter, ids["question_id"])
        values = request.POST.getlist("value")
        value = values if question.kind == "multiple_choice" else (values or [""])[0]
        if question.kind == "address":
            post = request.POST
            value = {
                "lines": [post.get("line1", ""), post.get("line2", "")],
                **{k: post.get(k, "") for k in ("city", "region", "postal_code", "country")},
            }
        try:
            actions.save_answer(matter=matter, question=question, value=value, actor=self.member)
        except InvalidInput as exc:
            problem = " ".join(m for ms in exc.errors.values() for m in ms)
            messages.error(request, f"“{question.label}”: {problem} The answer was not changed.")
        else:
            messages.success(request, f"Answer saved: “{question.label}”.")
        return redirect(f"{matter.get_absolute_url()}#answer-{question.id}")


class FileAnswerView(FileAnswerUploadView):
    """POST a file (`?name=...`) as the answer to a file question: it lands in the matter's
    documents, not shared with the client, streamed like any upload (documents/uploads.py)."""

    def authorize(self, request, **ids) -> UploadTarget:
        staff = getattr(request, "staff", None)
        if staff is None:
            raise UploadRefused("Please sign in again, then upload the file.", 401)
        matter = get_matter_for_firm(staff.firm_id, self.kind, ids[f"{self.kind.value}_id"])
        question = get_asked_question_for_firm(staff.firm_id, matter, ids["question_id"])
        if question.kind != "file":
            raise UploadRefused("This question is not answered with a file.")
        check_file_answerable(matter=matter, question=question, actor=staff)
        return UploadTarget(
            firm_id=staff.firm_id,
            actor=staff,
            matter=matter,
            name=self.requested_name(request),
            question=question,
        )


# A cell a spreadsheet would run as a formula is written with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = answer_text(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


class ExportView(WorkspaceView):
    """Every intake answer on the lead or case as CSV, private questions included (staff only)."""

    kind: MatterKind = MatterKind.CASE

    def get(self, request: HttpRequest, **ids: uuid.UUID) -> HttpResponse:
        matter = get_matter_for_firm(self.firm.id, self.kind, ids[f"{self.kind.value}_id"])
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="intake-{self.kind.value}-{matter.id}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(
            [
                "Form",
                "Version",
                "Section",
                "Question",
                "Private",
                "Answer",
                "Answered by",
                "Answered at",
            ]
        )
        for asked in intake_for_firm(self.firm.id, matter):
            for aq in asked.questions:
                q, answer = aq.question, aq.answer
                writer.writerow(
                    [
                        _cell(asked.form.name),
                        asked.version.number,
                        _cell(q.section),
                        _cell(q.label),
                        "yes" if q.is_private else "no",
                        _cell(aq.document.name if aq.document else aq.value),
                        _cell(answer.updated_by) if answer else "",
                        answer.updated_at.isoformat() if answer else "",
                    ]
                )
        return response


class ExportPdfView(WorkspaceView):
    """Every intake answer on the lead or case as a PDF (WeasyPrint), private questions
    included: it is the firm's record (staff only)."""

    kind: MatterKind = MatterKind.CASE

    def get(self, request: HttpRequest, **ids: uuid.UUID) -> HttpResponse:
        from weasyprint import HTML

        matter = get_matter_for_firm(self.firm.id, self.kind, ids[f"{self.kind.value}_id"])
        html = render_to_string(
            "intake/export.html",
            {
                "firm": self.firm,
                "matter": matter,
                "asked_forms": intake_for_firm(self.firm.id, matter),
                "exported_at": timezone.now(),
                "exported_by": self.member.name,
            },
            request=request,
        )
        # Nothing is fetched while rendering: no image, font or style from anywhere.
        pdf = HTML(string=html, url_fetcher=_no_fetching).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="intake-{self.kind.value}-{matter.id}.pdf"'
        )
        return response


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"An intake export fetches nothing ({url[:60]}).")
