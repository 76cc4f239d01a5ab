"""Base views that make the firm wall the easy path and the unscoped read the awkward one."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views import View

_FORBIDDEN_OVERRIDES = ("get_queryset", "get_object")


class WorkspaceView(View):
    """A page of a firm's workspace. The firm is the signed-in member's, never the URL's.

    Subclasses read through the domain's `queries` with `self.firm`; defining `get_queryset`
    or `get_object` here is refused at import, so no view can drift into an unscoped lookup.
    """

    partner_only = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in _FORBIDDEN_OVERRIDES:
            if name in cls.__dict__:
                raise ImproperlyConfigured(
                    f"{cls.__name__}.{name}: workspace views read through firm-scoped queries."
                )

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if getattr(request, "staff", None) is None:
            return redirect_to_sign_in(request)
        self.member = request.staff
        self.firm = request.firm
        if self.partner_only and not self.member.can_manage_firm:
            raise PermissionDenied("Only a partner can do this.")
        return super().dispatch(request, *args, **kwargs)


def redirect_to_sign_in(request: HttpRequest, door: str = "accounts:sign_in") -> HttpResponse:
    """To sign in, and afterwards back to this page (an HTMX fragment: back to its page)."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse(door)
        return response
    return redirect(f"{reverse(door)}?{urlencode({'next': request.get_full_path()})}")


class PortalView(View):
    """A page of the client portal. Everything it reads goes through `portico.portal.queries`
    with `self.principal`: the signed-in client, never an id from the URL alone."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in _FORBIDDEN_OVERRIDES:
            if name in cls.__dict__:
                raise ImproperlyConfigured(
                    f"{cls.__name__}.{name}: portal views read through portal queries."
                )

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if getattr(request, "portal", None) is None:
            return redirect_to_sign_in(request, "portal:sign_in")
        self.principal = request.portal
        return super().dispatch(request, *args, **kwargs)
