from django.urls import include, path
from django.views.generic import RedirectView

from portico.api.api import api
from portico.core.views_public import healthz

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="workspace:home", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("portico.accounts.urls")),
    path("workspace/", include("portico.tenancy.urls")),
    path("workspace/clients/", include("portico.clients.urls")),
    path("workspace/", include("portico.matters.urls")),
    path("api/v1/", api.urls),
    # Demo-only tools (dev mailbox); every view there answers 404 outside demo mode.
    path("_dev/", include("portico.demo.urls")),
]
