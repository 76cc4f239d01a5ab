"""Forms of the lead and case pages. They parse what was typed (`to_input()`); the actions
decide what is allowed. Lengths are the model's columns (`inputs.LIMITS`)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from design.forms import PickerWidget
from portico.clients.queries import contacts_for_firm
from portico.core.forms import DateField, limited_text
from portico.core.money import MAX_AMOUNT_LENGTH
from portico.matters.inputs import (
    LIMITS,
    CaseInput,
    LeadInput,
    PartyInput,
)
from portico.matters.models import Case, CaseParty, Lead, PracticeArea

BLANK = [("", "—")]


def contact_choices(firm_id: uuid.UUID) -> list[tuple[str, str]]:
    return [
        (str(pk), name) for pk, name in contacts_for_firm(firm_id).values_list("id", "display_name")
    ]


def _given(cleaned: dict) -> dict:
    """What was filled in: an empty date is left to the action's default."""
    return {k: v for k, v in cleaned.items() if v is not None}


def _uuids(values) -> list[uuid.UUID]:
    return [uuid.UUID(v) for v in values]


class LeadForm(forms.Form):
    title = limited_text(
        label="Title",
        max_length=LIMITS["lead.title"],
        required=False,
        help_text="e.g. “Marsh: injury at work”",
    )
    contact_ids = forms.MultipleChoiceField(
        label="Contacts",
        required=False,
        help_text="Who the lead is about: tick everyone it concerns.",
        widget=PickerWidget(search_label="Find a contact by name"),
    )
    practice_area = forms.ChoiceField(
        label="Practice area", choices=BLANK + PracticeArea.choices, required=False
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[c for c in Lead.Status.choices if c[0] != Lead.Status.CONVERTED],
        initial="new",
    )
    source = forms.ChoiceField(label="Source", choices=BLANK + Lead.Source.choices, required=False)
    description = limited_text(
        label="Description",
        required=False,
        max_length=LIMITS["description"],
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, firm_id: uuid.UUID, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_ids"].choices = contact_choices(firm_id)

    def to_input(self) -> LeadInput:
        data = dict(self.cleaned_data)
        return LeadInput(**{**data, "contact_ids": _uuids(data["contact_ids"])})


class CaseForm(forms.Form):
    name = limited_text(
        label="Case name",
        max_length=LIMITS["case.name"],
        required=False,
        help_text="e.g. “State v. Marsh”",
    )
    number = limited_text(label="Case number", max_length=LIMITS["case.number"], required=False)
    practice_area = forms.ChoiceField(
        label="Practice area", choices=BLANK + PracticeArea.choices, required=False
    )
    stage = forms.ChoiceField(label="Stage", choices=Case.Stage.choices, initial="intake")
    opened_on = DateField(label="Opened on", required=False, initial=timezone.localdate)
    closed_on = DateField(label="Closed on", required=False)
    minimum_trust_balance = limited_text(
        label="Minimum trust balance",
        max_length=MAX_AMOUNT_LENGTH,
        required=False,
        initial="0.00",
        help_text="The least the client should keep in trust for this case, e.g. 1,500.00",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--medium"}),
    )
    description = limited_text(
        label="Description",
        required=False,
        max_length=LIMITS["description"],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    client_ids = forms.MultipleChoiceField(
        label="Named clients",
        required=False,
        help_text="Who the firm represents in this case: tick each of them.",
        widget=PickerWidget(search_label="Find a contact by name"),
    )

    def __init__(self, *args, firm_id: uuid.UUID, with_clients: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_clients:
            self.fields["client_ids"].choices = contact_choices(firm_id)
        else:
            del self.fields["client_ids"]

    def to_input(self) -> CaseInput:
        data = _given(self.cleaned_data)
        return CaseInput(**{**data, "client_ids": _uuids(data.get("client_ids", []))})


class ConvertForm(forms.Form):
    name = limited_text(label="Case name", max_length=LIMITS["case.name"], required=False)
    number = limited_text(label="Case number", max_length=LIMITS["case.number"], required=False)
    stage = forms.ChoiceField(label="Stage", choices=Case.Stage.choices, initial="intake")
    opened_on = DateField(label="Opened on", required=False, initial=timezone.localdate)
    minimum_trust_balance = limited_text(
        label="Minimum trust balance",
        max_length=MAX_AMOUNT_LENGTH,
        required=False,
        initial="0.00",
        help_text="The least the client should keep in trust for this case, e.g. 1,500.00",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--medium"}),
    )

    def to_input(self) -> CaseInput:
        return CaseInput(**_given(self.cleaned_data))


class CommentForm(forms.Form):
    prefix = "comment"
    body = limited_text(
        label="Comment",
        max_length=LIMITS["message.body"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_private = forms.BooleanField(
        label="Private: only your firm sees it",
        required=False,
        initial=True,
        help_text="Untick to share it with the matter's clients in their portal.",
    )


class StatusUpdateForm(forms.Form):
    prefix = "status"
    body = limited_text(
        label="Status update",
        max_length=LIMITS["message.body"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The matter's clients see this in their portal.",
    )


class AddClientForm(forms.Form):
    contact_id = forms.ChoiceField(label="Contact", choices=(), required=False)

    def __init__(self, *args, firm_id: uuid.UUID, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_id"].choices = BLANK + contact_choices(firm_id)


class PartyForm(forms.Form):
    prefix = "party"
    role = forms.ChoiceField(label="Role", choices=BLANK + CaseParty.Role.choices, required=False)
    name = limited_text(label="Name", max_length=LIMITS["party.name"], required=False)
    organization = limited_text(
        label="Organization", max_length=LIMITS["party.organization"], required=False
    )
    email = limited_text(label="Email", max_length=LIMITS["party.email"], required=False)
    phone = limited_text(label="Phone", max_length=LIMITS["party.phone"], required=False)
    notes = limited_text(
        label="Notes",
        required=False,
        max_length=LIMITS["party.notes"],
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def to_input(self) -> PartyInput:
        return PartyInput(**self.cleaned_data)
