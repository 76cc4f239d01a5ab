from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


def demo_only(view):
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.PORTICO_DEMO:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@demo_only
def mailbox(request: HttpRequest) -> HttpResponse:
    return render(request, "demo/mailbox.html", {"messages_": []})
