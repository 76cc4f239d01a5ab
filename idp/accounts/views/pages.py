"""The idp's own landing page, signing out everywhere, and the health check."""

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_POST, require_safe

from idp.accounts.actions import sign_out_everywhere


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "idp/accounts/home.html")


@csrf_protect
@require_POST
def sign_out_everywhere_page(request: HttpRequest) -> HttpResponse:
    """A person who suspects someone else is signed in as them ends every session: here, on
    every device, and (by back-channel logout) in every application they signed in to."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(resolve_url("idp_accounts:home"))
    sign_out_everywhere(request.user)
    logout(request)
    return render(request, "idp/accounts/signed_out_everywhere.html")


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
