"""Workspace forms of the intake pages."""

from __future__ import annotations

from django import forms

from portico.core.forms import limited_text
from portico.intake.actions import CONDITION_TYPES, QuestionInput
from portico.intake.models import (
    CHOICE_MAX_LENGTH,
    HELP_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    SECTION_MAX_LENGTH,
    QuestionType,
)


class NewFormForm(forms.Form):
    # Not required here: the action says what is missing, in its own words.
    name = limited_text(label="Name of the form", max_length=NAME_MAX_LENGTH, required=False)


class QuestionForm(forms.Form):
    label = limited_text(label="Question", max_length=LABEL_MAX_LENGTH, required=False)
    kind = forms.ChoiceField(label="Type of answer", choices=QuestionType.choices)
    help_text = limited_text(
        label="Help text",
        max_length=HELP_MAX_LENGTH,
        required=False,
        help_text="Shown under the question.",
    )
    section = limited_text(
        label="Section",
        max_length=SECTION_MAX_LENGTH,
        required=False,
        help_text="Questions are grouped by it.",
    )
    choices = forms.CharField(
        label="Choices",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For one or several choices: one a line.",
    )
    show_when_position = forms.TypedChoiceField(
        label="Show it only when",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Always show it")],
        help_text="An earlier yes-or-no or choice question.",
    )
    show_when_value = limited_text(
        label="has the answer",
        max_length=CHOICE_MAX_LENGTH,
        required=False,
        help_text="For yes or no: yes or no. For a choice: the choice, as written.",
    )
    required = forms.BooleanField(label="Required", required=False)
    is_private = forms.BooleanField(
        label="Private: only the firm sees and answers it", required=False
    )

    def __init__(self, *args, questions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["show_when_position"].choices = [
            ("", "Always show it"),
            *(
                (q.position, f"{q.position}. {q.label[:80]}")
                for q in questions
                if q.kind in CONDITION_TYPES
            ),
        ]

    def to_input(self) -> QuestionInput:
        data = self.cleaned_data
        return QuestionInput(
            label=data["label"],
            kind=data["kind"],
            help_text=data["help_text"],
            section=data["section"],
            required=data["required"],
            is_private=data["is_private"],
            choices=data["choices"].splitlines(),
            show_when_position=data["show_when_position"],
            show_when_value=data["show_when_value"],
        )
