from __future__ import annotations

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render

from portico.core.errors import InvalidInput
from portico.core.forms import add_input_errors
from portico.core.views import WorkspaceView
from portico.tenancy.actions import (
    FirmDetailsInput,
    FirmFaceInput,
    create_api_key,
    revoke_api_key,
    update_firm_details,
    update_firm_face,
)
from portico.tenancy.forms import ApiKeyForm, FirmDetailsForm, FirmFaceForm
from portico.tenancy.home import client_activity, render_home_sections
from portico.tenancy.queries import api_keys_for_firm, get_api_key_for_firm


class HomeView(WorkspaceView):
    """What needs attention: new messages (and later uploads) from clients, invitations not
    yet accepted, matters that moved recently; and the actions people start their day with."""

    def get(self, request):
        return render(
            request,
            "tenancy/home.html",
            {
                "activity": client_activity(self.firm),
                "sections": render_home_sections(request, self.firm),
            },
        )


class FirmSettingsView(WorkspaceView):
    """The firm's own settings, for partners: its name, currency and time zone (posted to
    FirmDetailsView), how it appears to its clients, and the way to its API keys."""

    partner_only = True

    def _page(self, request, *, form=None, details=None, status: int = 200):
        firm = self.firm
        form = form or FirmFaceForm(
            initial={"accent_colour": firm.accent, "email_sender_name": firm.email_sender_name}
        )
        details = details or FirmDetailsForm(
            initial={"name": firm.name, "currency": firm.currency, "timezone": firm.timezone}
        )
        return render(
            request, "tenancy/settings.html", {"form": form, "details": details}, status=status
        )

    def get(self, request):
        return self._page(request)

    def post(self, request):
        form = FirmFaceForm(request.POST, request.FILES)
        if form.is_valid():
            data = FirmFaceInput(**form.cleaned_data)
            try:
                update_firm_face(firm=self.firm, data=data, actor=self.member)
            except InvalidInput as invalid:
                add_input_errors(form, invalid.errors)
            else:
                messages.success(
                    request, "Saved. Your clients see the change from their next page."
                )
                return redirect("workspace:settings")
        return self._page(request, form=form, status=422)


class FirmDetailsView(FirmSettingsView):
    """The firm's name, currency and time zone, from the settings page."""

    def post(self, request):
        details = FirmDetailsForm(request.POST)
        if details.is_valid():
            try:
                update_firm_details(
                    firm=self.firm, data=FirmDetailsInput(**details.cleaned_data), actor=self.member
                )
            except InvalidInput as invalid:
                add_input_errors(details, invalid.errors)
            else:
                messages.success(request, "Saved the firm's name, currency and time zone.")
                return redirect("workspace:settings")
        return self._page(request, details=details, status=422)


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
