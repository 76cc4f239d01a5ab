"""DOT's views at Auth0's paths. The namespace and names stay DOT's so its discovery view
reverses them."""

from django.urls import path, re_path
from oauth2_provider import views as dot_views

from idp.oidc import authorize, views

app_name = "oauth2_provider"

urlpatterns = [
    re_path(
        r"^\.well-known/openid-configuration$",
        views.DiscoveryView.as_view(),
        name="oidc-connect-discovery-info",
    ),
    path(".well-known/jwks.json", dot_views.JwksInfoView.as_view(), name="jwks-info"),
    path("authorize", authorize.AuthorizeView.as_view(), name="authorize"),
    path("oauth/token", views.TokenView.as_view(), name="token"),
    path("oauth/revoke", views.RevokeTokenView.as_view(), name="revoke-token"),
    path("userinfo", views.UserInfoView.as_view(), name="user-info"),
    path("avatars/<str:initials>.svg", views.avatar, name="avatar"),
    path("oidc/logout", views.OidcLogoutView.as_view(), name="rp-initiated-logout"),
]
