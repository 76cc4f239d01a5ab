from django.apps import AppConfig


class DesignConfig(AppConfig):
    """The design system as a Django app in both projects: its templates, static files and
    template tags are found like any app's."""

    name = "design"
