from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "portico.clients"
    label = "clients"
    verbose_name = "Clients and contacts"
