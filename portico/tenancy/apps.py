from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "portico.tenancy"
    label = "tenancy"
    verbose_name = "Firms and staff"
