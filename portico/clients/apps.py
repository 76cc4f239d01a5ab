from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "portico.clients"
    label = "clients"
    verbose_name = "Clients and contacts"

    def ready(self) -> None:
        # Registers the app's events and audit verbs before any page reads the trail.
        from portico.clients import events  # noqa: F401
