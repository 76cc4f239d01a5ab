from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "portico.matters"
    label = "matters"
    verbose_name = "Leads and cases"

    def ready(self) -> None:
        # Registers the app's events and audit verbs before any page reads the trail.
        from portico.clients.panels import ContactPanel, add_contact_panel
        from portico.matters import events  # noqa: F401
        from portico.matters.queries import cases_for_contact, leads_for_contact

        add_contact_panel(
            ContactPanel(
                name="matters",
                template="matters/partials/contact_matters.html",
                context=lambda contact: {
                    "leads": list(leads_for_contact(contact.firm_id, contact.id)),
                    "cases": list(cases_for_contact(contact.firm_id, contact.id)),
                },
                order=10,
            )
        )

        from portico.matters.home import RECENT_MATTERS, client_messages
        from portico.tenancy.home import add_client_activity, add_home_section

        add_client_activity("matters.messages", client_messages)
        add_home_section(RECENT_MATTERS)
