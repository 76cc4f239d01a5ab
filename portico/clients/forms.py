"""The full client profile form: details, emails, phones, addresses, identification, billing.

The forms only parse what was typed; what is allowed is decided once, in
`inputs.clean_contact_input`, and its messages are put back beside the fields here.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from design.forms import form_problems
from portico.clients.inputs import LIMITS, AddressInput, ContactInput, EmailInput, PhoneInput
from portico.clients.models import Contact, ContactAddress, ContactEmail, ContactPhone
from portico.clients.phones import PHONE_AS_TYPED_MAX_LENGTH, format_phone
from portico.core.forms import DateField, add_input_errors, limited_text

BLANK = [("", "—")]


class ContactDetailsForm(forms.Form):
    kind = forms.ChoiceField(
        label="This client is",
        choices=Contact.Kind.choices,
        widget=forms.RadioSelect,
        initial="person",
    )
    first_name = limited_text(label="First name", required=False, max_length=LIMITS["first_name"])
    middle_name = limited_text(
        label="Middle name", required=False, max_length=LIMITS["middle_name"]
    )
    last_name = limited_text(label="Last name", required=False, max_length=LIMITS["last_name"])
    organization_name = limited_text(
        label="Organization",
        required=False,
        max_length=LIMITS["organization_name"],
        help_text="The organization's name, or where the person works.",
    )
    date_of_birth = DateField(
        label="Date of birth",
        required=False,
        latest=timezone.localdate,
        too_late="A date of birth cannot be in the future.",
    )
    identification_type = forms.ChoiceField(
        label="Document type", required=False, choices=BLANK + Contact.DocumentType.choices
    )
    identification_number = limited_text(
        label="Document number",
        required=False,
        max_length=LIMITS["identification_number"],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    identification_clear = forms.BooleanField(label="Remove the number on file", required=False)
    identification_issuer = limited_text(
        label="Issued by",
        required=False,
        max_length=LIMITS["identification_issuer"],
        help_text="e.g. State of California",
    )
    identification_expires_on = DateField(label="Expires on", required=False)
    billing_contact_name = limited_text(
        label="Billing contact",
        required=False,
        max_length=LIMITS["billing_contact_name"],
        help_text="Who receives invoices, if not the client.",
    )
    billing_email = limited_text(
        label="Billing email", required=False, max_length=LIMITS["billing_email"]
    )
    billing_address = limited_text(
        label="Billing address",
        required=False,
        max_length=LIMITS["billing_address"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    billing_method = forms.ChoiceField(
        label="Preferred billing method",
        required=False,
        choices=BLANK + Contact.BillingMethod.choices,
    )
    notes = limited_text(
        label="Notes",
        required=False,
        max_length=LIMITS["notes"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RowForm(forms.Form):
    id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    is_primary = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Ticked, the row is left out when the form is saved: the contact no longer has it.
    remove = forms.BooleanField(
        label="Remove this when I save",
        required=False,
        widget=forms.CheckboxInput(attrs={"data-remove-row": True}),
    )
    # The fields whose emptiness makes a new row "left blank" (and ignored).
    content_fields: tuple[str, ...] = ()
    noun = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remove"].label = f"Remove this {self.noun} when I save"

    def is_left_out(self) -> bool:
        """A new row left blank, or any row ticked for removal."""
        data = self.cleaned_data
        if data.get("remove"):
            return True
        return not data.get("id") and not any(data.get(f) for f in self.content_fields)


class EmailForm(RowForm):
    address = limited_text(
        label="Email address",
        required=False,
        max_length=LIMITS["email"],
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    label = forms.ChoiceField(label="Kind", choices=ContactEmail.Label.choices, initial="personal")
    is_contactable = forms.BooleanField(
        label="We may write to this address", required=False, initial=True
    )
    content_fields = ("address",)
    noun = "email"


class PhoneForm(RowForm):
    number = limited_text(
        label="Phone number",
        required=False,
        max_length=PHONE_AS_TYPED_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    label = forms.ChoiceField(label="Kind", choices=ContactPhone.Label.choices, initial="mobile")
    content_fields = ("number",)
    noun = "phone"


class AddressForm(RowForm):
    line1 = limited_text(label="Street address", required=False, max_length=LIMITS["address.line1"])
    line2 = limited_text(label="Address line 2", required=False, max_length=LIMITS["address.line2"])
    city = limited_text(label="City or town", required=False, max_length=LIMITS["address.city"])
    region = limited_text(
        label="State or region", required=False, max_length=LIMITS["address.region"]
    )
    postal_code = limited_text(
        label="Postal code",
        required=False,
        max_length=LIMITS["address.postal_code"],
        widget=forms.TextInput(attrs={"class": "input--medium", "autocomplete": "postal-code"}),
    )
    country = limited_text(
        label="Country code",
        required=False,
        max_length=LIMITS["address.country"],
        initial="US",
        help_text="Two letters, e.g. US",
        widget=forms.TextInput(attrs={"class": "input--short"}),
    )
    label = forms.ChoiceField(label="Kind", choices=ContactAddress.Label.choices, initial="home")
    content_fields = ("line1", "line2", "city", "region", "postal_code")
    noun = "address"


EmailFormSet = forms.formset_factory(EmailForm, extra=0)
PhoneFormSet = forms.formset_factory(PhoneForm, extra=0)
AddressFormSet = forms.formset_factory(AddressForm, extra=0)

# group name (also the form prefix and the error path) -> (formset, input class, noun)
GROUPS = {
    "emails": (EmailFormSet, EmailInput, "email"),
    "phones": (PhoneFormSet, PhoneInput, "phone"),
    "addresses": (AddressFormSet, AddressInput, "address"),
}
ROW_FORMS = {
    "email": ("emails", EmailForm),
    "phone": ("phones", PhoneForm),
    "address": ("addresses", AddressForm),
}
DETAIL_RENAMES = {
    "identification.document_type": "identification_type",
    "identification.number": "identification_number",
}


def _with_primary_flags(data: QueryDict) -> QueryDict:
    """Each group has one radio button group `<group>-primary` across its rows; give each row
    its own `is_primary` so the rows parse alone (two values, from a crafted post, mean two)."""
    data = data.copy()
    for group in GROUPS:
        for index in data.getlist(f"{group}-primary"):
            data[f"{group}-{index}-is_primary"] = "on"
    return data


class ContactProfile:
    """The details form and the three row groups, bound together, as one thing to render."""

    details_form_class: type[forms.Form] = ContactDetailsForm

    def __init__(self, data: QueryDict | None = None, contact: Contact | None = None) -> None:
        self.contact = contact
        if data is not None:
            data = _with_primary_flags(data)
            self.details = self.details_form_class(data)
            self.groups = {g: fs(data, prefix=g) for g, (fs, _i, _n) in GROUPS.items()}
        else:
            self.details = self.details_form_class(initial=self._initial_details())
            self.groups = {
                g: fs(prefix=g, initial=self._initial_rows(g)) for g, (fs, _i, _n) in GROUPS.items()
            }
        self.group_errors: dict[str, list[str]] = {}
        self._row_index: dict[str, list[int]] = {}

    def _initial_details(self) -> dict:
        if self.contact is None:
            return {}
        initial = {name: getattr(self.contact, name) for name in ContactInput.SCALARS}
        return initial

    def _initial_rows(self, group: str) -> list[dict]:
        if self.contact is None:
            return [{"is_primary": True}]  # one blank row to start with
        rows = getattr(self.contact, group).all()
        fields = [f for f in GROUPS[group][0].form.base_fields if f != "remove"]
        initial = [{f: getattr(row, f) for f in fields} for row in rows]
        if group == "phones":
            # Shown the way people write them, not as stored (E.164); saving reads them back to
            # the same E.164, so an untouched number is no change.
            for row in initial:
                row["number"] = format_phone(row["number"])
        return initial or [{"is_primary": True}]

    @property
    def has_errors(self) -> bool:
        rows = any(form.errors for fs in self.groups.values() if fs.is_bound for form in fs.forms)
        return bool(self.details.errors or self.group_errors or rows)

    def is_valid(self) -> bool:
        results = [self.details.is_valid()] + [fs.is_valid() for fs in self.groups.values()]
        return all(results)

    def to_input(self) -> ContactInput:
        data = ContactInput(
            **{n: self.details.cleaned_data.get(n) or _blank(n) for n in ContactInput.SCALARS}
        )
        number = self.details.cleaned_data.get("identification_number", "")
        if self.details.cleaned_data.get("identification_clear"):
            data.identification_number = ""
        elif number or self.contact is None:
            data.identification_number = number
        for group, (_formset_class, input_cls, _noun) in GROUPS.items():
            rows, index = [], []
            for i, form in enumerate(self.groups[group].forms):
                if form.is_left_out():
                    continue
                values = {
                    k: v
                    for k, v in form.cleaned_data.items()
                    if k in input_cls.__dataclass_fields__
                }
                rows.append(
                    input_cls(
                        **{k: (v if v is not None else _row_blank(k)) for k, v in values.items()}
                    )
                )
                index.append(i)
            setattr(data, group, rows)
            self._row_index[group] = index
        return data

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for every problem on the page, in the order it shows them."""
        problems = form_problems(self.details) if self.details.is_bound else []
        nouns = {"emails": "Email", "phones": "Phone", "addresses": "Address"}
        for group, formset in self.groups.items():
            problems += [(group, message) for message in self.group_errors.get(group, [])]
            if formset.is_bound:
                for i, form in enumerate(formset.forms):
                    problems += [
                        (a, f"{nouns[group]} {i + 1}, {m}") for a, m in form_problems(form)
                    ]
        return problems

    def show_errors(self, errors: dict[str, list[str]]) -> None:
        for path, messages in errors.items():
            group, _, rest = path.partition(".")
            if group in GROUPS and not rest:
                self.group_errors.setdefault(group, []).extend(messages)
            elif group in GROUPS:
                position, _, field = rest.partition(".")
                form = self.groups[group].forms[self._row_index[group][int(position)]]
                add_input_errors(form, {field: messages})
            else:
                add_input_errors(self.details, {path: messages}, DETAIL_RENAMES)


def _blank(name: str):
    return None if name in {"date_of_birth", "identification_expires_on"} else ""


def _row_blank(name: str):
    return None if name == "id" else ""


def form_row_response(request: HttpRequest, *, row_url: str | None = None) -> HttpResponse:
    """One more blank email, phone or address row for a profile form (HTMX). `row_url` is
    where the next "add another" asks (the workspace's or the portal's)."""
    kind = request.GET.get("kind", "")
    if kind not in ROW_FORMS:
        kind = "email"
    group, form_class = ROW_FORMS[kind]
    try:
        index = max(0, min(int(request.GET.get("index", "0")), 99))
    except ValueError:
        index = 0
    context = {
        "form": form_class(prefix=f"{group}-{index}"),
        "group": group,
        "kind": kind,
        "index": index,
        "next_index": index + 1,
        "added": True,
        "row_url": row_url,
    }
    return render(request, "clients/partials/form_row.html", context)
