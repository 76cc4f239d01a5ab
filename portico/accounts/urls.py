from django.urls import path

from portico.accounts.views import backchannel, signin

app_name = "accounts"
urlpatterns = [
    path("sign-in/", signin.sign_in, name="sign_in"),
    path("callback/", signin.callback, name="callback"),
    path("sign-out/", signin.sign_out, name="sign_out"),
    path("signed-out/", signin.signed_out, name="signed_out"),
    path("choose-firm/", signin.choose_firm, name="choose_firm"),
    path("backchannel-logout/", backchannel.backchannel_logout, name="backchannel_logout"),
]
