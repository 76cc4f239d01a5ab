from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "portico.intake"
    label = "intake"
    verbose_name = "Intake forms"

    def ready(self) -> None:
        # Registers the app's events and audit verbs before any page reads the trail.
        import portico.intake.events  # noqa: F401
        from portico.intake.sections import intake_section
        from portico.matters.sections import add_matter_section

        add_matter_section(intake_section)

        from portico.documents.actions import sharing_guards
        from portico.intake.actions import private_file_reason

        if private_file_reason not in sharing_guards:
            sharing_guards.append(private_file_reason)
