from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "idp.accounts"
    label = "idp_accounts"
    verbose_name = "Identity accounts"
