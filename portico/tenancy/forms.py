from django import forms


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="What this key is for, e.g. “Document assembly integration”.",
    )
