"""The idp's own landing page and health check."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_safe


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "idp/accounts/home.html")


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
