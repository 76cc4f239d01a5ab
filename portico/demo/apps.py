from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "portico.demo"
    label = "demo"
    verbose_name = "Demo data and dev tools"
