from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from portico.demo.components import ExampleForm, refused_example
from portico.demo.mailbox import get_mail, recent_mail


def demo_only(view):
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.PORTICO_DEMO:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@demo_only
def mailbox(request: HttpRequest) -> HttpResponse:
    return render(request, "demo/mailbox.html", {"mails": recent_mail()})


@demo_only
def mail_detail(request: HttpRequest, key: str) -> HttpResponse:
    mail = get_mail(key)
    if mail is None:
        raise Http404
    return render(request, "demo/mail_detail.html", {"mail": mail})


@demo_only
def components(request: HttpRequest) -> HttpResponse:
    """Every token and component of the design system, in each of its states."""
    from django.core.paginator import Paginator

    page = Paginator(range(200), 10).get_page(request.GET.get("page", 7))
    return render(
        request,
        "demo/components.html",
        {"empty_form": ExampleForm(), "refused_form": refused_example(), "page": page},
    )
