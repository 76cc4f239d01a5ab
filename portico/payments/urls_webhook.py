from django.urls import path

from portico.payments.views.webhook import stripe_webhook

app_name = "payments_webhook"
urlpatterns = [path("webhook", stripe_webhook, name="stripe")]
