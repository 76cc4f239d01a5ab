from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "portico.api"
    label = "api"
    verbose_name = "Staff API"
