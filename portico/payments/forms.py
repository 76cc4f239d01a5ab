from __future__ import annotations

import uuid

from django import forms

from portico.core.money import MAX_AMOUNT_LENGTH, format_minor_units, to_minor_units


class AmountForm(forms.Form):
    """How much to pay now; a hidden key makes a double click or a retry one payment."""

    amount = forms.CharField(
        label="Amount to pay",
        max_length=MAX_AMOUNT_LENGTH,
        error_messages={"required": "Enter the amount to pay."},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    attempt_key = forms.CharField(max_length=64, widget=forms.HiddenInput, required=False)

    def __init__(self, *args, currency: str, prefill: int = 0, hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["amount"].label = f"Amount to pay ({currency})"
        self.fields["amount"].help_text = hint
        if not self.is_bound:
            self.initial = {
                "amount": format_minor_units(prefill, currency),
                "attempt_key": uuid.uuid4().hex,
            }

    def clean_amount(self) -> int:
        try:
            return to_minor_units(self.cleaned_data["amount"], self.currency)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_attempt_key(self) -> str:
        key = self.cleaned_data.get("attempt_key") or uuid.uuid4().hex
        if not key.replace("-", "").isalnum():
            return uuid.uuid4().hex
        return key
