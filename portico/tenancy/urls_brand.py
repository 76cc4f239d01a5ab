from django.urls import path

from portico.tenancy.views import brand

app_name = "brand"
urlpatterns = [
    path("<uuid:firm_id>/theme.css", brand.theme, name="theme"),
    path("<uuid:firm_id>/logo.png", brand.logo, name="logo"),
]
