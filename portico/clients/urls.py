from django.urls import path

from portico.clients.views import workspace

app_name = "clients"
urlpatterns = [
    path("", workspace.DirectoryView.as_view(), name="directory"),
    path("new/", workspace.ContactCreateView.as_view(), name="new"),
    path("form-row/", workspace.FormRowView.as_view(), name="form_row"),
    path("<uuid:contact_id>/", workspace.ContactDetailView.as_view(), name="detail"),
    path("<uuid:contact_id>/edit/", workspace.ContactEditView.as_view(), name="edit"),
    path(
        "<uuid:contact_id>/identification/reveal/",
        workspace.RevealIdentificationView.as_view(),
        name="reveal_identification",
    ),
    path(
        "<uuid:contact_id>/emails/<uuid:email_id>/remove/",
        workspace.RemoveEmailView.as_view(),
        name="remove_email",
    ),
    path(
        "<uuid:contact_id>/phones/<uuid:phone_id>/remove/",
        workspace.RemovePhoneView.as_view(),
        name="remove_phone",
    ),
    path(
        "<uuid:contact_id>/addresses/<uuid:address_id>/remove/",
        workspace.RemoveAddressView.as_view(),
        name="remove_address",
    ),
]
