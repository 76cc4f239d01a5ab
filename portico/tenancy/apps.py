from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "portico.tenancy"
    label = "tenancy"
    verbose_name = "Firms and staff"

    def ready(self) -> None:
        # Registers the app's events and audit verbs before any page reads the trail.
        from portico.tenancy import events  # noqa: F401
