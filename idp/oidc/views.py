"""DOT's views at Auth0's paths, with the few behaviours Auth0 has and DOT lacks."""

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from oauth2_provider.exceptions import InvalidOIDCClientError, InvalidOIDCRedirectURIError
from oauth2_provider.http import OAuth2ResponseRedirect
from oauth2_provider.models import get_application_model
from oauth2_provider.views import ConnectDiscoveryInfoView
from oauth2_provider.views import RevokeTokenView as DotRevokeTokenView
from oauth2_provider.views import RPInitiatedLogoutView as DotLogoutView
from oauth2_provider.views import TokenView as DotTokenView
from oauth2_provider.views import UserInfoView as DotUserInfoView

from idp.accounts.actions import end_sign_in, sign_out
from idp.oidc.authorize import RESPONSE_MODES
from idp.oidc.cors import client_in_body, client_of_bearer, cors
from idp.oidc.queries import application_for_client_id, logout_uri_registered
from idp.oidc.server import GRANT_TYPES
from idp.oidc.validators import OIDC_SCOPES, Auth0LikeValidator


class DiscoveryView(ConnectDiscoveryInfoView):
    """The OpenID Provider metadata, listing only what this service honours."""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        issuer = settings.IDP_ISSUER
        auth_methods = ["client_secret_basic", "client_secret_post", "none"]
        data = {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}authorize",
            "token_endpoint": f"{issuer}oauth/token",
            "userinfo_endpoint": f"{issuer}userinfo",
            "jwks_uri": f"{issuer}.well-known/jwks.json",
            "revocation_endpoint": f"{issuer}oauth/revoke",
            "end_session_endpoint": f"{issuer}oidc/logout",
            "scopes_supported": list(OIDC_SCOPES),
            "response_types_supported": ["code"],
            "response_modes_supported": list(RESPONSE_MODES[1:]),
            "grant_types_supported": list(GRANT_TYPES),
            "subject_types_supported": ["public"],
            # Every application registered here signs with RS256.
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": auth_methods,
            "revocation_endpoint_auth_methods_supported": auth_methods,
            "code_challenge_methods_supported": ["S256"],
            "prompt_values_supported": ["none", "login"],
            "claims_supported": sorted(Auth0LikeValidator().get_discovery_claims(request)),
            "request_parameter_supported": False,
            "request_uri_parameter_supported": False,
            "claims_parameter_supported": False,
            "backchannel_logout_supported": True,
            "backchannel_logout_session_supported": True,
        }
        response = JsonResponse(data)
        response["Access-Control-Allow-Origin"] = "*"
        return response


def _json_as_form(request: HttpRequest) -> QueryDict | None:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    form = QueryDict(mutable=True)
    for key, value in body.items():
        if value is None:
            continue
        form[key] = value if isinstance(value, str) else json.dumps(value)
    return form


class JsonBodyAsFormMixin:
    """Auth0 SDKs post JSON to /oauth/token and /oauth/revoke; DOT reads only form bodies
    (its JSON backend is deprecated), so the JSON object is handed on as a form."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST" and request.content_type == "application/json":
            form = _json_as_form(request)
            if form is None:
                return JsonResponse(
                    {"error": "invalid_request", "error_description": "Body is not a JSON object"},
                    status=400,
                )
            request.POST = form
            request.META["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        return super().dispatch(request, *args, **kwargs)


# Auth0's wording where it has one; a plain sentence otherwise. Token errors always carry a
# description, so a person reading an SDK's exception learns what went wrong.
TOKEN_ERROR_DESCRIPTIONS = {
    ("invalid_grant", "authorization_code"): "Invalid authorization code",
    ("invalid_grant", "refresh_token"): "Unknown or invalid refresh token.",
    ("invalid_grant", ""): "The grant is not valid, has expired or was already used.",
    ("invalid_client", ""): "Client authentication failed: check the client id and secret.",
    ("unauthorized_client", ""): "This application may not use this grant type.",
    ("unsupported_grant_type", ""): "This grant type is not supported.",
    ("invalid_scope", ""): "One of the requested scopes is not allowed.",
    ("invalid_request", ""): "The request is missing a parameter or has one that is not valid.",
    ("access_denied", ""): "Access was denied.",
}


def describe_token_error(response: HttpResponse, grant_type: str) -> HttpResponse:
    if response.status_code < 400 or response.get("Content-Type", "") != "application/json":
        return response
    try:
        body = json.loads(response.content)
    except ValueError:
        return response
    if not isinstance(body, dict) or not body.get("error") or body.get("error_description"):
        return response
    error = body["error"]
    body["error_description"] = TOKEN_ERROR_DESCRIPTIONS.get(
        (error, grant_type)
    ) or TOKEN_ERROR_DESCRIPTIONS.get((error, ""), "The request was refused.")
    response.content = json.dumps(body).encode()
    return response


@method_decorator(cors("POST", client_in_body), name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class TokenView(JsonBodyAsFormMixin, DotTokenView):
    """`/oauth/token`."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        grant_type = request.POST.get("grant_type", "")
        if grant_type.startswith("urn:ietf:params:oauth:grant-type:device_code"):
            # DOT reads the device code before oauthlib has checked the grant type; this
            # service does not offer the device flow at all.
            return JsonResponse(
                {
                    "error": "unsupported_grant_type",
                    "error_description": TOKEN_ERROR_DESCRIPTIONS[("unsupported_grant_type", "")],
                },
                status=400,
            )
        response = super().post(request, *args, **kwargs)
        return describe_token_error(response, grant_type)


@method_decorator(cors("POST", client_in_body), name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class RevokeTokenView(JsonBodyAsFormMixin, DotRevokeTokenView):
    """`/oauth/revoke`: revokes refresh tokens (Auth0's semantics). Access tokens are JWTs
    that APIs check on their own; see Auth0LikeValidator.revoke_token."""


@method_decorator(cors("GET, POST", client_of_bearer), name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class UserInfoView(DotUserInfoView):
    """`/userinfo`."""


class OidcLogoutView(DotLogoutView):
    """`/oidc/logout`: ends the idp session without asking, like Auth0."""

    template_name = "idp/oidc/logout_error.html"

    def must_prompt(self, token_user) -> bool:
        return False

    def get_request_application(self, id_token, client_id):
        if client_id:
            application = application_for_client_id(client_id)
            if application is None:
                raise InvalidOIDCClientError()
            return application
        return id_token.application if id_token else None

    def validate_post_logout_redirect_uri(self, application, post_logout_redirect_uri) -> None:
        # DOT would let any port through on 127.0.0.1 and refuse http for public clients;
        # Auth0 matches the registered URL exactly, whatever the application's type.
        if not post_logout_redirect_uri:
            return
        if application is None:
            raise InvalidOIDCClientError()
        if not logout_uri_registered(application, post_logout_redirect_uri):
            raise InvalidOIDCRedirectURIError(
                "This client does not have this redirect uri registered."
            )

    def do_logout(
        self, application=None, post_logout_redirect_uri=None, state=None, token_user=None
    ):
        end_sign_in(self.request)
        return super().do_logout(application, post_logout_redirect_uri, state, token_user)


def _logout_target_allowed(return_to: str, client_id: str) -> tuple[bool, Any]:
    if client_id:
        application = application_for_client_id(client_id)
        if application is None:
            return False, None
        return logout_uri_registered(application, return_to), application
    # Without client_id Auth0 checks the tenant-wide list; ours is every app's list.
    for application in get_application_model().objects.exclude(post_logout_redirect_uris=""):
        if logout_uri_registered(application, return_to):
            return True, application
    return False, None


@never_cache
@require_GET
def v2_logout(request: HttpRequest) -> HttpResponse:
    """`/v2/logout?returnTo=&client_id=`: Auth0's older logout endpoint."""
    return_to = request.GET.get("returnTo", "")
    client_id = request.GET.get("client_id", "")
    sign_out(request)
    if not return_to:
        return render(request, "idp/oidc/signed_out.html")
    allowed, application = _logout_target_allowed(return_to, client_id)
    if not allowed:
        return render(
            request,
            "idp/oidc/logout_error.html",
            {"message": "You are signed out, but the page to return to is not allowed here."},
            status=400,
        )
    return OAuth2ResponseRedirect(return_to, application.get_allowed_schemes())


AVATAR_COLOURS = ("#1d4ed8", "#047857", "#b45309", "#7c3aed", "#be123c", "#0e7490")


@require_GET
def avatar(request: HttpRequest, initials: str) -> HttpResponse:
    """The `picture` claim's default: a circle with the person's initials. Auth0 links to
    Gravatar instead, which would tell a third party who signs in to a law firm's portal."""
    text = "".join(char for char in initials if char.isalpha())[:2].upper() or "?"
    colour = AVATAR_COLOURS[sum(map(ord, text)) % len(AVATAR_COLOURS)]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" '
        f'role="img" aria-label="{escape(text)}"><circle cx="48" cy="48" r="48" fill="{colour}"/>'
        '<text x="48" y="48" dy=".35em" text-anchor="middle" fill="#fff" '
        f'font-family="system-ui, sans-serif" font-size="40">{escape(text)}</text></svg>'
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    # Served to other sites' <img> tags.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
