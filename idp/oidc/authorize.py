"""`/authorize`: DOT's view with what Auth0 adds for browser apps.

- `prompt=none` answers `login_required` (or a code) instead of showing the sign-in page.
- `response_mode=web_message` answers with a page that posts the result to the window that
  opened it (a popup's opener, or a hidden iframe's parent), framed only by the application's
  web origins. auth0-spa-js uses it for `getTokenSilently` and `loginWithPopup`.
"""

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.csp import CSP
from django.views.generic import View
from oauth2_provider.exceptions import OAuthToolkitError
from oauth2_provider.views import AuthorizationView
from oauthlib.common import add_params_to_uri

from idp.accounts.actions import current_sign_in
from idp.oidc.queries import api_for_audience, application_for_client_id, origin_of, web_origins

WEB_MESSAGE = "web_message"
RESPONSE_MODES = ("", "query", WEB_MESSAGE)
# The parameters an authorization response carries; anything else in the URL stays out of the
# message.
RESPONSE_KEYS = ("code", "state", "error", "error_description")


def wants_popup_or_frame(params) -> bool:
    return params.get("response_mode") == WEB_MESSAGE


def allow_opener(response: HttpResponse) -> HttpResponse:
    """A popup that signs someone in must keep `window.opener` to post its answer back, which
    `Cross-Origin-Opener-Policy: same-origin` (the default everywhere else) would sever."""
    response["Cross-Origin-Opener-Policy"] = "unsafe-none"
    return response


class AuthorizeView(AuthorizationView):
    """Anonymous visitors go to the sign-in page and come back here, unless `prompt=none`."""

    template_name = "idp/oidc/authorize.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.oauth2_data = {}
        params = request.GET if request.method == "GET" else request.POST
        self.response_mode = params.get("response_mode", "")
        if request.method != "GET" and not request.user.is_authenticated:
            response = self.handle_no_permission()
        else:
            # DOT's LoginRequiredMixin would send everyone anonymous to the sign-in page before
            # the request is even checked; `get` decides instead (prompt=none must not).
            response = View.dispatch(self, request, *args, **kwargs)
        if wants_popup_or_frame(params):
            allow_opener(response)
        return response

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            _scopes, credentials = self.validate_authorization_request(request)
        except OAuthToolkitError as error:
            return self.error_response(error, application=self._requested_application())
        except ValueError:
            # oauthlib refuses a query it cannot decode (a stray "%"); so do we, plainly.
            return self._error_page("The address of this page is damaged.")
        # Past this point client_id and redirect_uri are known good, so errors may redirect.
        application = application_for_client_id(credentials["client_id"])
        if self.response_mode not in RESPONSE_MODES:
            self.response_mode = ""
            return self._refuse(
                credentials,
                application,
                "invalid_request",
                "response_mode must be query or web_message.",
            )
        if self.response_mode == WEB_MESSAGE:
            refused = self._unlisted_origin(application, credentials["redirect_uri"])
            if refused:
                return refused
        prompt = set(request.GET.get("prompt", "").split())
        if "none" in prompt and not request.user.is_authenticated:
            return self._refuse(credentials, application, "login_required", "Login required")
        if not request.user.is_authenticated:
            if "login" in prompt:
                return self.handle_prompt_login()
            return self.handle_no_permission()
        if request.user.blocked:
            return self._refuse(credentials, application, "unauthorized", "user is blocked")
        audience = request.GET.get("audience", "")
        if audience and api_for_audience(audience) is None:
            return self._refuse(
                credentials, application, "access_denied", f"Service not found: {audience}"
            )
        return super().get(request, *args, **kwargs)

    def _unlisted_origin(self, application, redirect_uri: str) -> HttpResponse | None:
        """web_message hands the answer to a page's script, so that page's origin must be
        one the application lists (Auth0's Allowed Web Origins)."""
        if origin_of(redirect_uri) in web_origins(application):
            return None
        return self._error_page(
            "The page asking to sign you in is not registered with this service as a web "
            "origin of the application."
        )

    def _error_page(self, description: str) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {"error": {"error": "invalid_request", "description": description}},
            status=400,
        )

    def _requested_application(self):
        return application_for_client_id(self.request.GET.get("client_id", ""))

    def _refuse(
        self, credentials: dict[str, Any], application, error: str, description: str
    ) -> HttpResponse:
        params = [("error", error), ("error_description", description)]
        if credentials.get("state"):
            params.append(("state", credentials["state"]))
        return self.redirect(add_params_to_uri(credentials["redirect_uri"], params), application)

    def redirect(self, redirect_to: str, application) -> HttpResponse:
        """Every answer that goes back to the application passes here."""
        if self.response_mode != WEB_MESSAGE:
            return super().redirect(redirect_to, application)
        application = application or self._requested_application()
        origins = web_origins(application)
        target = origin_of(redirect_to)
        if target not in origins:
            return render(
                self.request,
                self.template_name,
                {
                    "error": {
                        "error": "invalid_request",
                        "description": (
                            "The page asking to sign you in is not registered with this "
                            "service as a web origin of the application."
                        ),
                    }
                },
                status=400,
            )
        query = dict(parse_qsl(urlsplit(redirect_to).query, keep_blank_values=True))
        message = {
            "origin": target,
            "response": {key: query[key] for key in RESPONSE_KEYS if key in query},
        }
        response = render(self.request, "idp/oidc/web_message.html", {"message": message})
        response.xframe_options_exempt = True
        response._csp_config = {
            "default-src": [CSP.NONE],
            "script-src": [CSP.NONCE],
            "base-uri": [CSP.NONE],
            "frame-ancestors": origins,
        }
        response["Cache-Control"] = "no-store"
        return response

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
