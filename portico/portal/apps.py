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

        from portico.core.events import subscribe
        from portico.portal.access import pending_invitations_for_firm
        from portico.portal.tasks import show_firm_at_identity_service
        from portico.tenancy.events import FirmFaceChanged
        from portico.tenancy.home import HomeSection, add_home_section

        # The identity service's sign-in page shows the firm's face too: tell it of each change.
        subscribe(
            FirmFaceChanged,
            lambda event: show_firm_at_identity_service.enqueue(firm_id=str(event.firm_id)),
        )

        add_home_section(
            HomeSection(
                name="pending_invitations",
                template="portal/partials/home_invitations.html",
                context=lambda firm: {"invitations": list(pending_invitations_for_firm(firm.id))},
                order=20,
            )
        )
