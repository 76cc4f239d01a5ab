"""DOT's views at Auth0's paths, with the few behaviours Auth0 has and DOT lacks."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from oauth2_provider.exceptions import InvalidOIDCClientError, OAuthToolkitError
from oauth2_provider.http import OAuth2ResponseRedirect
from oauth2_provider.models import get_application_model
from oauth2_provider.views import AuthorizationView, ConnectDiscoveryInfoView
from oauth2_provider.views import RevokeTokenView as DotRevokeTokenView
from oauth2_provider.views import RPInitiatedLogoutView as DotLogoutView
from oauth2_provider.views import TokenView as DotTokenView
from oauthlib.common import add_params_to_uri

from idp.accounts.actions import current_sign_in, forget_sign_in_session, sign_out
from idp.oidc.queries import api_for_audience, application_for_client_id


class DiscoveryView(ConnectDiscoveryInfoView):
    """DOT's document, trimmed to what this idp accepts and with Auth0's revocation URL."""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        data = json.loads(response.content)
        issuer = data["issuer"]
        data.update(
            {
                "revocation_endpoint": f"{issuer}oauth/revoke",
                "grant_types_supported": ["authorization_code", "client_credentials"],
                "response_modes_supported": ["query"],
                "code_challenge_methods_supported": ["S256"],
                "request_parameter_supported": False,
                # Every application registered here signs with RS256.
                "id_token_signing_alg_values_supported": ["RS256"],
                "claims_supported": sorted(data["claims_supported"]),
            }
        )
        updated = JsonResponse(data)
        updated["Access-Control-Allow-Origin"] = "*"
        return updated


class AuthorizeView(AuthorizationView):
    """`/authorize`. Anonymous visitors go to the sign-in page and come back here."""

    template_name = "idp/oidc/authorize.html"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            _scopes, credentials = self.validate_authorization_request(request)
        except OAuthToolkitError as error:
            return self.error_response(error, application=None)
        # Past this point client_id and redirect_uri are known good, so errors may redirect.
        application = application_for_client_id(credentials["client_id"])
        if request.user.blocked:
            return self._refuse(credentials, application, "unauthorized", "user is blocked")
        audience = request.GET.get("audience", "")
        if audience and api_for_audience(audience) is None:
            return self._refuse(
                credentials, application, "access_denied", f"Service not found: {audience}"
            )
        return super().get(request, *args, **kwargs)

    def _refuse(
        self, credentials: dict[str, Any], application, error: str, description: str
    ) -> HttpResponse:
        params = [("error", error), ("error_description", description)]
        if credentials.get("state"):
            params.append(("state", credentials["state"]))
        return self.redirect(add_params_to_uri(credentials["redirect_uri"], params), application)

    def create_authorization_response(self, request, scopes, credentials, allow):
        sid, auth_time = current_sign_in(request)
        audience = request.GET.get("audience") or request.POST.get("audience") or ""
        # oauthlib copies credentials onto its request; the validator saves these with the code.
        credentials = {
            **credentials,
            "idp_sid": sid,
            "idp_auth_time": auth_time,
            "idp_audience": audience,
        }
        return super().create_authorization_response(request, scopes, credentials, allow)


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

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.content_type == "application/json":
            form = _json_as_form(request)
            if form is None:
                return JsonResponse(
                    {"error": "invalid_request", "error_description": "Body is not a JSON object"},
                    status=400,
                )
            request.POST = form
            request.META["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        return super().post(request, *args, **kwargs)


class TokenView(JsonBodyAsFormMixin, DotTokenView):
    """`/oauth/token`."""


class RevokeTokenView(JsonBodyAsFormMixin, DotRevokeTokenView):
    """`/oauth/revoke`."""


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

    def do_logout(
        self, application=None, post_logout_redirect_uri=None, state=None, token_user=None
    ):
        forget_sign_in_session(self.request)
        return super().do_logout(application, post_logout_redirect_uri, state, token_user)


def _logout_target_allowed(return_to: str, client_id: str) -> tuple[bool, Any]:
    if client_id:
        application = application_for_client_id(client_id)
        if application is None:
            return False, None
        return application.post_logout_redirect_uri_allowed(return_to), application
    # Without client_id Auth0 checks the tenant-wide list; ours is every app's list.
    for application in get_application_model().objects.exclude(post_logout_redirect_uris=""):
        if application.post_logout_redirect_uri_allowed(return_to):
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
