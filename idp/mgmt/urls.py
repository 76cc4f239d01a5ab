from django.urls import path, re_path

from idp.mgmt import views

app_name = "idp_mgmt"

urlpatterns = [
    path("users", views.users, name="users"),
    path("users/<str:user_id>", views.user_detail, name="user-detail"),
    path("users-by-email", views.users_by_email, name="users-by-email"),
    path("tickets/password-change", views.password_change_ticket, name="password-change-ticket"),
    path("jobs/verification-email", views.verification_email_job, name="verification-email-job"),
    re_path(r"^(?P<path>.*)$", views.unknown_endpoint, name="unknown"),
]
