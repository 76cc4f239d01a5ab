from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portico.portal"
    label = "portal"
    verbose_name = "Client portal"

    def ready(self) -> None:
        # Registers the app's events and audit verbs before any page reads the trail.
        from portico.clients.panels import ContactPanel, add_contact_panel
        from portico.portal import events  # noqa: F401
        from portico.portal.access import access_summary_for_contact

        add_contact_panel(
            ContactPanel(
                name="portal_access",
                template="portal/partials/contact_access.html",
                context=lambda contact: {"access": access_summary_for_contact(contact)},
                order=20,
            )
        )
