from django.urls import path, re_path

from idp.mgmt import clients, views
from idp.organizations import views as organizations

app_name = "idp_mgmt"

urlpatterns = [
    path("users", views.users, name="users"),
    path("users/<str:user_id>/sessions", views.user_sessions, name="user-sessions"),
    path(
        "users/<str:user_id>/refresh-tokens",
        views.user_refresh_tokens,
        name="user-refresh-tokens",
    ),
    path("users/<str:user_id>", views.user_detail, name="user-detail"),
    path("users-by-email", views.users_by_email, name="users-by-email"),
    path("tickets/password-change", views.password_change_ticket, name="password-change-ticket"),
    path("jobs/verification-email", views.verification_email_job, name="verification-email-job"),
    path("clients", clients.clients, name="clients"),
    path("clients/<str:client_id>", clients.client_detail, name="client-detail"),
    path("organizations", organizations.organizations, name="organizations"),
    path(
        "organizations/name/<str:name>",
        organizations.organization_by_name,
        name="organization-by-name",
    ),
    path(
        "organizations/<str:organization_id>",
        organizations.organization_detail,
        name="organization-detail",
    ),
    re_path(r"^(?P<path>.*)$", views.unknown_endpoint, name="unknown"),
]
