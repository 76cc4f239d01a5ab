from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portico.portal"
    label = "portal"
    verbose_name = "Client portal"

    def ready(self) -> None:
        from portico.clients.panels import ContactPanel, add_contact_panel
        from portico.portal.access import access_summary_for_contact

        add_contact_panel(
            ContactPanel(
                name="portal_access",
                template="portal/partials/contact_access.html",
                context=lambda contact: {"access": access_summary_for_contact(contact)},
                order=20,
            )
        )
