from __future__ import annotations

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render

from portico.core.views import WorkspaceView
from portico.tenancy.actions import create_api_key, revoke_api_key
from portico.tenancy.forms import ApiKeyForm
from portico.tenancy.queries import api_keys_for_firm, get_api_key_for_firm, staff_for_firm


class HomeView(WorkspaceView):
    def get(self, request):
        return render(
            request, "tenancy/home.html", {"staff_count": staff_for_firm(self.firm.id).count()}
        )


class StaffListView(WorkspaceView):
    def get(self, request):
        return render(request, "tenancy/staff_list.html", {"members": staff_for_firm(self.firm.id)})


class ApiKeyListView(WorkspaceView):
    partner_only = True

    def get(self, request, form=None, new_secret=None):
        return render(
            request,
            "tenancy/api_keys.html",
            {
                "keys": api_keys_for_firm(self.firm.id),
                "form": form or ApiKeyForm(),
                "new_secret": new_secret,
            },
        )

    def post(self, request):
        form = ApiKeyForm(request.POST)
        if not form.is_valid():
            return self.get(request, form=form)
        key, raw = create_api_key(firm=self.firm, name=form.cleaned_data["name"], actor=self.member)
        messages.success(
            request, f"API key “{key.name}” created. Copy it now: it will not be shown again."
        )
        return self.get(request, new_secret=raw)


class ApiKeyRevokeView(WorkspaceView):
    partner_only = True

    def get(self, request, key_id: uuid.UUID):
        key = get_api_key_for_firm(self.firm.id, key_id)
        return render(request, "tenancy/api_key_revoke.html", {"key": key})

    def post(self, request, key_id: uuid.UUID):
        key = get_api_key_for_firm(self.firm.id, key_id)
        revoke_api_key(key=key, actor=self.member)
        messages.success(
            request, f"API key “{key.name}” revoked. Integrations using it stop working now."
        )
        return redirect("workspace:api_keys")
