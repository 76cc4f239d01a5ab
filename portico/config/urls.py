from django.urls import include, path

from portico.config.api import portal_api, staff_api
from portico.core.views_public import healthz, landing

urlpatterns = [
    path("", landing, name="landing"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("portico.accounts.urls")),
    path("workspace/staff/", include("portico.accounts.urls_staff")),
    path("workspace/", include("portico.tenancy.urls")),
    path("workspace/clients/", include("portico.clients.urls")),
    path("workspace/clients/", include("portico.portal.urls_workspace")),
    path("workspace/", include("portico.matters.urls")),
    # Live updates: the client activity feed. The streams themselves (/workspace/events,
    # /portal/events) are served by the ASGI front ahead of Django (config/front.py).
    path("workspace/", include("portico.live.urls")),
    path("workspace/", include("portico.documents.urls")),
    path("workspace/", include("portico.intake.urls")),
    path("workspace/", include("portico.portal.urls_matters")),
    path("workspace/", include("portico.money.urls")),
    path("api/v1/", staff_api.urls),
    path("portal/api/v1/", portal_api.urls),
    path("portal/", include("portico.portal.urls")),
    # Pay Now, Fund Now and the page Stripe sends the client back to.
    path("portal/", include("portico.payments.urls_portal")),
    # Stripe's webhook: the signature on the raw body is the credential.
    path("payments/", include("portico.payments.urls_webhook")),
    # A firm's public face (logo, accent), shown on its sign-in page before anyone signs in.
    path("brand/", include("portico.tenancy.urls_brand")),
    # Demo-only tools (dev mailbox); every view there answers 404 outside demo mode.
    path("_dev/", include("portico.demo.urls")),
    # The Stripe-compatible payment sandbox; every route answers 404 outside demo and test mode.
    path("_sandbox/stripe/", include("portico.stripe_sandbox.urls")),
]
