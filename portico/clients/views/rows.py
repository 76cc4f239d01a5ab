from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portico.clients.forms import ROW_FORMS


def form_row_response(request: HttpRequest, *, row_url: str | None = None) -> HttpResponse:
    """One more blank email, phone or address row for a profile form (HTMX). `row_url` is
    where the next "add another" asks (the workspace's or the portal's)."""
    kind = request.GET.get("kind", "")
    if kind not in ROW_FORMS:
        kind = "email"
    group, form_class = ROW_FORMS[kind]
    try:
        index = max(0, min(int(request.GET.get("index", "0")), 99))
    except ValueError:
        index = 0
    context = {
        "form": form_class(prefix=f"{group}-{index}"),
        "group": group,
        "kind": kind,
        "index": index,
        "next_index": index + 1,
        "added": True,
        "row_url": row_url,
    }
    return render(request, "clients/partials/form_row.html", context)
