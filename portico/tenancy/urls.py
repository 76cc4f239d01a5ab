from django.urls import path

from portico.tenancy.views import workspace

app_name = "workspace"
urlpatterns = [
    path("", workspace.HomeView.as_view(), name="home"),
    path("settings/", workspace.FirmSettingsView.as_view(), name="settings"),
    path("settings/details/", workspace.FirmDetailsView.as_view(), name="firm_details"),
    path("settings/api-keys/", workspace.ApiKeyListView.as_view(), name="api_keys"),
    path(
        "settings/api-keys/<uuid:key_id>/revoke/",
        workspace.ApiKeyRevokeView.as_view(),
        name="api_key_revoke",
    ),
]
