from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "portico.core"
    label = "core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from portico.core import rls

        # Privileges (not business logic): every table the owner creates is usable by the app
        # role, which is what keeps the app off the owner role in production.
        post_migrate.connect(rls.grant_app_role, dispatch_uid="portico.grant_app_role")
