from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "portico.matters"
    label = "matters"
    verbose_name = "Leads and cases"
