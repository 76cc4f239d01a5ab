from django.apps import AppConfig


class MoneyConfig(AppConfig):
    name = "portico.money"
    label = "money"
    verbose_name = "Money: invoices, payments and trust"

    def ready(self) -> None:
        # Registers the app's events and audit verbs before any page reads the trail.
        import portico.money.events  # noqa: F401
        from portico.matters.sections import add_matter_section
        from portico.money.sections import money_section

        add_matter_section(money_section)
