"""The workspace's money forms. They parse what was typed; amounts stay text here (the case's
currency decides their decimals, in `inputs.parse_amount`) and the actions decide what is
allowed. Posting forms carry a `token`, made when the form is drawn: it is the posting's
reference, so a double click or a resubmitted page posts once."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from portico.core.forms import DateField, limited_text
from portico.core.money import MAX_AMOUNT_LENGTH
from portico.money.models import (
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    REFERENCE_MAX_LENGTH,
    InvoiceLine,
    Method,
)

OFFLINE_METHODS = [(m.value, m.label) for m in Method if m != Method.CARD]


def amount_field(label: str = "Amount", **kwargs) -> forms.CharField:
    return limited_text(
        max_length=MAX_AMOUNT_LENGTH,
        label=label,
        help_text=kwargs.pop("help_text", "In dollars and cents, like 1500.00."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


class ClientChoice(forms.ChoiceField):
    def __init__(self, clients, **kwargs):
        super().__init__(
            choices=[(str(c.id), c.display_name) for c in clients],
            error_messages={
                "required": "Choose a client of this case.",
                "invalid_choice": "Choose a client of this case.",
            },
            **kwargs,
        )


class Tokened(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", str(uuid.uuid4()))

    def reference(self, prefix: str) -> str:
        token = self.cleaned_data.get("token") or str(uuid.uuid4())
        return f"{prefix}-{token}"


class NewInvoiceForm(forms.Form):
    contact = forms.ChoiceField(label="Bill to")
    kind = forms.ChoiceField(label="First line is a", choices=InvoiceLine.Kind.choices)
    description = limited_text(max_length=DESCRIPTION_MAX_LENGTH, label="Description")
    amount = amount_field()
    internal_note = limited_text(
        max_length=NOTE_MAX_LENGTH,
        label="Note for the firm (optional)",
        help_text="Only staff see it; never the client.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, clients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"] = ClientChoice(clients, label="Bill to")


class LineForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=InvoiceLine.Kind.choices)
    description = limited_text(max_length=DESCRIPTION_MAX_LENGTH, label="Description")
    amount = amount_field()


class IssueForm(forms.Form):
    due_on = DateField(
        label="Due on",
        required=False,
        earliest=timezone.localdate,
        help_text="30 days from today when left empty.",
    )


class VoidForm(forms.Form):
    reason = limited_text(
        max_length=DESCRIPTION_MAX_LENGTH, label="Why is it void?", required=False
    )


class PaymentForm(Tokened):
    amount = amount_field()
    method = forms.ChoiceField(label="How was it paid?", choices=OFFLINE_METHODS)
    reference = limited_text(
        max_length=REFERENCE_MAX_LENGTH,
        label="Check number or transfer reference (optional)",
        required=False,
    )
    received_on = DateField(
        label="Received on",
        required=False,
        latest=timezone.localdate,
        help_text="Today when left empty.",
    )


class DepositForm(PaymentForm):
    field_order = ["contact", "amount", "method", "reference", "received_on", "memo"]
    memo = limited_text(max_length=DESCRIPTION_MAX_LENGTH, label="Memo (optional)", required=False)

    def __init__(self, *args, clients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"] = ClientChoice(clients, label="Whose money is it?")
        self.order_fields(self.field_order)


class ApplyForm(Tokened):
    amount = amount_field(label="Amount to apply from trust")


class RefundForm(Tokened):
    amount = amount_field(label="Amount to refund")
    method = forms.ChoiceField(label="Refunded by", choices=OFFLINE_METHODS)
    memo = limited_text(max_length=DESCRIPTION_MAX_LENGTH, label="Memo (optional)", required=False)

    def __init__(self, *args, clients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"] = ClientChoice(clients, label="Refund to")
        self.order_fields(["contact", "amount", "method", "memo"])


class ReverseForm(Tokened):
    reason = limited_text(max_length=DESCRIPTION_MAX_LENGTH, label="Why is it reversed?")
