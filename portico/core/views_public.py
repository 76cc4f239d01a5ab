from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def landing(request: HttpRequest) -> HttpResponse:
    """The front door: staff to their workspace, clients to their portal, others choose."""
    if getattr(request, "staff", None) is not None:
        return redirect("workspace:home")
    if getattr(request, "portal", None) is not None:
        return redirect("portal:home")
    return render(request, "landing.html")
