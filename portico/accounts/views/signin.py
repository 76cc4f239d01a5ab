"""Sign-in through the identity service; the practice app never sees a password."""

from __future__ import annotations

import logging

from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST
from joserfc.errors import JoseError
from requests import RequestException

from portico.accounts.actions import open_portal_choices, sign_in_client, sign_in_staff
from portico.accounts.actions import sign_out as sign_out_session
from portico.identity.oidc import (
    INTENT_KEY,
    NEXT_KEY,
    begin_sign_in,
    claims_options,
    idp_client,
)

logger = logging.getLogger(__name__)
PENDING_KEY = "portico_pending_portal_sign_in"


@require_GET
def sign_in(request: HttpRequest) -> HttpResponse:
    return begin_sign_in(request, intent="staff")


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    try:
        token = idp_client().authorize_access_token(request, claims_options=claims_options())
    except (AuthlibBaseError, JoseError, KeyError, ValueError) as exc:
        logger.warning("sign-in refused: %s", exc.__class__.__name__, extra={"error": str(exc)})
        return render(request, "accounts/sign_in_failed.html", {"reason": "refused"}, status=400)
    except RequestException:
        logger.exception("identity service unreachable at callback")
        return render(
            request, "accounts/sign_in_failed.html", {"reason": "unreachable"}, status=503
        )
    claims = token.get("userinfo")
    if not claims:
        return render(request, "accounts/sign_in_failed.html", {"reason": "refused"}, status=400)
    wants_portal = request.session.pop(INTENT_KEY, "staff") == "portal"
    next_path = request.session.pop(NEXT_KEY, "")
    if not wants_portal and sign_in_staff(request, claims=claims, id_token=token["id_token"]):
        return redirect(next_path if next_path.startswith("/workspace/") else "workspace:home")
    request.session[NEXT_KEY] = next_path
    # The portal door, or a client who came in through the staff one.
    return _open_portal(request, claims, token["id_token"])


def _open_portal(request: HttpRequest, claims: dict, id_token: str) -> HttpResponse:
    choices = open_portal_choices(claims["sub"])
    if not choices:
        return render(
            request, "accounts/no_access.html", {"email": claims.get("email")}, status=403
        )
    if len(choices) == 1:
        return _enter_portal(request, claims, id_token, choices[0])
    # One person, several firms: they choose which firm's portal to open.
    request.session[PENDING_KEY] = {
        "claims": {k: claims.get(k) for k in ("sub", "sid", "exp", "email")},
        "id_token": id_token,
    }
    return redirect("accounts:choose_firm")


def choose_firm(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return redirect("portal:sign_in")
    choices = open_portal_choices(pending["claims"]["sub"])
    if request.method == "POST":
        chosen = next((a for a in choices if str(a.id) == request.POST.get("account")), None)
        if chosen is not None:
            del request.session[PENDING_KEY]
            return _enter_portal(request, pending["claims"], pending["id_token"], chosen)
    return render(request, "accounts/choose_firm.html", {"choices": choices})


def _enter_portal(request: HttpRequest, claims: dict, id_token: str, account) -> HttpResponse:
    """Sign the client in to `account`'s portal: a welcome the first time, and back to the
    portal page that sent them to sign in, if one did."""
    first_time = account.status == account.Status.INVITED
    sign_in_client(request, claims=claims, id_token=id_token, account=account)
    if first_time:
        messages.success(
            request,
            f"Welcome to your client portal, {account.contact.display_name}. Here you can "
            f"follow your matters with {account.firm.name}, write to the firm and keep your "
            "details up to date.",
        )
    next_path = request.session.pop(NEXT_KEY, "")
    return redirect(next_path if next_path.startswith("/portal/") else "portal:home")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    principal = sign_out_session(request)
    return_to = settings.PORTICO_BASE_URL + reverse("accounts:signed_out")
    try:
        end_session = idp_client().load_server_metadata().get("end_session_endpoint")
    except RequestException:
        end_session = None
    if not end_session:
        return HttpResponseRedirect(return_to)
    params = {"post_logout_redirect_uri": return_to, "client_id": settings.IDP_CLIENT_ID}
    if principal is not None:
        params["id_token_hint"] = principal.id_token
    return HttpResponseRedirect(f"{end_session}?{urlencode(params)}")


@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")
