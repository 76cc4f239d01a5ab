from django.urls import path

from portico.accounts.views import staff

app_name = "staff"
urlpatterns = [
    path("", staff.StaffListView.as_view(), name="list"),
    path("invite/", staff.InviteView.as_view(), name="invite"),
    path("<uuid:staff_id>/", staff.MemberView.as_view(), name="member"),
    path("<uuid:staff_id>/resend/", staff.ResendView.as_view(), name="resend"),
    path("<uuid:staff_id>/remove/", staff.RemoveView.as_view(), name="remove"),
]
