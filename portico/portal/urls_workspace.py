from django.urls import path

from portico.portal.views import workspace

app_name = "portal_access"
urlpatterns = [
    path("<uuid:contact_id>/portal-access/grant/", workspace.GrantView.as_view(), name="grant"),
    path("<uuid:contact_id>/portal-access/revoke/", workspace.RevokeView.as_view(), name="revoke"),
    path(
        "<uuid:contact_id>/portal-access/resend/",
        workspace.ResendInvitationView.as_view(),
        name="resend",
    ),
]
