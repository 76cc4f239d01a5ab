from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portico.accounts"
    label = "accounts"
    verbose_name = "Sign-in"

    def ready(self) -> None:
        # Registers the app's events and audit verbs before any page reads the trail.
        from portico.accounts import events  # noqa: F401
