from django.urls import path

from portico.portal.views import portal

app_name = "portal"
urlpatterns = [
    path("sign-in/", portal.portal_sign_in, name="sign_in"),
    path("", portal.HomeView.as_view(), name="home"),
    path("profile/", portal.ProfileView.as_view(), name="profile"),
    path("profile/form-row/", portal.FormRowView.as_view(), name="form_row"),
    path("cases/<uuid:case_id>/", portal.CaseView.as_view(), name="case"),
    path("leads/<uuid:lead_id>/", portal.LeadView.as_view(), name="lead"),
]
