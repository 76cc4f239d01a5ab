from django import forms

from portico.accounts.actions import STAFF_LIMITS
from portico.tenancy.models import StaffMember


class InviteStaffForm(forms.Form):
    """Parsed here, checked by `invite_staff` (which puts its problems beside these fields)."""

    name = forms.CharField(label="Name", max_length=STAFF_LIMITS["name"])
    email = forms.EmailField(
        label="Email address",
        max_length=STAFF_LIMITS["email"],
        help_text="They receive a link to choose their password. Portico never sees it.",
    )
    role = forms.ChoiceField(
        label="Role",
        choices=StaffMember.Role.choices,
        initial=StaffMember.Role.ASSOCIATE,
        help_text="Partners also manage staff, API keys and the firm's settings.",
    )


class StaffRoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=StaffMember.Role.choices,
        help_text="Partners also manage staff, API keys and the firm's settings.",
    )
