"""CORS for the endpoints browser apps call directly: /oauth/token, /oauth/revoke, /userinfo.

Only origins an application lists (web origins, or Auth0's "Allowed Origins (CORS)") get the
headers; any other origin gets none, so the browser keeps the answer from its page. A preflight
names no client, so any application's origin passes it; the real request is then held to the
origins of the application it names (its client_id, or the token's `azp` at /userinfo).
"""

import base64
import binascii
import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from oauth2_provider.utils import parse_bearer_token

from idp.oidc.queries import cors_origin_allowed
from idp.oidc.tokens import read_access_token, userinfo_audience

# auth0-spa-js sends Auth0-Client (its name and version, base64) with every token request.
ALLOWED_HEADERS = "Authorization, Content-Type, Auth0-Client"
PREFLIGHT_MAX_AGE = "600"

ClientOf = Callable[[HttpRequest], str | None]


def client_in_body(request: HttpRequest) -> str | None:
    """The client a token or revocation request names: Basic auth first, then the body."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[0] or None
    return request.POST.get("client_id") or None


def client_of_bearer(request: HttpRequest) -> str | None:
    raw = parse_bearer_token(request.headers.get("Authorization", ""))
    found = read_access_token(raw or "", audience=userinfo_audience())
    return found[0].get("azp") if found else None


def cors(methods: str, client_of: ClientOf) -> Callable:
    """Answer preflights and label answers for the listed origins of the calling app."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            origin = request.headers.get("Origin", "")
            if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method"):
                response = HttpResponse(status=204)
                if cors_origin_allowed(origin):
                    response["Access-Control-Allow-Origin"] = origin
                    response["Access-Control-Allow-Methods"] = methods
                    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
                    response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
                patch_vary_headers(response, ["Origin"])
                return response
            response = view(request, *args, **kwargs)
            # oauthlib labels some token answers itself; the decision is made here alone.
            if "Access-Control-Allow-Origin" in response:
                del response["Access-Control-Allow-Origin"]
            if origin and cors_origin_allowed(origin, client_of(request)):
                response["Access-Control-Allow-Origin"] = origin
            patch_vary_headers(response, ["Origin"])
            return response

        return wrapped

    return decorator
