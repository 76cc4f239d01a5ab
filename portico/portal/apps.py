from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portico.portal"
    label = "portal"
    verbose_name = "Client portal"
