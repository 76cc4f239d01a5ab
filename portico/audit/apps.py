from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "portico.audit"
    label = "audit"
    verbose_name = "Audit trail"
