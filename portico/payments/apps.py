from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "portico.payments"
    label = "payments"
    verbose_name = "Online payments through Stripe"

    def ready(self) -> None:
        # Registers the app's events and audit verbs before any page reads the trail.
        from portico.core.events import subscribe
        from portico.money.reconciliation import register_trust_account_reader
        from portico.payments.events import CheckoutPaid
        from portico.payments.reconciliation import trust_account_balance
        from portico.payments.tasks import enqueue_receipt

        # The client is emailed a receipt for every payment made online.
        subscribe(CheckoutPaid, enqueue_receipt)
        # The three-way reconciliation reads the trust account from Stripe.
        register_trust_account_reader(trust_account_balance)
