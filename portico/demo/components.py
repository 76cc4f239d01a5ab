"""The forms the components page (/_dev/components/) draws, empty and refused, so every kind
of field is seen in every state through the one field template."""

from __future__ import annotations

from django import forms

from portico.core.forms import DateField


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As it appears on their ID.")
    email = forms.CharField(label="Email address", widget=forms.EmailInput)
    practice_area = forms.ChoiceField(
        label="Practice area",
        choices=[("", "—"), ("family", "Family"), ("estate_planning", "Wills, trusts and estates")],
    )
    kind = forms.ChoiceField(
        label="This client is",
        choices=[("person", "Person"), ("organization", "Organization")],
        widget=forms.RadioSelect,
        initial="person",
    )
    opened_on = DateField(label="Opened on")
    amount = forms.CharField(
        label="Minimum trust balance",
        help_text="In dollars, e.g. 1,500.00",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--medium"}),
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}))
    is_private = forms.BooleanField(
        label="Private: only your firm sees it",
        help_text="Untick to share it with the matter's clients.",
        required=False,
    )


def refused_example() -> ExampleForm:
    form = ExampleForm(
        {"name": "", "email": "carol@", "practice_area": "", "opened_on": "1984-02-31"}
    )
    form.is_valid()
    return form
