from django import forms


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="What this key is for, e.g. “Document assembly integration”.",
    )


class FirmFaceForm(forms.Form):
    """How the firm appears to its clients: parsed here, checked by `update_firm_face`."""

    logo = forms.FileField(
        label="Logo",
        required=False,
        help_text="PNG, JPEG, WebP or GIF, up to 2 MB. Shown at the top of your client portal, "
        "in your emails and on the sign-in page your clients use.",
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)
    accent_colour = forms.CharField(
        label="Accent colour",
        required=False,
        max_length=7,
        help_text="Used for buttons and links. White text must be readable on it, so very light "
        "colours are refused.",
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    email_sender_name = forms.CharField(
        label="Emails come from",
        required=False,
        max_length=100,
        help_text="The name your clients see as the sender of portal emails. Leave it empty to "
        "use your firm's name.",
    )


class FirmDetailsForm(forms.Form):
    """The firm's name, currency and time zone: parsed here, checked by `update_firm_details`."""

    name = forms.CharField(label="Firm name", max_length=200)
    currency = forms.CharField(
        label="Currency",
        max_length=3,
        help_text="Its three-letter ISO code, like USD or EUR: fees and amounts are in it.",
    )
    timezone = forms.CharField(
        label="Time zone",
        max_length=64,
        help_text="Its IANA name, like America/New_York. Every time in the workspace, the "
        "portal and your emails is shown in it.",
    )
