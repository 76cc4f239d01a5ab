from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portico.accounts"
    label = "accounts"
    verbose_name = "Sign-in"

    def ready(self) -> None:
        from portico.accounts import events  # noqa: F401  (registers the events)
