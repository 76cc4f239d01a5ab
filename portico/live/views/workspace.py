"""The client activity feed: what the firm's clients did, live."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portico.core.views import WorkspaceView
from portico.live.forms import ActivityFilter
from portico.live.queries import activity_filter_choices, client_activity_for_firm


class ActivityView(WorkspaceView):
    """Messages, changes to their details and sign-ins of the firm's clients, newest first,
    filtered by client and by lead or case; the list redraws itself as clients act."""

    def get(self, request: HttpRequest) -> HttpResponse:
        clients, matters = activity_filter_choices(self.firm.id)
        form = ActivityFilter(request.GET or None, clients=clients, matters=matters)
        client_id = matter_id = None
        if form.is_bound and form.is_valid():
            client = form.cleaned_data.get("client")
            matter = form.cleaned_data.get("matter")
            client_id = uuid.UUID(client) if client else None
            matter_id = uuid.UUID(matter) if matter else None
        items = client_activity_for_firm(self.firm.id, client_id=client_id, matter_id=matter_id)
        return render(
            request,
            "live/activity.html",
            {"form": form, "items": items, "filtered": bool(client_id or matter_id)},
            status=200 if not form.errors else 422,
        )
