from django.urls import include, path

from idp.oidc.views import v2_logout

urlpatterns = [
    path("", include("idp.oidc.urls")),
    path("", include("idp.accounts.urls")),
    path("v2/logout", v2_logout, name="v2-logout"),
    path("api/v2/", include("idp.mgmt.urls")),
]
