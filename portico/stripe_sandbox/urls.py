"""The payment sandbox, mounted at /_sandbox/stripe/ (its API base): Stripe's API subset under
v1/, the hosted test checkout page under c/pay/, and the test controls under _sandbox/. Every
route answers 404 unless STRIPE_SANDBOX is on (demo and test mode)."""

from django.urls import path

from portico.stripe_sandbox import checkout, views

app_name = "stripe_sandbox"
urlpatterns = [
    path("v1/checkout/sessions", views.checkout_sessions),
    path("v1/checkout/sessions/<str:session_id>", views.checkout_session),
    path("v1/checkout/sessions/<str:session_id>/expire", views.expire_checkout_session),
    path("v1/payment_intents/<str:payment_intent_id>", views.payment_intent),
    path("v1/charges/<str:charge_id>", views.charge),
    path("v1/refunds", views.refunds),
    path("v1/balance", views.balance),
    path("v1/balance_transactions", views.balance_transactions),
    path("v1/balance_transactions/<str:txn_id>", views.balance_transaction),
    path("v1/account", views.account),
    path("v1/events/<str:event_id>", views.event),
    path("v1/<path:rest>", views.unknown),
    path("c/pay/<str:session_id>", checkout.hosted_page, name="hosted_page"),
    path("_sandbox/advance", views.advance),
    path("_sandbox/faults", views.add_fault),
    path("_sandbox/hold", views.hold),
    path("_sandbox/webhooks/flush", views.flush_webhooks),
]
