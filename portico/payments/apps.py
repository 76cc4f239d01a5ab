from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "portico.payments"
    label = "payments"
    verbose_name = "Online payments through Stripe"
