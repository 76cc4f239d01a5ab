from django.urls import path

from portico.tenancy.views import workspace

app_name = "workspace"
urlpatterns = [
    path("", workspace.HomeView.as_view(), name="home"),
    path("staff/", workspace.StaffListView.as_view(), name="staff"),
    path("settings/", workspace.FirmSettingsView.as_view(), name="settings"),
    path("settings/api-keys/", workspace.ApiKeyListView.as_view(), name="api_keys"),
    path(
        "settings/api-keys/<uuid:key_id>/revoke/",
        workspace.ApiKeyRevokeView.as_view(),
        name="api_key_revoke",
    ),
]
