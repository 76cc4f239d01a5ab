"""Forms behind the idp's pages. Error messages use the words a client would."""

from django import forms

from idp.accounts.actions import WeakPassword, check_password_strength
from idp.accounts.models import User


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ForgotPasswordForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class SetPasswordForm(forms.Form):
    new_password = forms.CharField(
        label="New password",
        strip=False,
        help_text="At least 10 characters. Avoid common words and your name or email.",
        error_messages={"required": "Enter a new password."},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
    )
    confirm_password = forms.CharField(
        label="Type the new password again",
        strip=False,
        error_messages={"required": "Type the new password again."},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_new_password(self) -> str:
        password = self.cleaned_data["new_password"]
        try:
            check_password_strength(password, self.user)
        except WeakPassword as error:
            raise forms.ValidationError(error.messages) from error
        return password

    def clean(self) -> dict:
        cleaned = super().clean()
        new, confirm = cleaned.get("new_password"), cleaned.get("confirm_password")
        if new and confirm and new != confirm:
            self.add_error("confirm_password", "The two passwords don't match. Type them again.")
        return cleaned
