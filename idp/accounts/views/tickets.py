"""Pages behind ticket links: set a password, confirm an email address."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from idp.accounts.actions import (
    TicketUnusable,
    WeakPassword,
    redeem_password_ticket,
    redeem_verification_ticket,
    ticket_redirect_url,
)
from idp.accounts.forms import SetPasswordForm
from idp.accounts.models import Ticket
from idp.accounts.queries import ticket_for_token
from idp.accounts.views.forgot import RESUME_KEY
from idp.accounts.views.login import PASSWORD_SET_KEY


def _unusable_page(request: HttpRequest, ticket: Ticket | None) -> HttpResponse:
    if ticket is None:
        reason, status = "unknown", 404
    elif ticket.is_used:
        reason, status = "used", 410
    else:
        reason, status = "expired", 410
    return render(
        request,
        "idp/accounts/ticket_unusable.html",
        {"reason": reason, "kind": ticket.kind if ticket else ""},
        status=status,
    )


@sensitive_post_parameters("new_password", "confirm_password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def set_password_page(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("ticket") or request.GET.get("ticket", "")
    ticket = ticket_for_token(token, kind=Ticket.Kind.PASSWORD_CHANGE)
    if ticket is None or ticket.is_used or ticket.is_expired:
        return _unusable_page(request, ticket)
    form = SetPasswordForm(request.POST or None, user=ticket.user)
    context = {"form": form, "ticket_token": token, "email": ticket.user.email}
    if request.method == "GET" or not form.is_valid():
        return render(
            request,
            "idp/accounts/set_password.html",
            context,
            status=200 if request.method == "GET" else 400,
        )
    try:
        ticket = redeem_password_ticket(ticket=ticket, password=form.cleaned_data["new_password"])
    except TicketUnusable:
        ticket.refresh_from_db()
        return _unusable_page(request, ticket)
    except WeakPassword as error:
        form.add_error("new_password", error.messages)
        return render(request, "idp/accounts/set_password.html", context, status=400)
    return _after_password_set(request, ticket)


def _after_password_set(request: HttpRequest, ticket: Ticket) -> HttpResponse:
    """Where a new password leads: back into the sign-in that was under way in this browser
    (a reset started from "Forgot password?"), else where the ticket says (the portal, for an
    invitation). The sign-in page that follows says the password is saved and knows the
    address, so only the new password is left to type."""
    request.session[PASSWORD_SET_KEY] = ticket.user.email
    resume = request.session.pop(RESUME_KEY, "")
    if resume:
        return HttpResponseRedirect(
            reverse("idp_accounts:login") + "?" + urlencode({"next": resume})
        )
    target = ticket_redirect_url(ticket)
    if target:
        return HttpResponseRedirect(target)
    return render(request, "idp/accounts/password_set.html", {"email": ticket.user.email})


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def verify_email_page(request: HttpRequest) -> HttpResponse:
    """GET asks for a click so that mail scanners following links do not use the ticket."""
    token = request.POST.get("ticket") or request.GET.get("ticket", "")
    ticket = ticket_for_token(token, kind=Ticket.Kind.EMAIL_VERIFICATION)
    if ticket is None or ticket.is_used or ticket.is_expired:
        return _unusable_page(request, ticket)
    if request.method == "GET":
        return render(
            request,
            "idp/accounts/verify_email.html",
            {"ticket_token": token, "email": ticket.user.email},
        )
    try:
        ticket = redeem_verification_ticket(ticket=ticket)
    except TicketUnusable:
        ticket.refresh_from_db()
        return _unusable_page(request, ticket)
    target = ticket_redirect_url(ticket)
    if target:
        return HttpResponseRedirect(target)
    return render(request, "idp/accounts/email_verified.html", {"email": ticket.user.email})
