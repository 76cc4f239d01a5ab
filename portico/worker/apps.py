from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "portico.worker"
    label = "worker"
    verbose_name = "Background worker"
