from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "idp.organizations"
    label = "idp_organizations"
    default_auto_field = "django.db.models.BigAutoField"
