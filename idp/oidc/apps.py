from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OidcConfig(AppConfig):
    name = "idp.oidc"
    label = "idp_oidc"
    verbose_name = "Identity OIDC"

    def ready(self) -> None:
        # The Management API's identifier depends on IDP_DOMAIN, so it is seeded after each
        # migrate rather than frozen into a data migration.
        post_migrate.connect(_seed_management_api, sender=self)


def _seed_management_api(using: str = "default", **kwargs) -> None:
    from django.db import connections

    from idp.oidc.actions import ensure_management_api
    from idp.oidc.models import ApiResource

    # Migrating backwards can leave the table gone.
    if ApiResource._meta.db_table in connections[using].introspection.table_names():
        ensure_management_api()
