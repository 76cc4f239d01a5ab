from django.apps import AppConfig


class StripeSandboxConfig(AppConfig):
    name = "portico.stripe_sandbox"
    label = "stripe_sandbox"
    verbose_name = "Stripe-compatible payment sandbox (demo and test only)"
