from django.urls import path

from idp.accounts.views import forgot, login, pages, tickets

app_name = "idp_accounts"

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("u/login", login.login_page, name="login"),
    path("u/sign-out-everywhere", pages.sign_out_everywhere_page, name="sign-out-everywhere"),
    path("u/forgot-password", forgot.forgot_password_page, name="forgot-password"),
    path("u/reset-password", tickets.set_password_page, name="reset-password"),
    path("u/email-verification", tickets.verify_email_page, name="verify-email"),
    path("dbconnections/change_password", forgot.change_password, name="change-password"),
]
