"""The client's own profile form: the firm's profile form, less what is the firm's business."""

from __future__ import annotations

from django import forms

from portico.clients.forms import ContactDetailsForm, ContactProfile
from portico.clients.inputs import ContactInput
from portico.core.forms import limited_text
from portico.matters.inputs import LIMITS

# What a client may change about themselves. Billing arrangements, notes and whether they are a
# person or an organization stay with the firm.
CLIENT_FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "organization_name",
    "date_of_birth",
    "identification_type",
    "identification_number",
    "identification_clear",
    "identification_issuer",
    "identification_expires_on",
)


class ClientDetailsForm(ContactDetailsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in CLIENT_FIELDS:
                del self.fields[name]


class ClientProfile(ContactProfile):
    details_form_class = ClientDetailsForm

    def to_input(self) -> ContactInput:
        data = super().to_input()
        # Fields the client cannot see keep the values the firm has on file.
        for name in ContactInput.SCALARS:
            if name not in CLIENT_FIELDS:
                setattr(data, name, getattr(self.contact, name))
        return data


class MessageForm(forms.Form):
    """A client's message to the firm about one of their matters (always shared)."""

    body = limited_text(max_length=LIMITS["message.body"], required=False)
