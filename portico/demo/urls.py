from django.urls import path

from portico.demo import views

app_name = "dev"
urlpatterns = [
    path("components/", views.components, name="components"),
    path("mail/", views.mailbox, name="mailbox"),
    path("mail/<str:key>/", views.mail_detail, name="mail_detail"),
]
